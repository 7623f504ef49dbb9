"""Operators run the JD monthly settlement and the nightly sweep, and see past runs (SPEC 12).

The runs are the same ones the CLI and the timer make (services.settlement, services.sweep);
an operator's adds its audit entry. A settlement is one transaction (a month is settled whole
or not at all), so its progress is visible only to the one who started it (the console shows
it live); other operators see it once it has committed. A sweep commits member group by
member group, claims its run key first (`ops:<start>`, as the timer claims `night:...`), and
its row says how far it got even if its worker dies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

import rules
from member_app.errors import Conflict, InvalidInput
from member_app.models import Operator, SettlementRun, SweepRun
from member_app.services.audit import record_audit
from member_app.services.operators import require_admin
from member_app.services.payments import release_stale_payments
from member_app.services.settlement import parse_month, settle_month
from member_app.services.sweep import count_stale, sweep
from member_app.services.sweep_runs import claim_run, finish_run
from member_app.services.unit import run_in_transaction

MAX_RUNS = 100


def past_runs(*, session: Session, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """The latest settlements and sweeps, newest first, with their counts and durations."""
    limit = max(1, min(limit, MAX_RUNS))
    settlements = session.exec(select(SettlementRun)
                               .order_by(col(SettlementRun.month).desc()).limit(limit)).all()
    sweeps = session.exec(select(SweepRun)
                          .order_by(col(SweepRun.started_at).desc()).limit(limit)).all()
    return {
        "settlements": [{"month": run.month, "members": run.members,
                         **_timing(run.started_at, run.finished_at)} for run in settlements],
        "sweeps": [{"key": run.key, "kind": run.key.split(":", 1)[0],
                    "brought_forward": run.brought_forward, "failures": run.failures,
                    **_timing(run.started_at, run.finished_at)} for run in sweeps],
    }


def _timing(started: datetime, finished: datetime | None) -> dict[str, Any]:
    return {"started_at": started.isoformat(),
            "finished_at": finished.isoformat() if finished else None,
            "seconds": round((finished - started).total_seconds(), 1) if finished else None,
            "status": "finished" if finished else "unfinished"}


def run_settlement(*, session: Session, operator: Operator, month: str, now: datetime,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Settle JD's `month` (YYYY-MM, a month that has ended); a month settled before is not
    settled again (`ran: false`, the members it settled then)."""
    require_admin(operator)
    first_day = parse_month(month)
    if first_day > _month_now(now):
        raise InvalidInput("month: at most the current month (a month's settlement is on its "
                           "first day, over the months before)")
    result = settle_month(session=session, month=month, now=now, progress=progress)
    answer = {"month": result.month, "members": result.members, "ran": result.ran}
    if result.ran:
        record_audit(session=session, operator=operator, action="run.settlement",
                     subject=f"settlement:{result.month}", before=None, after=answer,
                     reason="", now=now)
    return answer


def _month_now(now: datetime) -> date:
    local = now.astimezone(rules.load_program("jd").tz).date()
    return local.replace(day=1)


def run_sweep(*, engine: Engine | None, operator: Operator, now: datetime,
              progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Decide the payments pending too long, then bring every stale standing forward, as the
    nightly timer does; `progress(done, total)` after each group of members."""
    require_admin(operator)
    started = time.monotonic()  # the duration is measured; `now` is the run's instant
    key = f"ops:{now.isoformat()}"
    if not claim_run(engine=engine, key=key, now=now):
        raise Conflict("a sweep started at this very instant is running", code="run_running")
    # The start is audited before any work: the sweep commits group by group, so a sweep that
    # dies half way has changed members, and its start entry says who started it.
    run_in_transaction(engine, lambda session: record_audit(
        session=session, operator=operator, action="run.sweep.start", subject=f"sweep:{key}",
        before=None, after={"key": key}, reason="", now=now))
    decided = run_in_transaction(engine, lambda session: release_stale_payments(
        session=session, now=now))
    total = count_stale(engine=engine, now=now)
    done = 0

    def advance(members: int) -> None:
        nonlocal done
        done += members
        if progress:
            progress(done, total)

    report = sweep(engine=engine, now=now, progress=advance)
    finished = now + timedelta(seconds=time.monotonic() - started)
    finish_run(engine=engine, key=key, brought_forward=report.brought_forward,
               failures=len(report.failures), now=finished)
    answer = {"key": key, "payments_decided": decided, "brought_forward": report.brought_forward,
              "failures": [{"member": member, "error": error}
                           for member, error in report.failures]}
    run_in_transaction(engine, lambda session: record_audit(
        session=session, operator=operator, action="run.sweep", subject=f"sweep:{key}",
        before=None, after={**answer, "failures": len(report.failures)}, reason="",
        now=finished))
    return answer
