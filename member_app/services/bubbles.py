"""Collect-to-claim (SPEC 13, Alipay): the member taps a subsidy bubble to collect it.

rules decides what a collection does (rules.bubbles: what is on offer, when it lapses, what a
refund takes back). Here: recording the tap.

- **Safe to tap twice, on any device.** The collection is a `points_collected` event whose id
  is the member and the bubble, so a double tap, a retry after a lost answer or two tabs at
  once record one event and credit once: the bubble's id, known before the tap, is the
  idempotency key. The event and its lot land in one transaction under the member's lock.
- A tap on a bubble that is no longer waiting answers 409 `nothing_to_collect` (it lapsed, a
  refund took it, or it never existed); the member's own earlier collection of it answers 200
  with `already: true` and nothing more, as a second sign-in the same day does.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlmodel import Session

import rules
from member_app.errors import Conflict, InvalidInput
from member_app.models import Event, Member, id_of
from member_app.services.events import record_event
from member_app.services.points import locked_standing, sync_points
from member_app.services.programmes import in_force
from rules.events import MAX_ID_LENGTH


def collection_event_id(member: Member, bubble: str) -> str:
    """`collect:<member>:<bubble>`, or the bubble's sha256 where that would pass the id limit."""
    event_id = f"collect:{id_of(member)}:{bubble}"
    if len(event_id) <= MAX_ID_LENGTH:
        return event_id
    return f"collect:{id_of(member)}:sha256:{hashlib.sha256(bubble.encode()).hexdigest()[:40]}"


def bubbles_view(assessment: rules.Assessment) -> list[dict[str, Any]]:
    """The waiting bubbles as the API shows them, oldest first."""
    return [{"bubble": b.bubble, "source": b.source, "points": b.points,
             "offered_on": b.offered_on.isoformat(), "last_day": b.last_day.isoformat()}
            for b in assessment.bubbles]


def collect_bubble(*, session: Session, member: Member, bubble: str,
                   now: datetime) -> dict[str, Any]:
    """200 {bubble, points, balance, already, pending}; 409 `bubbles_not_offered` outside
    Alipay, 409 `nothing_to_collect` when the bubble is not waiting (see the docstring);
    422 for an id no event can have (a NUL, blank, too long)."""
    if not isinstance(bubble, str) or not bubble.strip() or len(bubble) > MAX_ID_LENGTH \
            or "\x00" in bubble:
        raise InvalidInput("bubble: the id of the event that offered it (1-128 characters)")
    if in_force(session=session, code=member.program, at=now).engine != "alipay":
        raise Conflict("points bubbles are Alipay's: this programme credits its subsidy at once",
                       code="bubbles_not_offered")
    standing = locked_standing(session=session, member=member, now=now)
    event_id = collection_event_id(member, bubble)
    waiting = next((b for b in standing.bubbles if b.bubble == bubble), None)
    if waiting is None:
        mine = session.get(Event, event_id)
        if mine is not None and mine.member_id == id_of(member):
            return {"bubble": bubble, "points": 0, "balance": standing.points_balance,
                    "already": True, "pending": standing.points_pending}
        raise Conflict(f"no bubble {bubble[:40]!r} waiting to be collected: it lapsed, a refund "
                       "took it, or there is none", code="nothing_to_collect")
    # Dated no earlier than the standing it collects from (another worker's clock may be
    # ahead) nor than the offer: rules credits a collection only from its offer on.
    at = max(now, standing.at, waiting.offered_at)
    event = rules.parse_event({"id": event_id, "type": "points_collected",
                               "at": at.isoformat(), "bubble": bubble})
    record_event(session=session, member=member, event=event, now=now)
    after = sync_points(session=session, member=member, now=at)
    lot = next((lot for lot in after.points.lots if lot.key == event_id), None)
    if lot is None:  # never keep a collection that collected nothing: it would block the tap
        raise Conflict(f"bubble {bubble[:40]!r} could not be collected now; try again",
                       code="nothing_to_collect")
    return {"bubble": bubble, "points": lot.amount, "balance": after.points_balance,
            "already": False, "pending": after.points_pending}
