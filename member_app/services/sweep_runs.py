"""The record of sweeps (services.sweep): who ran which, when, with what result.

The timer in `serve` runs in every backend worker; each claims its night by inserting the run's
key (`night:<the local midnight, UTC>`), and only the worker whose insert lands sweeps, so
several workers sweep once, not once each. A claimed run whose worker died stays unfinished
(`finished_at` None): the next night sweeps every member still stale, and a read brings any
member forward meanwhile. `python -m member_app sync` records its runs as `sync:<start>`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import col

from member_app.db import insert_for
from member_app.models import SweepRun
from member_app.services.unit import run_in_transaction


def claim_run(*, engine: Engine | None, key: str, now: datetime) -> bool:
    """True if this caller is the one to run `key` (its row did not exist)."""
    def insert(session):  # type: ignore[no-untyped-def]
        statement = (insert_for(session)(SweepRun)
                     .values(key=key, started_at=now, brought_forward=0, failures=0)
                     .on_conflict_do_nothing(index_elements=["key"])
                     .returning(col(SweepRun.key)))
        return session.execute(statement).first() is not None
    return bool(run_in_transaction(engine, insert))


def finish_run(*, engine: Engine | None, key: str, brought_forward: int, failures: int,
               now: datetime) -> None:
    run_in_transaction(engine, lambda session: session.execute(
        update(SweepRun).where(col(SweepRun.key) == key)
        .values(finished_at=now, brought_forward=brought_forward, failures=failures)))
