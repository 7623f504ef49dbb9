"""The daily sign-in (SPEC 5): one per local day, rewarded by the program's streak table.

The sign-in is stored as a `signed_in` event whose id is derived from the member and the local
day, so a double click (or two devices at once) is one event; its reward reaches the ledger
through the points sync, which rules computes from the streak (`rules.sign_in_reward`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

import rules
from member_app.models import Member, id_of
from member_app.services.events import record_event
from member_app.services.points import lock_account, sync_points


@dataclass(frozen=True)
class SignIn:
    signed_in: bool  # the member is signed in for today (now or earlier)
    already: bool  # this call changed nothing: today was already signed
    streak: int
    reward: int  # points this call earned (0 when already)
    to_collect: bool = False  # Alipay: the reward waits as a bubble to tap (SPEC 13)


def sign_in_event_id(member: Member, day: object) -> str:
    return f"signin:{member.id}:{day}"


def sign_in(*, session: Session, member: Member, now: datetime) -> SignIn:
    program = rules.load_program(member.program)
    today = rules.local_date(program, now)
    event_id = sign_in_event_id(member, today)
    lock_account(session=session, member_id=id_of(member))  # one sign-in of this member at a time
    event = rules.parse_event({"id": event_id, "type": "signed_in", "at": now.isoformat()})
    created = record_event(session=session, member=member, event=event, now=now)
    assessment = sync_points(session=session, member=member, now=now)
    lot = next((lot for lot in assessment.points.lots if lot.key == event_id), None)
    bubble = next((b for b in assessment.bubbles if b.bubble == event_id), None)
    earned = lot.amount if lot else bubble.points if bubble else 0
    # Our event may be new while the day was already signed by a platform event: rules
    # counts the first sign-in of a day only, so "already" is whether ours earned the lot
    # (or, in Alipay, offered the day's bubble).
    counted = created and earned > 0
    return SignIn(signed_in=True, already=not counted, streak=assessment.streak.current,
                  reward=earned if counted else 0, to_collect=counted and bubble is not None)
