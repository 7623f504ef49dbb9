"""A member changes their password: every session they have ends (issue #12, finding 6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col

from member_app.db import read_transaction
from member_app.errors import Unauthorized
from member_app.models import Member
from member_app.services.auth import authenticate
from member_app.services.members import new_password_hash
from member_app.services.sessions import close_every_session


def change_password(*, engine: Engine | None, member_id: int, current: str, new: str,
                    now: datetime, client: str) -> int:
    """Stores `new` if `current` is the member's password; how many sessions it ended.

    The current password is checked as a login is (same limits and delay), so a stolen token
    does not become a way to guess it; a wrong one is 401 and changes nothing. The new hash
    is computed before any transaction opens (argon2 is slow on purpose)."""
    hashed = new_password_hash(new)
    with read_transaction(engine) as session:
        member = session.get(Member, member_id)
        if member is None:
            raise Unauthorized("invalid token", code="invalid_token")
        username = member.username

    def store(session: Session, member: Member) -> int:
        session.execute(update(Member).where(col(Member.id) == member.id)
                        .values(password_hash=hashed))
        return close_every_session(session=session, member_id=member_id, now=now)

    return authenticate(engine=engine, username=username, password=current, now=now,
                        client=client, on_success=store)
