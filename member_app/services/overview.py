"""What a member's numbers are now: their stored events run through `rules`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

import rules
from member_app.models import Member
from member_app.services.events import member_events
from member_app.services.members import find_member


@dataclass(frozen=True)
class Overview:
    member: Member
    program: rules.Program
    assessment: rules.Assessment


def member_overview(*, session: Session, member_ref: int | str, now: datetime) -> Overview:
    member = find_member(session=session, ref=member_ref)
    program = rules.load_program(member.program)
    events = member_events(session=session, member_id=member.id)
    return Overview(member=member, program=program, assessment=rules.assess(program, events, now))


def demo_usernames(*, session: Session) -> list[tuple[str, str]]:
    """(username, program) of every demo member, program by program."""
    rows = session.exec(
        select(Member.username, Member.program).where(Member.is_demo).order_by(Member.id)
    ).all()
    return [(username, program) for username, program in rows]
