"""The API's dependencies, as `Annotated` types the routes declare.

`DbDep` is a unit-of-work runner rather than a session: each route runs its use case with
`db.run(lambda session: ...)`, which commits BEFORE the response is built (so a client never
sees a 2xx for work that then fails to commit) and repeats the whole unit on a retryable
database error (`services.unit`). `NowDep` is the clock (tests freeze it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from sqlalchemy import Engine
from sqlmodel import Session

from member_app.db import default_engine, read_transaction
from member_app.errors import Unauthorized
from member_app.models import Member, Operator
from member_app.services.auth import require_platform
from member_app.services.operators import operator_from_token
from member_app.services.sessions import member_from_token
from member_app.services.unit import run_in_transaction

T = TypeVar("T")


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def run(self, work: Callable[[Session], T]) -> T:
        return run_in_transaction(self.engine, work)

    def read(self, work: Callable[[Session], T]) -> T:
        """`work` in a read-only transaction (no write lock on SQLite)."""
        with read_transaction(self.engine) as session:
            return work(session)


# `async def` for the dependencies that do no I/O: FastAPI runs a plain `def` dependency in its
# thread pool, and under load each such hop costs more than the work it wraps.
async def get_db(request: Request) -> Database:
    engine = getattr(request.app.state, "engine", None) or default_engine()
    return Database(engine)


async def get_now(request: Request) -> datetime:
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock else datetime.now(UTC)


DbDep = Annotated[Database, Depends(get_db)]
NowDep = Annotated[datetime, Depends(get_now)]

member_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                                     scheme_name="MemberToken")
platform_bearer = HTTPBearer(auto_error=False, scheme_name="PlatformToken",
                             description="`python -m member_app token --platform`")


async def member_token(token: Annotated[str | None, Depends(member_bearer)]) -> str:
    """The bearer token of a member request (checked against the database by the route, in
    the same read as its own work: `current_member`, or the /me route itself)."""
    if not token:
        raise Unauthorized("a member bearer token is required", code="missing_token")
    return token


MemberToken = Annotated[str, Depends(member_token)]


def current_member(token: MemberToken, db: DbDep, now: NowDep) -> Member:
    return db.read(lambda session: member_from_token(session=session, token=token, now=now))


def platform_caller(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(platform_bearer)],
    now: NowDep,
) -> dict:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("a platform bearer token is required", code="missing_token")
    return require_platform(token=credentials.credentials, now=now)


operator_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/ops/auth/token", auto_error=False,
                                       scheme_name="OperatorToken")


def current_operator(token: Annotated[str | None, Depends(operator_bearer)], db: DbDep,
                     now: NowDep) -> Operator:
    if not token:
        raise Unauthorized("an operator bearer token is required", code="missing_token")
    return db.read(lambda session: operator_from_token(session=session, token=token, now=now))


CurrentMember = Annotated[Member, Depends(current_member)]
CurrentOperator = Annotated[Operator, Depends(current_operator)]
PlatformDep = Annotated[dict, Depends(platform_caller)]
