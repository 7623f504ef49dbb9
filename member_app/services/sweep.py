"""The sweep: bring every standing that time has overtaken up to date (SPEC 6 expiry, the
rolling window, streaks, PLUS ending), for `python -m member_app sync` and the timer in
`serve`.

- In small groups of members, each group one short transaction (services.unit: retried when
  the database asks; services.ledger_sync does a group in a few statements), so a sweep never
  holds a lock for long. If a group fails, its members are redone one by one, so one member's
  failure never stops the others: failures are collected with the member id and the error,
  logged, and reported at the end.
- Idempotent and resumable: it only visits members whose standing is missing, of an older
  shape, or no longer valid at `now`, found in chunks by member id (keyset paging). Run it
  again after an interruption and it does only what is left.
- Correct when run late: each member is recomputed at `now`, and the ledger dates what fell
  due (expiry) at the instant it took effect, not at the sweep's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from member_app.db import read_transaction
from member_app.models import Member, Standing, id_column
from member_app.services.ledger_sync import lock_accounts, sync_members
from member_app.services.standing import SHAPE
from member_app.services.unit import run_in_transaction

log = logging.getLogger(__name__)
CHUNK = 500  # members found per query
GROUP = 50  # members per transaction


@dataclass
class SweepReport:
    brought_forward: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)  # (member id, error)


def stale_member_ids(*, session: Session, now: datetime, after: int = 0,
                     limit: int = CHUNK, everyone: bool = False) -> list[int]:
    """Members past `after` (by id) whose standing needs bringing forward at `now` (with
    `everyone`, all of them: after a programme's figures changed)."""
    statement = _members_to_bring_forward(now, everyone).where(col(Member.id) > after)
    return list(session.exec(statement.order_by(col(Member.id)).limit(limit)).all())


def _members_to_bring_forward(now: datetime, everyone: bool) -> SelectOfScalar[int]:
    """Member ids whose standing is missing, of an older shape or no longer valid at `now`
    (with `everyone`, every member id)."""
    statement = (select(id_column(Member))
                 .outerjoin(Standing, col(Standing.member_id) == Member.id))
    if everyone:
        return statement
    return statement.where(or_(
        col(Standing.member_id).is_(None), col(Standing.shape) != SHAPE,
        col(Standing.valid_until) <= now))


def count_stale(*, engine: Engine | None, now: datetime, everyone: bool = False) -> int:
    total, after = 0, 0
    with read_transaction(engine) as session:
        while ids := stale_member_ids(session=session, now=now, after=after, limit=10_000,
                                      everyone=everyone):
            total, after = total + len(ids), ids[-1]
    return total


def sweep(*, engine: Engine | None, now: datetime, chunk: int = CHUNK, everyone: bool = False,
          progress: Callable[[int], None] | None = None) -> SweepReport:
    """Bring forward every stale standing at `now` (`everyone`: every standing);
    `progress(1)` after each member."""
    report = SweepReport()
    after = 0
    while True:
        with read_transaction(engine) as session:
            ids = stale_member_ids(session=session, now=now, after=after, limit=chunk,
                                   everyone=everyone)
        if not ids:
            return report
        for start in range(0, len(ids), GROUP):
            group = ids[start:start + GROUP]
            try:
                report.brought_forward += run_in_transaction(engine, partial(
                    _bring_forward, member_ids=group, now=now, everyone=everyone))
            except Exception:  # noqa: BLE001  (isolate the member that failed)
                for member_id in group:
                    _one(engine, member_id, now, everyone, report)
            if progress:
                progress(len(group))
        after = ids[-1]


def _one(engine: Engine | None, member_id: int, now: datetime, everyone: bool,
         report: SweepReport) -> None:
    try:
        report.brought_forward += run_in_transaction(
            engine, lambda s: _bring_forward(s, [member_id], now, everyone))
    except Exception as error:  # noqa: BLE001  (one member never stops the sweep)
        log.exception("sweep: member %s failed", member_id)
        report.failures.append((member_id, f"{type(error).__name__}: {error}"))


def _bring_forward(session: Session, member_ids: list[int], now: datetime,
                   everyone: bool) -> int:
    """How many of these members this call brought forward (the others: another sweep or a
    read did it meanwhile, seen under their locks)."""
    lock_accounts(session=session, member_ids=member_ids)
    still_due = _members_to_bring_forward(now, everyone).where(col(Member.id).in_(member_ids))
    due = session.exec(select(Member).where(col(Member.id).in_(still_due))
                       .order_by(col(Member.id))).all()
    sync_members(session=session, members=list(due), now=now)
    return len(due)
