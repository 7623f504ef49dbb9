"""Sessions kept on the server: what a member token stands for (issue #12, finding 6).

A member token is a short JWT (an hour) naming a session (`sid`). The session row decides:
logout revokes it, a password change revokes all of the member's, and it ends
`SESSION_LIFETIME` after login however often its tokens are refreshed (a refreshed token never
outlives its session). A stolen token therefore dies at logout, at a password change, or a
week after the login at the latest, instead of being refreshable forever.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col

from member_app.errors import Unauthorized
from member_app.models import Member, MemberSession, id_of
from member_app.services import auth

SESSION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class SignedIn:
    """A member and the session their token names."""

    member: Member
    session: MemberSession


def open_session(*, session: Session, member: Member, now: datetime) -> SignedIn:
    """A new session for a member who has just proved who they are (the caller checked)."""
    row = MemberSession(id=secrets.token_hex(16), member_id=id_of(member), created_at=now,
                        expires_at=now + SESSION_LIFETIME)
    session.add(row)
    session.flush()
    return SignedIn(member=member, session=row)


def token_for(*, signed_in: SignedIn, now: datetime) -> str:
    """A member token for this session: an hour, but never past the session's end."""
    return auth.issue_member_token(member=signed_in.member, session_id=signed_in.session.id,
                                   now=now, not_after=signed_in.session.expires_at)


def signed_in_by(*, session: Session, token: str, now: datetime) -> SignedIn:
    """The member and live session a member token names; Unauthorized otherwise (revoked or
    ended sessions, tokens without one, a deleted member)."""
    member_id, session_id = auth.member_token_claims(token=token, now=now)
    row = session.get(MemberSession, session_id)
    if (row is None or row.member_id != member_id or row.revoked_at is not None
            or row.expires_at <= now):
        raise Unauthorized("this session has ended; log in again", code="session_ended")
    member = session.get(Member, member_id)
    if member is None:
        raise Unauthorized("invalid token", code="invalid_token")
    return SignedIn(member=member, session=row)


def member_from_token(*, session: Session, token: str, now: datetime) -> Member:
    """The member a valid member token names, its session live; Unauthorized otherwise."""
    return signed_in_by(session=session, token=token, now=now).member


def close_session(*, session: Session, session_id: str, now: datetime) -> None:
    """Logout: the session's tokens stop working at once (idempotent)."""
    session.execute(update(MemberSession)
                    .where(col(MemberSession.id) == session_id,
                           col(MemberSession.revoked_at).is_(None))
                    .values(revoked_at=now))


def close_every_session(*, session: Session, member_id: int, now: datetime) -> int:
    """A password change: every session of the member ends; how many were open."""
    result = session.execute(update(MemberSession)
                             .where(col(MemberSession.member_id) == member_id,
                                    col(MemberSession.revoked_at).is_(None),
                                    col(MemberSession.expires_at) > now)
                             .values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)
