"""Who is calling: passwords, JWTs for members and for the commerce platform, login limits.

Tokens are JWTs signed HS256 with one secret (env `MEMBER_APP_SECRET`, or generated once into
`<data dir>/secret.key`, mode 0600). Decoding pins `algorithms=["HS256"]` (python-jose would
otherwise accept e.g. a token "signed" with a public key, or `alg: none`), requires `exp`, `sub`
and `aud`, and checks the audience: a member token is refused where a platform token is needed
and the reverse. Platform tokens are JWTs too (audience `member_app:platform`, one year): nothing
to store, and rotating the secret revokes every token at once.

Failed logins are rows in `login_attempt` (so the limit holds across workers): at most
5 failures per username and 20 per client address in 5 minutes, then 429 until they age out.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from jose import JWTError, jwt
from sqlalchemy import Engine, delete, func, insert
from sqlmodel import Session, col, select

from member_app.db import read_transaction
from member_app.errors import Forbidden, RateLimited, Unauthorized
from member_app.models import LoginAttempt, Member
from member_app.security import verify_password
from member_app.services.members import MAX_MEMBER_ID, is_ascii_number
from member_app.services.unit import run_in_transaction
from member_app.settings import load_settings

ALGORITHM = "HS256"
ISSUER = "member_app"
MEMBER_AUDIENCE = "member_app:member"
PLATFORM_AUDIENCE = "member_app:platform"
MEMBER_TOKEN_TTL = timedelta(hours=1)
PLATFORM_TOKEN_TTL = timedelta(days=365)
LONGEST_TOKEN_TTL = max(MEMBER_TOKEN_TTL, PLATFORM_TOKEN_TTL)  # an `exp` beyond it: not ours
FAILURE_WINDOW = timedelta(minutes=5)
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_CLIENT = 20
MAX_SECRET_INPUT = 4096  # longer credentials are refused before any hashing work


@cache
def token_secret() -> str:
    from_env = os.environ.get("MEMBER_APP_SECRET")
    if from_env:
        return from_env
    path = load_settings().data_dir / "secret.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:  # first process to get here writes it; others read it
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def authenticate(*, engine: Engine | None, username: str, password: str, now: datetime,
                 client: str) -> Member:
    """The member whose credentials these are, or Unauthorized / RateLimited.

    Three steps, so that the deliberately slow argon2 check holds no lock (on SQLite a write
    transaction is the database's one write lock; eight failed logins used to stall every
    other member's writes): the rate limit and the stored hash are read in a read-only
    transaction, the password is checked with no transaction open, then the outcome is
    recorded in a short write of its own, committed before Unauthorized is raised. Logins
    racing past the limit at the same instant can exceed it by at most their number.
    """
    # PostgreSQL text cannot hold NUL: such a name (no member's, usernames are a-z0-9_) is
    # looked up and counted with U+FFFD in its place, instead of failing the query (a 500).
    username = str(username)[:64].replace("\x00", "\ufffd")
    client = str(client or "unknown")[:64]
    with read_transaction(engine) as session:
        _check_rate(session, username, client, now)
        member = None
        if len(password) <= MAX_SECRET_INPUT:
            member = session.exec(select(Member).where(Member.username == username)).first()
    known = verify_password(password[:MAX_SECRET_INPUT],
                            member.password_hash if member else None) and member is not None

    def record(session: Session) -> None:
        if known:
            session.execute(delete(LoginAttempt).where(col(LoginAttempt.username) == username))
        else:
            session.execute(insert(LoginAttempt).values(username=username, client=client,
                                                        at=now))

    run_in_transaction(engine, record)
    if not known or member is None:
        raise Unauthorized("wrong username or password", code="invalid_credentials")
    return member


def _check_rate(session: Session, username: str, client: str, now: datetime) -> None:
    since = now - FAILURE_WINDOW
    recent = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at > since)
    by_user = session.exec(recent.where(LoginAttempt.username == username)).one()
    by_client = session.exec(recent.where(LoginAttempt.client == client)).one()
    if by_user >= MAX_FAILURES_PER_USERNAME or by_client >= MAX_FAILURES_PER_CLIENT:
        raise RateLimited("too many failed logins; try again in a few minutes",
                          retry_after=int(FAILURE_WINDOW.total_seconds()))


def issue_member_token(*, member: Member, now: datetime) -> str:
    return _encode(str(member.id), MEMBER_AUDIENCE, now, MEMBER_TOKEN_TTL, {"role": "member"})


def issue_platform_token(*, now: datetime) -> str:
    claims = {"role": "platform", "jti": secrets.token_hex(8)}
    return _encode("platform", PLATFORM_AUDIENCE, now, PLATFORM_TOKEN_TTL, claims)


def _encode(subject: str, audience: str, now: datetime, ttl: timedelta,
            extra: dict[str, Any]) -> str:
    claims = {"sub": subject, "aud": audience, "iss": ISSUER, "iat": int(now.timestamp()),
              "exp": int((now + ttl).timestamp()), **extra}
    return jwt.encode(claims, token_secret(), algorithm=ALGORITHM)


def decode_token(*, token: str, audience: str, now: datetime) -> dict[str, Any]:
    """The claims of a valid token for `audience`; Unauthorized (or Forbidden) otherwise."""
    if not isinstance(token, str) or not token or len(token) > MAX_SECRET_INPUT:
        raise Unauthorized("missing or malformed token", code="invalid_token")
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise Unauthorized("token algorithm refused", code="invalid_token")
        claims = jwt.decode(
            token, token_secret(), algorithms=[ALGORITHM], audience=audience, issuer=ISSUER,
            # exp is required and checked below against the injected clock (jose would check
            # it against the wall clock, and its require_exp forces that check back on).
            options={"require_sub": True, "require_aud": True, "verify_exp": False},
        )
    except JWTError as error:
        if "audience" in str(error).lower():
            raise Forbidden("this token is not allowed here", code="wrong_audience") from None
        raise Unauthorized("invalid token", code="invalid_token") from None
    # jose accepts an `aud` that merely lists ours: a token naming both audiences would pass
    # as both. We issue one audience per token, so exactly that one is required.
    if claims.get("aud") != audience:
        raise Forbidden("this token is not allowed here", code="wrong_audience")
    exp = claims.get("exp")
    if type(exp) is not int or exp > (now + LONGEST_TOKEN_TTL).timestamp():
        raise Unauthorized("invalid token", code="invalid_token")  # e.g. 1e308: never issued
    if exp <= now.timestamp():
        raise Unauthorized("token expired", code="token_expired")
    return claims


def member_from_token(*, session: Session, token: str, now: datetime) -> Member:
    """The member a valid member token names; Unauthorized otherwise (a deleted member too)."""
    claims = decode_token(token=token, audience=MEMBER_AUDIENCE, now=now)
    subject = claims.get("sub")
    if (not isinstance(subject, str) or not is_ascii_number(subject) or len(subject) > 10
            or int(subject) > MAX_MEMBER_ID):
        raise Unauthorized("invalid token", code="invalid_token")
    member = session.get(Member, int(subject))
    if member is None:
        raise Unauthorized("invalid token", code="invalid_token")
    return member


def require_platform(*, token: str, now: datetime) -> dict[str, Any]:
    return decode_token(token=token, audience=PLATFORM_AUDIENCE, now=now)
