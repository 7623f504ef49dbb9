"""The JD monthly settlement (SPEC 4) in bulk, stored as history; once per month.

`settle_month` claims the month with an INSERT into `settlement_run` (primary key = month): a
second or concurrent run finds it claimed and answers with the first run's count.

Rules computes every score, with the one definition of it (`rules.jd_score`): the database
only streams each JD member's stored events before the settlement day (one query, member by
member, the types a JD settlement reads), and `rules.settle_jd_rows` settles each member from
those rows (validated by `rules.parse_event` at ingest, not parsed again); it equals
`rules.settle_jd` on the member's events. Results are inserted in batches, in member order.
Members without events settle too (score 0). Memory holds one member's rows and one batch of
results, whatever the member count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session, col

import rules
from member_app.db import insert_for
from member_app.errors import InvalidInput
from member_app.models import Event, Member, MemberSettlement, SettlementRun, Standing, table_of
from member_app.services.programmes import timeline
from rules.jd_rows import READ_FIELDS as JD_READ_TYPES
from rules.jd_rows import Row as JDRow

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
BATCH = 2000  # settlement rows per INSERT
STREAM_ROWS = 5000  # event rows fetched at a time


@dataclass(frozen=True)
class SettlementResult:
    month: str
    members: int
    ran: bool  # False when the month had already been settled


def parse_month(month: Any) -> date:
    match = MONTH_PATTERN.match(month) if isinstance(month, str) else None
    if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        raise InvalidInput("month: YYYY-MM, e.g. 2026-11")
    return date(int(match[1]), int(match[2]), 1)


def settle_month(*, session: Session, month: str, now: datetime,
                 progress: Callable[[int, int], None] | None = None) -> SettlementResult:
    settlement_day = parse_month(month)
    month = settlement_day.strftime("%Y-%m")
    insert_ = insert_for(session)
    claimed = session.execute(
        insert_(SettlementRun).values(month=month, members=0, started_at=now)
        .on_conflict_do_nothing(index_elements=["month"]).returning(col(SettlementRun.month))
    ).first()
    if claimed is None:
        members = session.execute(select(col(SettlementRun.members))
                                  .where(col(SettlementRun.month) == month)).scalar_one()
        return SettlementResult(month, members, ran=False)
    program = timeline(session=session, code="jd")  # each settlement under its day's version
    end = datetime.combine(settlement_day, time(), program.tz)
    member_ids = session.execute(select(col(Member.id)).where(col(Member.program) == "jd")
                                 .order_by(col(Member.id))).scalars().all()
    total = len(member_ids)
    done = 0
    batch: list[dict[str, Any]] = []
    histories = _histories(session, end)
    pending = next(histories, None)
    for member_id in member_ids:
        events: list[JDRow] = []
        while pending is not None and pending[0] < member_id:  # a member who left jd
            pending = next(histories, None)
        if pending is not None and pending[0] == member_id:
            events = pending[1]
            pending = next(histories, None)
        batch.append(_row(month, member_id,
                          rules.settle_jd_rows(program, events, settlement_day), now))
        if len(batch) >= BATCH:
            done += _store(session, batch)
            batch = []
            if progress:
                progress(done, total)
    done += _store(session, batch)
    if progress:
        progress(done, total)
    session.execute(update(SettlementRun).where(col(SettlementRun.month) == month)
                    .values(members=done, finished_at=now))
    # Every JD standing now has a settlement of record to take: the next read or sweep does.
    session.execute(update(Standing).where(col(Standing.member_id).in_(
        select(col(Member.id)).where(col(Member.program) == "jd"))).values(valid_until=now))
    return SettlementResult(month, done, ran=True)


def _store(session: Session, rows: list[dict[str, Any]]) -> int:
    if rows:
        session.execute(insert(MemberSettlement), rows)
    return len(rows)


def _histories(session: Session,
               end: datetime) -> Iterator[tuple[int, list[JDRow]]]:
    """(member id, stored rows) of every JD member with events before `end` that a JD
    settlement reads, in member id order, streamed from one query (only one member's rows
    are held at a time, so memory does not grow with the member count).

    Plain columns, not ORM objects: rows are (id, type, at, fields), what
    `rules.settle_jd_rows` reads; which types matter is rules' own list."""
    table = table_of(Event)
    query = (select(table.c.member_id, table.c.id, table.c.type, table.c.at, table.c.fields)
             .where(table.c.member_id.in_(select(col(Member.id))
                                          .where(col(Member.program) == "jd")),
                    table.c.at < end, table.c.type.in_(sorted(JD_READ_TYPES)))
             .order_by(table.c.member_id, table.c.at))
    current: int | None = None
    events: list[JDRow] = []
    result = session.connection().execute(query.execution_options(yield_per=STREAM_ROWS))
    for member_id, event_id, kind, at, fields in result:
        if member_id != current:
            if current is not None:
                yield current, events
            current, events = member_id, []
        events.append((event_id, kind, at, fields))
    if current is not None:
        yield current, events


def _row(month: str, member_id: int, result: rules.Settlement, now: datetime) -> dict[str, Any]:
    return {"month": month, "member_id": member_id, "score": result.score, "base": result.base,
            "tier": result.tier, "restricted": result.restricted,
            "multiplier": str(result.multiplier), "parts": dict(result.parts),
            "items": dict(result.items), "risk": dict(result.risk), "settled_at": now}



def settlement_history(*, session: Session, member: Member) -> list[dict[str, Any]]:
    rows = session.execute(select(MemberSettlement)
                           .where(col(MemberSettlement.member_id) == member.id)
                           .order_by(col(MemberSettlement.month).desc())).scalars().all()
    return [{"month": r.month, "score": r.score, "tier": r.tier, "restricted": r.restricted,
             "breakdown": r.parts, "multiplier": r.multiplier} for r in rows]
