"""The sweep: bring every standing that time has overtaken up to date (SPEC 6 expiry, the
rolling window, streaks, PLUS ending), for `python -m member_app sync` and the timer in
`serve`.

- Member by member, each in its own short transaction (services.unit: retried when the
  database asks), so a sweep never holds a lock for long and one member's failure never
  stops the others: failures are collected with the member id and the error, logged, and
  reported at the end.
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

from sqlalchemy import Engine, or_
from sqlmodel import Session, select

from member_app.db import read_transaction
from member_app.models import Member, Standing
from member_app.services.points import lock_account, sync_points
from member_app.services.standing import SHAPE, fresh_standing
from member_app.services.unit import run_in_transaction

log = logging.getLogger(__name__)
CHUNK = 500


@dataclass
class SweepReport:
    brought_forward: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)  # (member id, error)


def stale_member_ids(*, session: Session, now: datetime, after: int = 0,
                     limit: int = CHUNK, everyone: bool = False) -> list[int]:
    """Members past `after` (by id) whose standing needs bringing forward at `now` (with
    `everyone`, all of them: after a programme's figures changed)."""
    statement = (select(Member.id).outerjoin(Standing, Standing.member_id == Member.id)
                 .where(Member.id > after))
    if not everyone:
        statement = statement.where(or_(
            Standing.member_id.is_(None), Standing.shape != SHAPE,
            Standing.valid_until <= now))
    return list(session.exec(statement.order_by(Member.id).limit(limit)).all())


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
        for member_id in ids:
            try:
                done = run_in_transaction(
                    engine, lambda s, m=member_id: _bring_forward(s, m, now, everyone))
                report.brought_forward += int(done)
            except Exception as error:  # noqa: BLE001  (one member never stops the sweep)
                log.exception("sweep: member %s failed", member_id)
                report.failures.append((member_id, f"{type(error).__name__}: {error}"))
            if progress:
                progress(1)
        after = ids[-1]


def _bring_forward(session: Session, member_id: int, now: datetime, everyone: bool) -> bool:
    """True if this call did the work (False: another sweep or a read did it meanwhile)."""
    member = session.get(Member, member_id)
    if member is None:
        return False
    lock_account(session=session, member_id=member_id)
    if not everyone and fresh_standing(session=session, member_id=member_id, now=now):
        return False
    sync_points(session=session, member=member, now=now)
    return True
