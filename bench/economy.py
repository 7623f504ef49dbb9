"""Benchmark of the operators' economy (issue #14: "stays fast at 100,000 members (bench it)"):
`python bench/economy.py [--members N] [--entries N] [--rounds N] [--only DB] [--plans]`, on
SQLite and on a private PostgreSQL server, printing a ratio (see bench/report.py):

`services.ops_economy.economy(program="jd")` in a read transaction against ONE plain aggregate
over the same ledger rows, `SELECT count(*), sum(points) FROM ledger_entry`: what the economy's
figures cost beyond reading the ledger once. Goal: <= 3x.

The dataset (deterministic, seeded random) is members spread over the three programmes, about
`--entries` ledger entries each over the 18 months before NOW (earning reasons positive, spending
and expiry negative), a points_account per member holding the sum of their entries (some
negative: debts), a standing per member with its tier, and the JD members' last two monthly
settlements. It is written in bulk (executemany on sqlite3, COPY on PostgreSQL), outside the
measured part, after the app's migrations made the schema. Before timing, economy()'s answer is
compared with the same figures computed here in Python from the generated rows.
`--plans` prints each of economy()'s statements with its plan (EXPLAIN QUERY PLAN on SQLite,
EXPLAIN ANALYZE on PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text  # noqa: E402

from bench.report import Goal, alternate, compare, header  # noqa: E402
from bench.store import NOW, SQLITE_TIME, add_members  # noqa: E402
from member_app.db import make_engine, read_transaction, transaction  # noqa: E402
from member_app.migrate import upgrade  # noqa: E402
from member_app.services.ops_economy import economy  # noqa: E402

PROGRAMMES = ("jd", "fliggy", "alipay")  # member id % 3 == 1, 2, 0
TIERS = {"jd": ("registered", "bronze", "silver", "gold", "diamond"),
         "fliggy": ("F1", "F2", "F3"), "alipay": ("popular", "gold", "platinum", "diamond")}
# reason, sign, smallest and largest points, weight: earning positive, spending and expiry not.
REASONS = (("shopping", 1, 10, 800, 30), ("purchase", 1, 50, 1500, 15),
           ("sign_in", 1, 1, 20, 20), ("task", 1, 10, 200, 10),
           ("redeem", -1, 50, 1500, 12), ("market_buy", -1, 20, 800, 6),
           ("reverse", -1, 10, 800, 3), ("expire", -1, 10, 500, 4))
CUMULATIVE = [sum(r[4] for r in REASONS[:i + 1]) for i in range(len(REASONS))]
SPAN = 548 * 86400  # seconds in the 18 months before NOW the entries are spread over
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the three programmes' zone (rules/programs/*.toml)
JD_POINTS_PER_YUAN = 100  # 100 beans are 1 yuan (rules/programs/jd.toml)
SETTLED = ("2026-10", "2026-11")
GOAL = Goal(3, at_most=True,
            source="issue #14: stays fast at 100,000 members; baseline one full scan")


def program_of(member: int) -> str:
    return PROGRAMMES[(member - 1) % 3]


class Expected:
    """JD's figures computed from the generated rows, independently of services.ops_economy:
    each entry's local month by zoneinfo, outstanding as the running sum over months."""

    def __init__(self) -> None:
        self.flows: dict[str, dict[str, Any]] = {}
        self.net: Counter[str] = Counter()
        self.balances: list[int] = []
        self.tiers: Counter[str] = Counter()
        self.moves: Counter[tuple[str, str]] = Counter()

    def entry(self, points: int, reason: str, effective: datetime) -> None:
        label = effective.astimezone(SHANGHAI).strftime("%Y-%m")
        month = self.flows.setdefault(label, {"issued": 0, "spent": 0, "expired": 0,
                                              "sources": Counter(), "sinks": Counter()})
        self.net[label] += points
        if points > 0:
            month["issued"] += points
            month["sources"][reason] += points
        elif reason == "expire":
            month["expired"] -= points
        else:
            month["spent"] -= points
            month["sinks"][reason] -= points

    def answer(self, labels: list[str]) -> dict[str, Any]:
        months = []
        for label in labels:
            flows = self.flows.get(label, {"issued": 0, "spent": 0, "expired": 0,
                                           "sources": {}, "sinks": {}})
            months.append({"month": label, "issued": flows["issued"], "spent": flows["spent"],
                           "expired": flows["expired"], "sources": dict(flows["sources"]),
                           "sinks": dict(flows["sinks"]),
                           "outstanding": sum(v for k, v in self.net.items() if k <= label)})
        positive = sum(b for b in self.balances if b > 0)
        return {"program": "jd", "points_per_yuan": JD_POINTS_PER_YUAN, "months": months,
                "balances": {"accounts": len(self.balances), "total": sum(self.balances),
                             "positive": positive,
                             "liability_fen": positive * 100 // JD_POINTS_PER_YUAN},
                "tiers": dict(self.tiers),
                "last_settlement": {"month": SETTLED[1], "previous": SETTLED[0], "moves": [
                    {"from": a, "to": b, "members": n}
                    for (a, b), n in sorted(self.moves.items())]}}


def bulk(engine, table: str, columns: tuple[str, ...],  # type: ignore[no-untyped-def]
         rows: Iterable[tuple]) -> None:
    """The rows written the way bench/store.py's load_history writes its history: executemany
    on the raw sqlite3 connection (one transaction), COPY on PostgreSQL."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        names = ", ".join(columns)
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN")
            marks = ", ".join("?" * len(columns))
            chunk: list[tuple] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == 10_000:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)
                    chunk = []
            if chunk:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)
        else:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        connection.commit()
    finally:
        connection.close()


def load(engine, members: int, entries: int) -> Expected:  # type: ignore[no-untyped-def]
    """The dataset, in bulk; what JD's economy must be, from the same rows."""
    sqlite_ = engine.dialect.name == "sqlite"
    stamp: Callable[[datetime], object] = ((lambda at: at.strftime(SQLITE_TIME)) if sqlite_
                                           else (lambda at: at))
    add_members(engine, members)  # all JD, ids 1..members; spread over the programmes here
    with transaction(engine) as session:
        for index, code in enumerate(PROGRAMMES):
            session.execute(text("UPDATE member SET program = :code WHERE id % 3 = :rest"),
                            {"code": code, "rest": (index + 1) % 3})
    expected = Expected()
    rng = random.Random(14)
    balances = []

    def ledger() -> Iterator[tuple]:
        for member in range(1, members + 1):
            jd = program_of(member) == "jd"
            balance = 0
            for index in range(rng.randint(1, 2 * entries - 1)):
                reason, sign, low, high, _ = rng.choices(REASONS, cum_weights=CUMULATIVE)[0]
                points = sign * rng.randint(low, high)
                effective = NOW - timedelta(seconds=rng.randrange(SPAN))
                balance += points
                if jd:
                    expected.entry(points, reason, effective)
                at = stamp(effective)
                yield member, points, reason, f"bench:{index}", at, at
            balances.append(balance)
            if jd:
                expected.balances.append(balance)

    bulk(engine, "ledger_entry", ("member_id", "points", "reason", "ref", "at", "effective_at"),
         ledger())
    bulk(engine, "points_account", ("member_id", "balance"),
         ((member, balance) for member, balance in enumerate(balances, 1)))
    settled: list[tuple] = []
    tiers = []
    for member in range(1, members + 1):
        program = program_of(member)
        choices = TIERS[program]
        tier = rng.choice(choices)
        if program == "jd":
            before = tier
            if rng.random() < 0.2:  # a fifth move a step at the last settlement
                step = rng.choice((-1, 1))
                tier = choices[min(max(choices.index(before) + step, 0), len(choices) - 1)]
            expected.moves[(before, tier)] += 1
            for month, value in zip(SETTLED, (before, tier), strict=True):
                settled.append((month, member, 1000, 1000, value, False, "1.0", "{}", "{}",
                                stamp(NOW)))
            expected.tiers[tier] += 1
        tiers.append(tier)
    bulk(engine, "standing", ("member_id", "shape", "computed_at", "valid_until", "body", "tier"),
         ((member, 1, stamp(NOW), stamp(NOW + timedelta(days=30)), json.dumps({"tier": tier}),
           tier) for member, tier in enumerate(tiers, 1)))
    bulk(engine, "member_settlement", ("month", "member_id", "score", "base", "tier",
                                       "restricted", "multiplier", "parts", "items",
                                       "settled_at"), settled)
    if not sqlite_:  # as autovacuum would have by then (bench/store.py does the same)
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    return expected


def counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with read_transaction(engine) as session:
        return {table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("member", "ledger_entry", "points_account", "standing",
                              "member_settlement")}


def plans(engine) -> None:  # type: ignore[no-untyped-def]
    """Each statement economy() runs, with the database's plan for it."""
    statements: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with read_transaction(engine) as session:
            economy(session=session, program="jd", now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    explain = ("EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite"
               else "EXPLAIN (ANALYZE, BUFFERS) ")
    for statement, parameters in statements:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        print("\n   " + " ".join(statement.split())[:300], flush=True)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(explain + statement, parameters)
            for row in cursor.fetchall():
                print("     " + " | ".join(str(v) for v in row), flush=True)
        finally:
            connection.close()


def run(name: str, url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    expected = load(engine, args.members, args.entries)
    sizes = counts(engine)
    print(f"\n   [{name}] loaded in {time.perf_counter() - started:.0f}s (not measured): "
          + ", ".join(f"{table} {count:,}" for table, count in sizes.items()), flush=True)
    with read_transaction(engine) as session:
        answer = economy(session=session, program="jd", now=NOW)
    wanted = expected.answer([month["month"] for month in answer["months"]])
    assert answer == wanted, (answer, wanted)
    november = answer["months"][-1]
    print(f"   figures checked: JD {november['month']} issued {november['issued']:,}, spent "
          f"{november['spent']:,}, expired {november['expired']:,}, outstanding "
          f"{november['outstanding']:,}; {answer['balances']['accounts']:,} accounts",
          flush=True)

    def subject(_: int) -> float:
        with read_transaction(engine) as session:
            began = time.perf_counter()
            result = economy(session=session, program="jd", now=NOW)
            elapsed = time.perf_counter() - began
        assert result == answer
        return elapsed

    def baseline(_: int) -> float:
        with read_transaction(engine) as session:
            began = time.perf_counter()
            rows, _total = session.execute(
                text("SELECT count(*), sum(points) FROM ledger_entry")).one()
            elapsed = time.perf_counter() - began
        assert rows == sizes["ledger_entry"]
        return elapsed

    header(f"Economy [{name}]: {args.members:,} members, {sizes['ledger_entry']:,} ledger entries",
           "seconds for services.ops_economy.economy(program='jd') over one SELECT count(*), "
           "sum(points) FROM ledger_entry: what the economy costs beyond reading the ledger once.")
    economies, scans = alternate(args.rounds, subject, baseline)
    compare(subject_name="economy", baseline_name="full scan", subjects=economies,
            baselines=scans, unit="s", goal=GOAL)
    print(f"   absolute medians: economy {statistics.median(economies):.3f} s, "
          f"full scan {statistics.median(scans):.3f} s", flush=True)
    if args.plans:
        plans(engine)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=20,
                        help="ledger entries per member on average (1 to 2N-1 each)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--plans", action="store_true", help="print economy()'s query plans")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            run("sqlite", f"sqlite:///{folder}/bench.db", args)
    if args.only != "sqlite":
        from tests.support.postgres import postgres_server

        with postgres_server() as url:
            run("postgresql", url, args)
    print(f"\n   whole run: {time.perf_counter() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
