"""What a member's numbers are now: their stored standing (services.standing).

A read finds the standing `rules` computed at the member's last change. When time has moved
past its validity (the next local midnight, a PLUS boundary), it is brought forward first:
`sync_points` recomputes it and writes what fell due (such as expiry) to the ledger, in the
caller's transaction, or in a short write transaction of its own when the caller only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

import rules
from member_app.models import Member, id_of
from member_app.services.bubbles import bubbles_view
from member_app.services.members import find_member
from member_app.services.points import sync_points
from member_app.services.programmes import in_force
from member_app.services.standing import fresh_standing
from member_app.services.unit import run_in_transaction


@dataclass(frozen=True)
class Overview:
    member: Member
    program: rules.Program
    assessment: rules.Assessment


def current_standing(*, session: Session, member: Member, now: datetime) -> rules.Assessment:
    """The member's standing at `now`: the stored one while valid, else brought forward.

    The answer has no FIFO lots and no per-event trace (the standing does not keep them)."""
    found = fresh_standing(session=session, member_id=id_of(member), now=now)
    if found is not None:
        return found
    if not session.info.get("read_only"):
        return sync_points(session=session, member=member, now=now)
    engine: Engine = session.info["write_engine"]
    return run_in_transaction(engine, lambda writing: sync_points(
        session=writing, member=_same_member(writing, member), now=now))


def _same_member(session: Session, member: Member) -> Member:
    found = session.get(Member, member.id)
    if found is None:  # members are never deleted; a vanished row is a broken database
        raise LookupError(f"member {member.id} disappeared")
    return found


def member_overview(*, session: Session, member_ref: int | str, now: datetime) -> Overview:
    member = find_member(session=session, ref=member_ref)
    program = in_force(session=session, code=member.program, at=now)
    assessment = current_standing(session=session, member=member, now=now)
    return Overview(member=member, program=program, assessment=assessment)


def me_summary(*, session: Session, member: Member, now: datetime) -> dict[str, Any]:
    """The SPEC 10 object for this member at `now` (balance after spending), plus
    `expiring: [{points, on}]` (points leaving within the program's warning days) and `debt`
    (points owed after a late refund, SPEC 6; 0 when none); Alipay also `bubbles` (the
    subsidy waiting to be collected, whose sum is `points_pending`)."""
    assessment = current_standing(session=session, member=member, now=now)
    body = rules.summary(assessment)
    body["member"] = {"id": member.id, "username": member.username}
    body["expiring"] = [{"points": points, "on": day.isoformat()}
                        for points, day in assessment.expiring]
    body["debt"] = assessment.points.debt
    if assessment.program == "alipay":  # SPEC 13 collect-to-claim: what waits to be tapped
        body["bubbles"] = bubbles_view(assessment)
    return body


def demo_usernames(*, session: Session) -> list[tuple[str, str]]:
    """(username, program) of every demo member, program by program."""
    rows = session.exec(
        select(Member.username, Member.program).where(Member.is_demo).order_by(col(Member.id))
    ).all()
    return [(username, program) for username, program in rows]
