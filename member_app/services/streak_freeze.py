"""Streak freezes (SPEC 13): a member keeps their streak over one missed local day a month.

rules decides what a freeze does (rules.streaks: a `streak_frozen` event forgives a missed
day, one a calendar month). Here: when one is offered, and what it costs.

- **What it covers: yesterday.** A freeze is offered the day after a missed day, while the
  streak it saves is still there to save: yesterday is not signed, not forgiven, no day of
  its month is forgiven yet, and forgiving it makes the current streak longer (rules says so,
  computed with and without it). A streak broken for two days or more cannot be saved with
  one day a month, so nothing older is offered.
- **What it costs** is programme data (`[streak_freeze]`, so a version can change it): JD
  gives it to PLUS members as a perk (free, only while PLUS is active); Fliggy and Alipay
  sell it for `price_points`. It is bought at the moment it is needed, on the sign-in
  calendar, rather than kept in stock from the catalog: a stored stock of freezes per
  member would be a second balance with its own ledger, for no gain to the member.
- **Safe to tap twice.** The use case runs under the member's lock with an Idempotency-Key
  (SPEC 11), and the event's id is the member and the day it covers, so a freeze is recorded
  once and paid once whatever the client repeats. Points and the event land in one
  transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

import rules
from member_app.errors import Conflict
from member_app.models import Member, id_of
from member_app.services.coupons import plus_active
from member_app.services.events import record_event
from member_app.services.idempotency import Outcome, run_once
from member_app.services.overview import current_standing
from member_app.services.points import locked_standing, spend, sync_points
from member_app.services.programmes import in_force

SCOPE = "streak_freeze"


@dataclass(frozen=True)
class FreezeOffer:
    covers: date  # the missed day it forgives (yesterday, local)
    price_points: int  # 0: a PLUS perk
    saves: int  # the streak it keeps (today's current streak with the day forgiven)


def freeze_offer(*, session: Session, member: Member, now: datetime,
                 assessment: rules.Assessment | None = None) -> FreezeOffer | None:
    """The freeze this member can use now, or None (see the module docstring)."""
    program = in_force(session=session, code=member.program, at=now)
    terms = program.streak_freeze
    if terms.plus_perk:
        if not plus_active(session, id_of(member), now):
            return None
        price = 0
    elif terms.price_points:
        price = terms.price_points
    else:
        return None
    standing = assessment or current_standing(session=session, member=member, now=now)
    saves = _saves(program, standing.streak)
    return FreezeOffer(standing.streak.today - timedelta(days=1), price, saves) if saves else None


def _saves(program: rules.Program, streak: rules.Streak) -> int:
    """The current streak with yesterday forgiven, when that is longer than without; else 0."""
    yesterday = streak.today - timedelta(days=1)
    if yesterday in streak.dates or streak.frozen_in_month(yesterday.year, yesterday.month):
        return 0
    kept = rules.streak(program, streak.dates, streak.today, (*streak.frozen, yesterday))
    return kept.current if kept.current > streak.current else 0


def use_streak_freeze(*, session: Session, member: Member, idempotency_key: str | None,
                      now: datetime) -> Outcome:
    """201 {covers, price_points, balance, streak}; 409 `nothing_to_freeze` when no freeze is
    offered (see `freeze_offer`: nothing missed, already used this month, JD without PLUS),
    409 `insufficient_points`. The same key again replays the first answer."""
    return run_once(session=session, member=member, key=idempotency_key, scope=SCOPE,
                    params={}, now=now, status=201, action=lambda: _use(session, member, now))


def _use(session: Session, member: Member, now: datetime) -> dict[str, Any]:
    standing = locked_standing(session=session, member=member, now=now)
    offer = freeze_offer(session=session, member=member, now=now, assessment=standing)
    if offer is None:
        raise Conflict("no streak freeze to use: nothing missed yesterday that it would save, "
                       "this month's is used, or (JD) it is a PLUS perk",
                       code="nothing_to_freeze")
    event_id = f"freeze:{id_of(member)}:{offer.covers.isoformat()}"
    if offer.price_points:
        spend(session=session, member=member, points=offer.price_points, reason="streak_freeze",
              ref=event_id, now=now)
    event = rules.parse_event({"id": event_id, "type": "streak_frozen", "at": now.isoformat(),
                               "date": offer.covers.isoformat()})
    record_event(session=session, member=member, event=event, now=now)
    after = sync_points(session=session, member=member, now=now)
    return {"covers": offer.covers.isoformat(), "price_points": offer.price_points,
            "balance": after.points_balance, "streak": after.streak.current}
