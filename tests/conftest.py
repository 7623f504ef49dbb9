"""Fixtures shared by the app's tests: a fresh, migrated database of each kind.

`engine` runs each test on SQLite and on a real PostgreSQL server started for the session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from member_app.db import make_engine
from member_app.migrate import upgrade
from tests.support.postgres import postgres_server
from tests.support.signed_in import ENGINES


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


# Every database test runs on both; `make test-dates` reruns the suite on a shifted clock on
# SQLite only (TEST_DATABASES=sqlite): what it looks for is a dependence on the day, not on
# the database, and the full run has already covered PostgreSQL.
DATABASES = os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")


@pytest.fixture(params=DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        engine = make_engine(url)
        upgrade(engine)
        ENGINES.append(engine)
        yield engine
        ENGINES.remove(engine)
        engine.dispose()
        return
    base = request.getfixturevalue("postgres_url")
    engine = _fresh_postgres_database(base, request.node.name)
    ENGINES.append(engine)
    yield engine
    ENGINES.remove(engine)
    engine.dispose()


def _fresh_postgres_database(base_url: str, test_name: str) -> Engine:
    import re
    import uuid

    from sqlalchemy import create_engine, text

    name = "t_" + re.sub(r"[^a-z0-9]", "_", test_name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(base_url.rsplit("/", 1)[0] + "/" + name)
    upgrade(engine)
    return engine
