"""Engines and sessions.

SQLite is the embedded default. Python's sqlite3 module opens transactions lazily and lets
concurrent read-modify-write cycles lose updates, so every SQLite write transaction takes the
write lock up front (BEGIN IMMEDIATE) and WAL lets readers go on meanwhile. A read
(`read_transaction`) begins DEFERRED instead, so it never waits for or blocks a writer; on
PostgreSQL it is a READ ONLY transaction, so a write slipped into a read fails loudly.
PostgreSQL runs under READ COMMITTED; services that move balances use conditional updates or
row locks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, create_engine

from member_app.settings import load_settings

READ_ONLY = "member_app_read_only"  # execution option: this transaction only reads


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@cache
def default_engine() -> Engine:
    settings = load_settings()
    if settings.db_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.db_url)


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any exception."""
    with Session(engine or default_engine(), expire_on_commit=False) as session, session.begin():
        yield session


@cache
def _reading(engine: Engine) -> Engine:
    options: dict[str, bool] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return engine.execution_options(**options)


@contextmanager
def read_transaction(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work that only reads: no write lock on SQLite, READ ONLY on PostgreSQL.

    `session.info["read_only"]` tells services (services.standing) to do any catching up in
    a write transaction of their own rather than in this one."""
    with Session(_reading(engine or default_engine()), expire_on_commit=False) as session, \
            session.begin():
        session.info["read_only"] = True
        session.info["write_engine"] = engine or default_engine()
        yield session


def insert_for(session: Session) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (both databases we run on have it)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
