"""Fixtures for the store and API tests: members made fast, an API client on the test engine.

Members are inserted directly with a throwaway password hash (argon2 for hundreds of members
would dominate the run); `registered` makes one the real way when a test logs in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from member_app.api.app import create_app
from member_app.db import transaction
from member_app.models import Member
from member_app.payments import SandboxProvider, set_provider
from member_app.services.auth import issue_platform_token
from member_app.services.catalog import ensure_catalog
from member_app.services.intake import accept_events
from member_app.services.operators import add_operator
from tests.support.signed_in import member_token

NOW = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _test_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from member_app.services import auth

    monkeypatch.setenv("MEMBER_APP_SECRET", "test-secret-" + "x" * 40)
    auth.token_secret.cache_clear()
    yield
    auth.token_secret.cache_clear()


@pytest.fixture
def sandbox() -> Iterator[SandboxProvider]:
    provider = SandboxProvider()
    set_provider(provider)
    yield provider
    set_provider(None)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def client(engine, clock, sandbox) -> TestClient:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        ensure_catalog(session=session)
    return TestClient(create_app(engine=engine, clock=clock), raise_server_exceptions=True)


def make_members(engine, count: int, program: str = "jd", prefix: str = "m") -> list[Member]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        session.execute(insert(Member), [
            {"username": f"{prefix}{i}", "password_hash": "!", "program": program,
             "is_demo": False, "created_at": NOW} for i in range(count)])
        return list(session.exec(select(Member).where(Member.username.startswith(prefix))
                                 .order_by(Member.id)).scalars())


def give_points(engine, members: list[Member], points: int, tag: str = "gift") -> None:  # type: ignore[no-untyped-def]
    events = [{"id": f"{tag}-{m.id}", "member": m.id, "type": "task_completed",
               "at": "2026-11-01T10:00:00+08:00", "task": "welcome", "points": points}
              for m in members]
    for start in range(0, len(events), 1000):
        with transaction(engine) as session:
            accept_events(session=session, events=events[start:start + 1000], now=NOW)


def auth_header(member: Member, now: datetime = NOW) -> dict[str, str]:
    return {"Authorization": f"Bearer {member_token(member, now)}"}


OPERATOR_PASSWORD = "operators need long ones"


def operator_header(client, engine, name: str, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A new operator of this database and the header of its token from the operators' login."""
    with transaction(engine) as session:
        add_operator(session=session, name=name, role=role, password=OPERATOR_PASSWORD, now=NOW)
    answer = client.post("/api/v1/ops/auth/token",
                         data={"username": name, "password": OPERATOR_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def platform_header() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_platform_token(now=NOW)}"}


def run_threads(count: int, target: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run target(i) in `count` threads released at once; (results, errors)."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            value = target(i)
            with lock:
                results.append(value)
        except BaseException as error:  # noqa: BLE001  (collected and asserted by the test)
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
