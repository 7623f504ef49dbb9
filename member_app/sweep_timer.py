"""The sweep's timer inside `serve`: bring stale standings forward at startup (catching up on
any time the server was down) and again just after every local midnight of the programmes.

It runs as a Reflex lifespan task, the sweep itself in a worker thread (services.sweep: member
by member, short transactions). Every backend worker runs the timer, and each night's sweep is
claimed by one of them (services.sweep_runs), so several workers sweep once. The startup run
claims the last local midnight too: after a restart, it sweeps only if that night's run never
started (the server was down over midnight).
`MEMBER_APP_SWEEP=0` switches it off (for a server whose operators run `sync` from cron).
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine

import rules
from member_app.services.sweep import SweepReport, sweep
from member_app.services.sweep_runs import claim_run, finish_run

log = logging.getLogger("member_app.sweep")
AFTER_MIDNIGHT = timedelta(minutes=1)


def seconds_until_next_sweep(now: datetime) -> float:
    """Until one minute past the next local midnight of any programme."""
    midnights = []
    for code in rules.PROGRAM_CODES:
        tz = rules.load_program(code).tz
        today = now.astimezone(tz).date()
        midnights.append(datetime.combine(today + timedelta(days=1), time(), tz))
    return max(0.0, (min(midnights) + AFTER_MIDNIGHT - now).total_seconds())


def last_midnight(now: datetime) -> datetime:
    """The latest local midnight of any programme at or before `now`, in UTC: the night a
    run at `now` belongs to."""
    midnights = [datetime.combine(now.astimezone(tz).date(), time(), tz)
                 for tz in {rules.load_program(code).tz for code in rules.PROGRAM_CODES}]
    return max(midnights).astimezone(UTC)


def run_once(*, engine: Engine | None = None, now: datetime) -> SweepReport | None:
    """Sweep for the night `now` belongs to, unless another worker claimed it (None)."""
    key = f"night:{last_midnight(now).isoformat()}"
    if not claim_run(engine=engine, key=key, now=now):
        log.info("sweep: %s is another worker's", key)
        return None
    report = sweep(engine=engine, now=now)
    finish_run(engine=engine, key=key, brought_forward=report.brought_forward,
               failures=len(report.failures), now=datetime.now(UTC))
    log.info("sweep: %d member(s) brought forward, %d failure(s)", report.brought_forward,
             len(report.failures))
    for member_id, error in report.failures:
        log.error("sweep: member %s failed: %s", member_id, error)
    return report


async def sweep_forever() -> None:
    if os.environ.get("MEMBER_APP_SWEEP", "1") == "0":
        return
    while True:
        try:
            await asyncio.to_thread(lambda: run_once(now=datetime.now(UTC)))
        except Exception:  # noqa: BLE001  (the timer must outlive a bad night)
            log.exception("sweep: the run failed; retrying at the next midnight")
        await asyncio.sleep(seconds_until_next_sweep(datetime.now(UTC)))
