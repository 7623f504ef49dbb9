"""A member changes their password: every session they have ends (issue #12, finding 6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col

from member_app.models import Member, id_of
from member_app.services.auth import authenticate
from member_app.services.members import new_password_hash
from member_app.services.sessions import close_every_session


def change_password(*, engine: Engine | None, member: Member, current: str, new: str,
                    now: datetime, client: str) -> int:
    """Stores `new` if `current` is the member's password; how many sessions it ended.

    The current password is checked as a login is (same limits and delay), so a stolen token
    does not become a way to guess it; a wrong one is 401 and changes nothing. The new hash
    is computed before any transaction opens (argon2 is slow on purpose)."""
    hashed = new_password_hash(new)
    member_id = id_of(member)

    def store(session: Session, _checked: Member) -> int:
        session.execute(update(Member).where(col(Member.id) == member_id)
                        .values(password_hash=hashed))
        return close_every_session(session=session, member_id=member_id, now=now)

    return authenticate(engine=engine, username=member.username, password=current, now=now,
                        client=client, on_success=store)
