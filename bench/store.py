"""Benchmark of the store (`make bench`, or `python bench/store.py [--members N] [--events N]
[--rounds N]`), on SQLite and on a private PostgreSQL server, printing ratios:

1. Ingestion: events/s through `services.intake.accept_events` (validation, member lookup,
   ON CONFLICT, and the named members' ledgers and standings brought up to date, batches of
   1,000, one transaction each) against a raw batched INSERT of the same rows. Goal: >= 0.5x.
2. Settlement: `services.settlement.settle_month` over members x 60 events against ONE SQL
   GROUP BY over the same events table (count and sum of amounts per member). Goal: <= 2x.
   `--members` picks the size (100000 is the issue's; about 4 minutes for both databases on
   2 cores). The history is written in bulk (executemany on sqlite3, COPY on PostgreSQL),
   outside the measured part; the rows are what `ingest_events` stores.
All data are deterministic (seeded random).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402

from bench.report import MIN_ROUNDS, Goal, alternate, compare, header, timed  # noqa: E402
from member_app.db import make_engine, transaction  # noqa: E402
from member_app.migrate import upgrade  # noqa: E402
from member_app.models import Event, Member  # noqa: E402
from member_app.services.intake import accept_events  # noqa: E402
from member_app.services.settlement import settle_month  # noqa: E402

NOW = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
CATEGORIES = ("food", "electronics", "books", "clothing", "home", "beauty")


def raw_event(rng: random.Random, member: int, index: int) -> dict:
    at = (NOW - timedelta(days=400) + timedelta(seconds=rng.randrange(400 * 86400)))
    roll = rng.random()
    event = {"id": f"m{member}-{index}", "member": member, "at": at.isoformat()}
    if roll < 0.5:
        event.update(type="order_paid", order_id=f"m{member}-o{index}",
                     amount=f"{rng.randrange(100, 300000) / 100:.2f}",
                     category=rng.choice(CATEGORIES),
                     payment=rng.choice(("jdpay", "alipay", "other")))
    elif roll < 0.6:
        event.update(type="review_posted", order_id=f"m{member}-o{index - 1}")
    elif roll < 0.65:
        event.update(type="question_answered")
    else:
        event.update(type="signed_in")
    return event


def stored_row(event: dict) -> dict:
    fields = {k: v for k, v in event.items() if k not in ("id", "member", "type", "at")}
    if event["type"] == "order_paid":
        fields.setdefault("special", False)
    return {"id": event["id"], "member_id": event["member"], "type": event["type"],
            "at": datetime.fromisoformat(event["at"]), "fields": fields, "received_at": NOW}


def add_members(engine, count: int) -> None:  # type: ignore[no-untyped-def]
    rows = [{"username": f"b{i}", "password_hash": "!", "program": "jd", "is_demo": False,
             "created_at": NOW} for i in range(count)]
    with transaction(engine) as session:
        for start in range(0, count, 10_000):
            session.execute(insert(Member), rows[start:start + 10_000])


def bench_ingest(engine, total: int, members: int,  # type: ignore[no-untyped-def]
                 rounds: int) -> tuple[list[float], list[float]]:
    """Events/s of the service and of a raw batched INSERT, alternating, fresh ids per round."""
    rng = random.Random(1)
    events = [raw_event(rng, rng.randrange(1, members + 1), i) for i in range(total)]

    def service(number: int) -> float:
        fresh = [{**e, "id": f"s{number}-{e['id']}"} for e in events]

        def run() -> None:
            for start in range(0, total, 1000):
                with transaction(engine) as session:
                    accept_events(session=session, events=fresh[start:start + 1000], now=NOW)
        return total / timed(run)

    def direct(number: int) -> float:
        raw = [stored_row({**e, "id": f"r{number}-{e['id']}"}) for e in events]

        def run() -> None:
            for start in range(0, total, 1000):
                with transaction(engine) as session:
                    session.execute(insert(Event), raw[start:start + 1000])
        return total / timed(run)

    measured = alternate(rounds, service, direct)
    with transaction(engine) as session:
        session.execute(text("DELETE FROM event"))
    return measured


def load_history(engine, members: int, per_member: int) -> None:  # type: ignore[no-untyped-def]
    """members x per_member events, written the bulk way (the settlement is measured, not
    the loading): executemany on the raw sqlite3 connection, COPY on PostgreSQL. The rows are
    what `ingest_events` stores (UTC `at`, fields as JSON, defaults filled in)."""
    rng = random.Random(2)
    columns = "id, member_id, type, at, fields, received_at"
    sqlite_ = engine.dialect.name == "sqlite"
    received = NOW.strftime(SQLITE_TIME) if sqlite_ else NOW
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if sqlite_:
            cursor.execute("BEGIN")
            for start in range(1, members + 1, 1000):
                rows = [_bulk_row(rng, member, i, received, sqlite_)
                        for member in range(start, min(start + 1000, members + 1))
                        for i in range(per_member)]
                cursor.executemany(f"INSERT INTO event ({columns}) VALUES (?, ?, ?, ?, ?, ?)",
                                   rows)
        else:
            with cursor.copy(f"COPY event ({columns}) FROM STDIN") as copy:
                for member in range(1, members + 1):
                    for i in range(per_member):
                        copy.write_row(_bulk_row(rng, member, i, received, sqlite_))
        connection.commit()
        if not sqlite_:
            cursor.execute("ANALYZE event")
            connection.commit()
    finally:
        connection.close()


SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _bulk_row(rng: random.Random, member: int, index: int, received: object,
              sqlite_: bool) -> tuple:
    row = stored_row(raw_event(rng, member, index))
    at = row["at"].strftime(SQLITE_TIME) if sqlite_ else row["at"]
    return (row["id"], member, row["type"], at, json.dumps(row["fields"]), received)


SETTLED_MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11", "2026-07", "2026-06")


def bench_settlement(engine, members: int,  # type: ignore[no-untyped-def]
                     rounds: int) -> tuple[list[float], list[float]]:
    """Seconds for `settle_month` and for one SQL GROUP BY over the same window, alternating.

    A month settles once (idempotent), so each round settles the next month of SETTLED_MONTHS
    and the GROUP BY reads the same events (those before that month's settlement window end)."""
    sqlite_ = engine.dialect.name == "sqlite"
    amount = ("CAST(json_extract(fields, '$.amount') AS REAL)" if sqlite_
              else "CAST(fields->>'amount' AS NUMERIC)")

    def settle(number: int) -> float:
        month = SETTLED_MONTHS[number % len(SETTLED_MONTHS)]
        with transaction(engine) as session:
            started = time.perf_counter()
            result = settle_month(session=session, month=month, now=NOW)
            elapsed = time.perf_counter() - started
        assert result.members == members and result.ran, result
        return elapsed

    def group_by(number: int) -> float:
        year, month = (int(p) for p in SETTLED_MONTHS[number % len(SETTLED_MONTHS)].split("-"))
        end = datetime(year, month, 1, tzinfo=UTC) - timedelta(hours=8)  # local midnight
        with transaction(engine) as session:
            started = time.perf_counter()
            rows = session.execute(text(
                f"SELECT member_id, COUNT(*), SUM({amount}) FROM event "  # noqa: S608
                "WHERE at < :end GROUP BY member_id"), {"end": end}).all()
            elapsed = time.perf_counter() - started
        assert len(rows) == members
        return elapsed

    return alternate(min(max(rounds, MIN_ROUNDS), len(SETTLED_MONTHS)), settle, group_by)


def run(name: str, url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    add_members(engine, args.members)
    header(f"Store [{name}]: ingesting {args.events:,} events",
           "events/s through services.intake.accept_events (validation, member lookup, ON "
           "CONFLICT, the members' standings updated; batches of 1,000, one transaction each) "
           "over a raw batched INSERT of the same rows.")
    service, direct = bench_ingest(engine, args.events, args.members, args.rounds)
    compare(subject_name="service", baseline_name="raw INSERT", subjects=service,
            baselines=direct, unit="events/s", goal=Goal(0.5, at_most=False, source="issue #9"))
    started = time.perf_counter()
    load_history(engine, args.members, 60)
    print(f"   (loaded {args.members * 60:,} events for the settlement in "
          f"{time.perf_counter() - started:.0f}s, not measured)", flush=True)
    header(f"Store [{name}]: JD monthly settlement, {args.members:,} members x 60 events",
           "seconds for services.settlement.settle_month over one SQL GROUP BY (count and sum "
           "of amounts per member) over the same events: what the rules cost beyond reading "
           "the history once.")
    peak_before = _peak_mib()
    settle, group_by = bench_settlement(engine, args.members, args.rounds)
    compare(subject_name="settle_month", baseline_name="GROUP BY", subjects=settle,
            baselines=group_by, unit="s", goal=Goal(2, at_most=True, source="issue #9"))
    peak = _peak_mib()
    print(f"   peak resident memory of this process: {peak_before:,.0f} MiB before the "
          f"settlements, {peak:,.0f} MiB after; goal < 500 MiB at 100,000 members (issue #9): "
          f"{'met' if peak < 500 else 'MISSED'}", flush=True)
    engine.dispose()


def _peak_mib() -> float:
    """The process's high-water resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5_000,
                        help="members for the settlement (100000 is the full size)")
    parser.add_argument("--events", type=int, default=20_000, help="events to ingest")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    args = parser.parse_args()
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            run("sqlite", f"sqlite:///{folder}/bench.db", args)
    if args.only != "sqlite":
        from tests.support.postgres import postgres_server

        with postgres_server() as url:
            run("postgresql", url, args)


if __name__ == "__main__":
    main()
