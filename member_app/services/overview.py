"""What a member's numbers are now: their stored events run through `rules`.

The points side includes spending: the ledger is synced first (`sync_points`), so
`assessment.points_balance` is the balance after spending and PLUS periods count. That writes
ledger entries when something is due (credits, expiry): call it inside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

import rules
from member_app.models import Member
from member_app.services.members import find_member
from member_app.services.points import sync_points


@dataclass(frozen=True)
class Overview:
    member: Member
    program: rules.Program
    assessment: rules.Assessment


def member_overview(*, session: Session, member_ref: int | str, now: datetime) -> Overview:
    member = find_member(session=session, ref=member_ref)
    program = rules.load_program(member.program)
    assessment = sync_points(session=session, member=member, now=now)
    return Overview(member=member, program=program, assessment=assessment)


def me_summary(*, session: Session, member: Member, now: datetime) -> dict[str, Any]:
    """The SPEC 10 object for this member at `now` (balance after spending), plus
    `expiring: [{points, on}]` (points leaving within the program's warning days)."""
    assessment = sync_points(session=session, member=member, now=now)
    body = rules.summary(assessment)
    body["member"] = {"id": member.id, "username": member.username}
    body["expiring"] = [{"points": points, "on": day.isoformat()}
                        for points, day in assessment.expiring]
    return body


def demo_usernames(*, session: Session) -> list[tuple[str, str]]:
    """(username, program) of every demo member, program by program."""
    rows = session.exec(
        select(Member.username, Member.program).where(Member.is_demo).order_by(Member.id)
    ).all()
    return [(username, program) for username, program in rows]
