"""The sweep's timer inside `serve`: bring stale standings forward at startup (catching up on
any time the server was down) and again just after every local midnight of the programmes.

It runs as a Reflex lifespan task, the sweep itself in a worker thread (services.sweep: member
by member, short transactions). Several backend workers may each run it: a member already
brought forward by another is skipped under its lock, so the duplicate work is a few reads.
`MEMBER_APP_SWEEP=0` switches it off (for a server whose operators run `sync` from cron).
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime, time, timedelta

import rules
from member_app.services.sweep import sweep

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


def _run_once() -> None:
    report = sweep(engine=None, now=datetime.now(UTC))
    log.info("sweep: %d member(s) brought forward, %d failure(s)", report.brought_forward,
             len(report.failures))
    for member_id, error in report.failures:
        log.error("sweep: member %s failed: %s", member_id, error)


async def sweep_forever() -> None:
    if os.environ.get("MEMBER_APP_SWEEP", "1") == "0":
        return
    while True:
        try:
            await asyncio.to_thread(_run_once)
        except Exception:  # noqa: BLE001  (the timer must outlive a bad night)
            log.exception("sweep: the run failed; retrying at the next midnight")
        await asyncio.sleep(seconds_until_next_sweep(datetime.now(UTC)))
