"""The JD monthly settlement (SPEC 4) in bulk, stored as history; once per month.

`settle_month` claims the month with an INSERT into `settlement_run` (primary key = month): a
second or concurrent run finds it claimed and answers with the first run's count.

The split between SQL and rules (rules computes every score): ONE aggregate query, grouped by
member (only JD members, only events before the settlement day), counts and lists what
`rules.JDCounts` describes: events per type, distinct order ids and categories, the order
amounts in fen, the distinct UTC hours of orders and sign-ins. It applies no JD rule (no
points, caps, local days, refunds or risk). `rules.settle_jd_counts` turns the counts into the
settlement, or says it cannot (a refund, a risk flag, an order id paid twice, an hour bucket
across a local midnight): those members are settled from their stored rows with
`rules.settle_jd_rows` (rows validated by `rules.parse_event` at ingest, not parsed again).
Both equal `rules.settle_jd` on the member's events (tests/rules checks it with hypothesis,
tests/member_app against the database). Results are inserted in batches, in member order.
Members without events settle too (score 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

import rules
from member_app.errors import InvalidInput
from member_app.models import Event, Member, MemberSettlement, SettlementRun, Standing, table_of

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
BATCH = 2000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


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
        .on_conflict_do_nothing(index_elements=["month"]).returning(col(SettlementRun.month))
    ).first()
    if claimed is None:
        members = session.execute(select(col(SettlementRun.members))
                                  .where(col(SettlementRun.month) == month)).scalar_one()
        return SettlementResult(month, members, ran=False)
    program = rules.load_program("jd")
    end = datetime.combine(settlement_day, time(), program.tz)
    member_ids = session.execute(select(col(Member.id)).where(col(Member.program) == "jd")
                                 .order_by(col(Member.id))).scalars().all()
    total = len(member_ids)
    done = 0
    batch: list[tuple[int, rules.Settlement | None]] = []
    counts = _member_counts(session, program, settlement_day)
    pending = next(counts, None)
    for member_id in member_ids:
        member_counts = NO_EVENTS
        while pending is not None and pending[0] < member_id:  # a member who left jd
            pending = next(counts, None)
        if pending is not None and pending[0] == member_id:
            member_counts = pending[1]
            pending = next(counts, None)
        batch.append((member_id, rules.settle_jd_counts(program, member_counts, settlement_day)))
        if len(batch) >= BATCH:
            done += _store(session, program, settlement_day, end, month, batch, now)
            batch = []
            if progress:
                progress(done, total)
    done += _store(session, program, settlement_day, end, month, batch, now)
    if progress:
        progress(done, total)
    session.execute(update(SettlementRun).where(col(SettlementRun.month) == month)
                    .values(members=done, finished_at=now))
    # Every JD standing now has a settlement of record to take: the next read or sweep does.
    session.execute(update(Standing).where(col(Standing.member_id).in_(
        select(col(Member.id)).where(col(Member.program) == "jd"))).values(valid_until=now))
    return SettlementResult(month, done, ran=True)


NO_EVENTS = rules.JDCounts(0, 0, 0, 0, 0, 0, 0, (), (), 0, 0, 0, 0, 0, ())


def _store(session: Session, program: rules.Program, settlement_day: date, end: datetime,
           month: str, batch: list[tuple[int, rules.Settlement | None]], now: datetime) -> int:
    """Insert a batch of results; the members the counts could not settle are settled from
    their rows first (one query for the batch)."""
    if not batch:
        return 0
    missing = [member_id for member_id, result in batch if result is None]
    histories = dict(_histories(session, end, missing)) if missing else {}
    rows = [
        _row(month, member_id, result if result is not None else rules.settle_jd_rows(
            program, histories.get(member_id, []), settlement_day), now)
        for member_id, result in batch
    ]
    session.execute(insert(MemberSettlement), rows)
    return len(rows)


COUNTS_SQL = {
    "sqlite": """
SELECT member_id,
  COUNT(*) FILTER (WHERE type = 'identity_verified'),
  COUNT(*) FILTER (WHERE type = 'account_bound' AND json_extract(fields, '$.channel') = 'wechat'),
  COUNT(*) FILTER (WHERE type = 'account_bound' AND json_extract(fields, '$.channel') = 'qq'),
  COUNT(*) FILTER (WHERE type = 'order_refunded'),
  COUNT(*) FILTER (WHERE type = 'risk_flag'),
  COUNT(*) FILTER (WHERE type = 'order_paid'),
  COUNT(DISTINCT json_extract(fields, '$.order_id')) FILTER (WHERE type = 'order_paid'),
  group_concat(CAST(ROUND(CAST(json_extract(fields, '$.amount') AS REAL) * 100) AS INTEGER))
    FILTER (WHERE type = 'order_paid' AND at >= :start),
  group_concat(DISTINCT substr(at, 1, 13)) FILTER (WHERE type = 'order_paid' AND at >= :start),
  COUNT(DISTINCT json_extract(fields, '$.category'))
    FILTER (WHERE type = 'order_paid' AND at >= :start),
  COUNT(*) FILTER (WHERE type = 'order_paid' AND at >= :start
                   AND json_extract(fields, '$.payment') = 'jdpay'),
  COUNT(DISTINCT json_extract(fields, '$.order_id'))
    FILTER (WHERE type = 'review_posted' AND at >= :start),
  COUNT(DISTINCT json_extract(fields, '$.order_id'))
    FILTER (WHERE type = 'photo_review_posted' AND at >= :start),
  COUNT(*) FILTER (WHERE type = 'question_answered' AND at >= :start),
  group_concat(DISTINCT substr(at, 1, 13)) FILTER (WHERE type = 'signed_in' AND at >= :start)
FROM event
WHERE at < :end AND member_id IN (SELECT id FROM member WHERE program = 'jd')
GROUP BY member_id ORDER BY member_id
""",
    "postgresql": """
SELECT member_id,
  COUNT(*) FILTER (WHERE type = 'identity_verified'),
  COUNT(*) FILTER (WHERE type = 'account_bound' AND channel = 'wechat'),
  COUNT(*) FILTER (WHERE type = 'account_bound' AND channel = 'qq'),
  COUNT(*) FILTER (WHERE type = 'order_refunded'),
  COUNT(*) FILTER (WHERE type = 'risk_flag'),
  COUNT(*) FILTER (WHERE type = 'order_paid'),
  COUNT(DISTINCT order_id) FILTER (WHERE type = 'order_paid'),
  array_agg(round(amount * 100)::bigint) FILTER (WHERE type = 'order_paid' AND at >= :start),
  array_agg(hour) FILTER (WHERE type = 'order_paid' AND at >= :start),
  COUNT(DISTINCT category) FILTER (WHERE type = 'order_paid' AND at >= :start),
  COUNT(*) FILTER (WHERE type = 'order_paid' AND at >= :start AND payment = 'jdpay'),
  COUNT(DISTINCT order_id) FILTER (WHERE type = 'review_posted' AND at >= :start),
  COUNT(DISTINCT order_id) FILTER (WHERE type = 'photo_review_posted' AND at >= :start),
  COUNT(*) FILTER (WHERE type = 'question_answered' AND at >= :start),
  array_agg(hour) FILTER (WHERE type = 'signed_in' AND at >= :start)
FROM (
  SELECT member_id, type, at, floor(extract(epoch FROM at) / 3600)::bigint AS hour, f.*
  FROM event LEFT JOIN LATERAL json_to_record(
    CASE WHEN type IN ('order_paid', 'review_posted', 'photo_review_posted', 'account_bound')
    THEN fields END
  ) AS f(order_id text, amount numeric, category text, payment text, channel text) ON true
  WHERE at < :end AND member_id IN (SELECT id FROM member WHERE program = 'jd')
) AS e
GROUP BY member_id ORDER BY member_id
""",
}


def _member_counts(session: Session, program: rules.Program,
                   settlement_day: date) -> Iterator[tuple[int, rules.JDCounts]]:
    """(member id, counts) for JD members with events before the settlement day, in member id
    order, from one aggregate query (COUNTS_SQL; what it counts is `rules.JDCounts`)."""
    dialect = session.get_bind().dialect.name
    index = settlement_day.year * 12 + settlement_day.month - 1 - program.jd_rules().months
    start = datetime.combine(date(index // 12, index % 12 + 1, 1), time(), program.tz)
    end = datetime.combine(settlement_day, time(), program.tz)
    utc = {"start": start.astimezone(UTC), "end": end.astimezone(UTC)}
    bounds: Mapping[str, datetime | str] = utc
    if dialect == "sqlite":  # compared as stored: text, UTC, SQLAlchemy's format
        bounds = {k: v.strftime("%Y-%m-%d %H:%M:%S.%f") for k, v in utc.items()}
    hours: dict[str, int] = {}

    def hour_numbers(labels: str | list[int] | None) -> list[int]:
        """UTC hours since the epoch: PostgreSQL gives them, SQLite 'YYYY-MM-DD HH' labels."""
        if not labels:
            return []
        if not isinstance(labels, str):
            return labels
        split = labels.split(",")
        numbers = list(map(hours.get, split))
        if None in numbers:
            for label in split:
                if label not in hours:
                    moment = datetime.fromisoformat(f"{label}:00+00:00")
                    hours[label] = (moment - EPOCH) // HOUR
            numbers = list(map(hours.get, split))
        return cast(list[int], numbers)  # every label is in `hours` by now

    result = session.connection().execute(text(COUNTS_SQL[dialect]), bounds,
                                          execution_options={"yield_per": 5000})
    for (member_id, verified, wechat, qq, refunds, risks, orders, order_ids, amounts,
         order_hours, categories, jdpay, reviews, photo_reviews, questions, sign_ins) in result:
        yield member_id, rules.JDCounts(
            identity_verified=verified, wechat_bound=wechat, qq_bound=qq, refunds=refunds,
            risk_flags=risks, orders_paid=orders, order_ids=order_ids,
            order_amounts_fen=_integers(amounts),
            order_hours=hour_numbers(order_hours), categories=categories, jdpay_orders=jdpay,
            reviewed_orders=reviews, photo_reviewed_orders=photo_reviews, questions=questions,
            sign_in_hours=hour_numbers(sign_ins))


def _integers(values: str | list[int] | None) -> list[int]:
    """An aggregated list of integers: a PostgreSQL array, or SQLite's comma-separated text."""
    if not values:
        return []
    return [int(v) for v in values.split(",")] if isinstance(values, str) else values


def _histories(session: Session, end: datetime,
               member_ids: list[int]) -> Iterator[tuple[int, list[tuple[str, str, datetime, Any]]]]:
    """(member id, stored rows) of these members' events before `end`, from one query.

    Plain columns, not ORM objects: rows are (id, type, at, fields), what
    `rules.settle_jd_rows` reads."""
    table = table_of(Event)
    query = (select(table.c.member_id, table.c.id, table.c.type, table.c.at, table.c.fields)
             .where(table.c.member_id.in_(member_ids), table.c.at < end)
             .order_by(table.c.member_id, table.c.at))
    current: int | None = None
    events: list[tuple[str, str, datetime, Any]] = []
    for member_id, event_id, event_type, at, fields in session.connection().execute(query):
        if member_id != current:
            if current is not None:
                yield current, events
            current, events = member_id, []
        events.append((event_id, event_type, at, fields))
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
