"""Who is calling: passwords, JWTs for members and for the commerce platform, login limits.

Tokens are JWTs signed HS256 with one secret (env `MEMBER_APP_SECRET`, or generated once into
`<data dir>/secret.key`, mode 0600). Decoding pins `algorithms=["HS256"]` (python-jose would
otherwise accept e.g. a token "signed" with a public key, or `alg: none`), requires `exp`, `sub`
and `aud`, and checks the audience: a member token is refused where a platform or operator
token is needed, and each of those where the others are. Platform tokens are JWTs too
(audience `member_app:platform`, one year): nothing to store, and rotating the secret revokes
every token at once. Operator tokens (audience `member_app:operator`): services.operators.

A member token also names a server-side session (`sid`, services.sessions), which decides
whether it still counts. How often passwords may be tried: services.login_limits. Demo members
(`Member.is_demo`) can log in only while demo mode is on (`MEMBER_APP_DEMO=1`, `make run`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol, TypeVar

from jose import JWTError, jwt
from sqlalchemy import Engine
from sqlmodel import Session, select

from member_app.db import read_transaction
from member_app.errors import Forbidden, Unauthorized
from member_app.models import Member
from member_app.security import verify_password
from member_app.services import login_limits
from member_app.services.members import MAX_MEMBER_ID, is_ascii_number
from member_app.services.unit import run_in_transaction
from member_app.settings import load_settings

ALGORITHM = "HS256"
ISSUER = "member_app"
MEMBER_AUDIENCE = "member_app:member"
PLATFORM_AUDIENCE = "member_app:platform"
OPERATOR_AUDIENCE = "member_app:operator"
OPERATOR_TOKEN_TTL = timedelta(hours=1)
# However often the console renews it, an operator logs in again this long after logging in:
# a token copied from a working console cannot be kept alive for ever (operator tokens are
# stateless, so this cap, and the hour, are what end a stolen one).
OPERATOR_SESSION_MAX = timedelta(hours=12)
MEMBER_TOKEN_TTL = timedelta(hours=1)
PLATFORM_TOKEN_TTL = timedelta(days=365)
LONGEST_TOKEN_TTL = max(MEMBER_TOKEN_TTL, PLATFORM_TOKEN_TTL)  # an `exp` beyond it: not ours
MAX_SECRET_INPUT = 4096  # longer credentials are refused before any hashing work
T = TypeVar("T")


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


class Credentialed(Protocol):
    password_hash: str


AccountT = TypeVar("AccountT", bound=Credentialed)


def check_credentials(*, engine: Engine | None, limited_as: str, password: str, now: datetime,
                      client: str, find: Callable[[Session], AccountT | None],
                      may_log_in: Callable[[AccountT], bool],
                      on_success: Callable[[Session, AccountT], T], wrong: str) -> T:
    """`on_success(session, account)` for the account `find` returns, when `password` is
    its and it `may_log_in`; Unauthorized(`wrong`) / RateLimited otherwise. Members' and
    operators' logins (services.operators) are this one function.

    Three steps, so that the deliberately slow argon2 check holds no lock (on SQLite a write
    transaction is the database's one write lock; eight failed logins used to stall every
    other member's writes): the limits (counted under `limited_as`) and the stored hash are
    read in a read-only transaction, the password is checked with no transaction open, then
    the outcome is recorded in a short write of its own, committed before Unauthorized is
    raised. Logins racing past a limit at the same instant can exceed it by at most their
    number.
    """
    client = login_limits.client_key(client)
    with read_transaction(engine) as session:
        login_limits.check_login_allowed(session=session, username=limited_as, client=client,
                                         now=now)
        account = find(session) if len(password) <= MAX_SECRET_INPUT else None
    known = (verify_password(password[:MAX_SECRET_INPUT],
                             account.password_hash if account else None)
             and account is not None and may_log_in(account))

    def record(session: Session) -> T | None:
        if known and account is not None:
            login_limits.forget_login_failures(session=session, username=limited_as,
                                               client=client)
            return on_success(session, account)
        login_limits.record_login_failure(session=session, username=limited_as, client=client,
                                          now=now)
        return None

    outcome = run_in_transaction(engine, record)
    if outcome is None:
        raise Unauthorized(wrong, code="invalid_credentials")
    return outcome


def login_name(name: object) -> str:
    """A name as looked up and counted. PostgreSQL text cannot hold NUL: such a name (nobody's;
    names are a-z0-9_ and a few more) is used with U+FFFD in its place instead of failing the
    query (a 500)."""
    return str(name)[:64].replace("\x00", "\ufffd")


def authenticate(*, engine: Engine | None, username: str, password: str, now: datetime,
                 client: str, on_success: Callable[[Session, Member], T]) -> T:
    """`on_success(session, member)` for the member whose credentials these are (it opens
    their session, in the transaction that records the login); Unauthorized / RateLimited
    otherwise (`check_credentials`). Demo accounts (public password) are closed outside demo
    mode."""
    username = login_name(username)
    return check_credentials(
        engine=engine, limited_as=username, password=password, now=now, client=client,
        find=lambda session: session.exec(
            select(Member).where(Member.username == username)).first(),
        may_log_in=lambda member: not member.is_demo or load_settings().demo,
        on_success=on_success, wrong="wrong username or password")


def issue_member_token(*, member: Member, session_id: str, now: datetime,
                       not_after: datetime) -> str:
    """A member token for a session (services.sessions.token_for): an hour, capped at the
    session's end."""
    ttl = min(MEMBER_TOKEN_TTL, not_after - now)
    return _encode(str(member.id), MEMBER_AUDIENCE, now, ttl,
                   {"role": "member", "sid": session_id})


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


def member_token_claims(*, token: str, now: datetime) -> tuple[int, str]:
    """(member id, session id) of a valid member token; Unauthorized otherwise. Whether the
    session is still open is services.sessions' question."""
    claims = decode_token(token=token, audience=MEMBER_AUDIENCE, now=now)
    subject, session_id = claims.get("sub"), claims.get("sid")
    if (not isinstance(subject, str) or not is_ascii_number(subject) or len(subject) > 10
            or int(subject) > MAX_MEMBER_ID or not isinstance(session_id, str)
            or not 0 < len(session_id) <= 32):
        raise Unauthorized("invalid token", code="invalid_token")
    return int(subject), session_id


def issue_operator_token(*, operator_id: int, now: datetime,
                         logged_in_at: int | None = None) -> str:
    """An hour. The operator's role is read from the database on every request, not from the
    token, so a role taken away counts at once. `logged_in_at` (a renewal) carries the login's
    time forward: OPERATOR_SESSION_MAX after it, no token is valid."""
    return _encode(str(operator_id), OPERATOR_AUDIENCE, now, OPERATOR_TOKEN_TTL,
                   {"role": "operator",
                    "auth_time": int(now.timestamp()) if logged_in_at is None
                    else logged_in_at})


def operator_token_subject(*, token: str, now: datetime) -> int:
    """The operator id of a valid operator token; Unauthorized / Forbidden otherwise."""
    return operator_token_claims(token=token, now=now)[0]


def operator_token_claims(*, token: str, now: datetime) -> tuple[int, int]:
    """(operator id, login time as a Unix second) of a valid operator token."""
    claims = decode_token(token=token, audience=OPERATOR_AUDIENCE, now=now)
    subject, logged_in_at = claims.get("sub"), claims.get("auth_time")
    if not isinstance(subject, str) or not is_ascii_number(subject) or len(subject) > 10 \
            or isinstance(logged_in_at, bool) or not isinstance(logged_in_at, int):
        raise Unauthorized("invalid token", code="invalid_token")
    if now.timestamp() - logged_in_at > OPERATOR_SESSION_MAX.total_seconds():
        raise Unauthorized("log in again", code="token_expired")
    return int(subject), logged_in_at


def require_platform(*, token: str, now: datetime) -> dict[str, Any]:
    return decode_token(token=token, audience=PLATFORM_AUDIENCE, now=now)
