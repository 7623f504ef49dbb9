"""The sweep timer in `serve` wakes just after the programmes' next local midnight, and one
worker of several sweeps each night (services.sweep_runs)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from member_app.db import transaction
from member_app.models import SweepRun
from member_app.sweep_timer import run_once, seconds_until_next_sweep
from tests.member_app.conftest import make_members, run_threads


def test_the_timer_wakes_one_minute_after_the_next_shanghai_midnight() -> None:
    # 15:59 UTC is 23:59 in Shanghai: midnight is 60 s away, the sweep 120 s.
    assert seconds_until_next_sweep(datetime(2026, 12, 31, 15, 59, tzinfo=UTC)) == 120
    # 16:00:30 UTC is 00:00:30: the next midnight is a day away, less 30 s, plus a minute.
    assert seconds_until_next_sweep(datetime(2026, 12, 31, 16, 0, 30, tzinfo=UTC)) == (
        24 * 3600 - 30 + 60)


def test_four_workers_waking_together_sweep_once_and_record_the_run(engine) -> None:  # type: ignore[no-untyped-def]
    # Five members without a standing: each is stale until a sweep brings them forward.
    make_members(engine, 5)
    woke = datetime(2026, 12, 1, 16, 1, tzinfo=UTC)  # 00:01 on Dec 2 in Shanghai
    reports, errors = run_threads(4, lambda _: run_once(engine=engine, now=woke))
    assert errors == []
    swept = [report for report in reports if report is not None]
    assert len(swept) == 1 and swept[0].brought_forward == 5 and swept[0].failures == []
    with transaction(engine) as session:
        (run,) = session.exec(select(SweepRun)).all()
    assert run.key == "night:2026-12-01T16:00:00+00:00"  # Shanghai's midnight, in UTC
    assert (run.brought_forward, run.failures, run.started_at) == (5, 0, woke)
    assert run.finished_at is not None and run.finished_at >= woke
    # A restart later that day belongs to the same night: it does not sweep again.
    assert run_once(engine=engine, now=woke.replace(hour=23)) is None
    # The next night is a new run.
    assert run_once(engine=engine, now=datetime(2026, 12, 2, 16, 1, tzinfo=UTC)) is not None
