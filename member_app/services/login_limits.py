"""How often a client may try passwords and create accounts (issue #12, findings 2 and 3).

Limits that an attacker cannot turn against the owner of an account:
- per username AND client, a growing delay: the first `FREE_FAILURES` failures cost nothing,
  then each further attempt from that client for that username waits 1, 2, 4 ... seconds
  after the last failure, at most `MAX_DELAY`. The owner, from any other client, is never
  held up, and from the attacker's own address waits at most a minute;
- per client, failures only: `MAX_FAILURES_PER_CLIENT` failed logins in `FAILURE_WINDOW`
  refuse that client until they age out (a successful login costs nothing, so a shared
  address full of members who know their passwords is never blocked);
- per client, `MEMBER_APP_REGISTRATIONS_PER_HOUR` registrations an hour (default 5; the e2e
  server, which registers hundreds from one address, raises it).
The client is the connection's address; behind a reverse proxy, `MEMBER_APP_TRUSTED_PROXIES`
names the proxies whose X-Forwarded-For is believed (member_app.proxies), nobody else's.
Failures are rows (`login_attempt`), so the limits hold across workers.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, text
from sqlmodel import Session, col, select

from member_app.errors import RateLimited
from member_app.models import LoginAttempt, RegistrationAttempt
from member_app.settings import load_settings

FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 3
MAX_DELAY = timedelta(minutes=1)
MAX_FAILURES_PER_CLIENT = 100
REGISTRATION_WINDOW = timedelta(hours=1)
CLIENT_LENGTH = 64


def client_key(client: str | None) -> str:
    return str(client or "unknown")[:CLIENT_LENGTH]


def delay_after(failures: int) -> timedelta:
    """How long after the last failure the next attempt waits, `failures` failures in."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILURES, 16)), MAX_DELAY)


def check_login_allowed(*, session: Session, username: str, client: str, now: datetime) -> None:
    """RateLimited (with the seconds to wait) when this attempt must not be tried now."""
    since = now - FAILURE_WINDOW
    recent = select(func.count(), func.max(LoginAttempt.at), func.min(LoginAttempt.at)) \
        .where(LoginAttempt.at > since)
    pair_failures, last, _ = session.exec(
        recent.where(LoginAttempt.username == username, LoginAttempt.client == client)).one()
    if pair_failures and last is not None:
        wait = last + delay_after(pair_failures) - now
        if wait > timedelta(0):
            raise RateLimited("too many wrong passwords for this account; wait a moment",
                              retry_after=_seconds(wait))
    client_failures, _, oldest = session.exec(recent.where(LoginAttempt.client == client)).one()
    if client_failures >= MAX_FAILURES_PER_CLIENT and oldest is not None:
        raise RateLimited("too many failed logins from this address; try again later",
                          retry_after=_seconds(oldest + FAILURE_WINDOW - now))


def record_login_failure(*, session: Session, username: str, client: str,
                         now: datetime) -> None:
    session.add(LoginAttempt(username=username, client=client, at=now))


def forget_login_failures(*, session: Session, username: str, client: str) -> None:
    """A success from this client clears its delay for this username (not other clients')."""
    session.execute(delete(LoginAttempt).where(col(LoginAttempt.username) == username,
                                               col(LoginAttempt.client) == client))


def count_registration(*, session: Session, client: str, now: datetime) -> None:
    """Counts a registration from `client`, or RateLimited if it has had its share.

    Called inside the registration's transaction, so a refused one changes nothing. Racing
    registrations from one client are serialised: SQLite's write transactions are (BEGIN
    IMMEDIATE), and on PostgreSQL a transaction-scoped advisory lock on the client does it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                        {"key": f"registration:{client}"})
    check_registration_allowed(session=session, client=client, now=now)
    session.add(RegistrationAttempt(client=client, at=now))


def check_registration_allowed(*, session: Session, client: str, now: datetime) -> None:
    """RateLimited if `client` has had its share; also asked before the password is hashed,
    so a refused flood costs no argon2 work."""
    since = now - REGISTRATION_WINDOW
    count, oldest = session.exec(
        select(func.count(), func.min(RegistrationAttempt.at))
        .where(RegistrationAttempt.client == client, RegistrationAttempt.at > since)).one()
    if count >= load_settings().registrations_per_client_hour and oldest is not None:
        raise RateLimited("too many new accounts from this address; try again later",
                          retry_after=_seconds(oldest + REGISTRATION_WINDOW - now))


def _seconds(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds()))
