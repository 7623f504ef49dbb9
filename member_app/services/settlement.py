"""The JD monthly settlement (SPEC 4) in bulk, stored as history; once per month.

`settle_month` claims the month with an INSERT into `settlement_run` (primary key = month): a
second or concurrent run finds it claimed and answers with the first run's count. Events are
read in ONE query ordered by member (only JD members, only before the settlement day), streamed
in chunks, grouped in Python, and each member is settled by `rules.settle_jd`; results are
inserted in batches. Members without events are settled too (score 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

import rules
from member_app.errors import InvalidInput
from member_app.models import Event, Member, MemberSettlement, SettlementRun
from member_app.services.events import event_from_columns

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
BATCH = 2000


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
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    claimed = session.execute(
        insert_(SettlementRun).values(month=month, members=0, started_at=now)
        .on_conflict_do_nothing(index_elements=["month"]).returning(SettlementRun.month)
    ).first()
    if claimed is None:
        members = session.execute(select(SettlementRun.members)
                                  .where(SettlementRun.month == month)).scalar_one()
        return SettlementResult(month, members, ran=False)
    program = rules.load_program("jd")
    end = datetime.combine(settlement_day, time(), program.tz)
    member_ids = session.execute(select(Member.id).where(Member.program == "jd")
                                 .order_by(Member.id)).scalars().all()
    total = len(member_ids)
    rows: list[dict[str, Any]] = []
    done = 0
    histories = _histories(session, end)
    pending = next(histories, None)
    for member_id in member_ids:
        events: list[rules.Event] = []
        while pending is not None and pending[0] < member_id:  # a member who left jd
            pending = next(histories, None)
        if pending is not None and pending[0] == member_id:
            events = pending[1]
            pending = next(histories, None)
        result = rules.settle_jd(program, events, settlement_day)
        rows.append(_row(month, member_id, result, now))
        done += 1
        if len(rows) >= BATCH:
            session.execute(insert(MemberSettlement), rows)
            rows = []
            if progress:
                progress(done, total)
    if rows:
        session.execute(insert(MemberSettlement), rows)
    if progress:
        progress(done, total)
    session.execute(update(SettlementRun).where(SettlementRun.month == month)
                    .values(members=done, finished_at=now))
    return SettlementResult(month, done, ran=True)


def _histories(session: Session, end: datetime) -> Iterator[tuple[int, list[rules.Event]]]:
    """(member id, events) for JD members, in member id order, from one streamed query.

    Plain columns, not ORM objects: building an ORM instance per event cost more than
    settling it."""
    table = Event.__table__
    query = (select(table.c.member_id, table.c.id, table.c.type, table.c.at, table.c.fields)
             .join(Member.__table__, Member.__table__.c.id == table.c.member_id)
             .where(Member.__table__.c.program == "jd", table.c.at < end)
             .order_by(table.c.member_id, table.c.at))
    current: int | None = None
    events: list[rules.Event] = []
    rows = session.connection().execute(query, execution_options={"yield_per": 5000})
    for member_id, event_id, event_type, at, fields in rows:
        if member_id != current:
            if current is not None:
                yield current, events
            current, events = member_id, []
        events.append(event_from_columns(event_id, event_type, at, fields))
    if current is not None:
        yield current, events


def _row(month: str, member_id: int, result: rules.Settlement, now: datetime) -> dict[str, Any]:
    return {"month": month, "member_id": member_id, "score": result.score, "base": result.base,
            "tier": result.tier, "restricted": result.restricted,
            "multiplier": str(result.multiplier), "parts": dict(result.parts),
            "items": dict(result.items), "settled_at": now}


def settlement_history(*, session: Session, member: Member) -> list[dict[str, Any]]:
    rows = session.execute(select(MemberSettlement).where(MemberSettlement.member_id == member.id)
                           .order_by(MemberSettlement.month.desc())).scalars().all()
    return [{"month": r.month, "score": r.score, "tier": r.tier, "restricted": r.restricted,
             "breakdown": r.parts, "multiplier": r.multiplier} for r in rows]
