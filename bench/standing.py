"""Benchmark of stored standings (`make bench`, or `python bench/standing.py [--long N]
[--rounds N] [--only sqlite|postgresql]`), on SQLite and on a private PostgreSQL server:

1. Reads flat: the median `GET /api/v1/me` (in process, through the whole FastAPI stack) for a
   member with `--long` events (10,000 by default) over the same for a member with 10 events.
   Goal (issue #9): <= 2x. Each standing is fresh, as after any write or the nightly sweep.
2. Writes: posting one event (`POST /api/v1/events` with one event) for the long member over
   the same for the short one. Goal (issue #9): <= 2x. Each write recomputes the member's
   standing from their whole history today, so this one is expected to miss until updates
   fold new events in incrementally (see docs/decisions.md).

Histories are deterministic (seeded random, bench.store's generator), written in bulk.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from bench.report import MIN_ROUNDS, Goal, alternate, compare, header  # noqa: E402
from bench.store import NOW, add_members, load_history  # noqa: E402
from member_app.api.app import create_app  # noqa: E402
from member_app.db import make_engine, transaction  # noqa: E402
from member_app.migrate import upgrade  # noqa: E402
from member_app.models import Member  # noqa: E402
from member_app.services.auth import issue_platform_token  # noqa: E402
from member_app.services.points import sync_points  # noqa: E402
from member_app.services.sessions import open_session, token_for  # noqa: E402

SHORT = 10
REQUESTS = 40  # per member per round


def _median_seconds(action, count: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(name: str, url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    add_members(engine, 2)  # member 1: long history, member 2: short
    load_history(engine, 1, args.long)
    _load_short(engine)
    with transaction(engine) as session:
        for member_id in (1, 2):
            sync_points(session=session, member=session.get(Member, member_id), now=NOW)
    client = TestClient(create_app(engine=engine, clock=lambda: NOW))
    tokens = {m: _token(engine, m) for m in (1, 2)}
    headers = {m: {"Authorization": f"Bearer {token}"} for m, token in tokens.items()}
    platform = {"Authorization": f"Bearer {issue_platform_token(now=NOW)}"}

    def read(member_id: int):  # type: ignore[no-untyped-def]
        def once() -> None:
            answer = client.get("/api/v1/me", headers=headers[member_id])
            assert answer.status_code == 200, answer.text
        return lambda _round: _median_seconds(once, REQUESTS)

    header(f"Standing [{name}]: GET /me, {args.long:,} events against {SHORT}",
           "median seconds of one read for the long history over the short one: reads take "
           "the stored standing, whatever the history's length.")
    long_reads, short_reads = alternate(args.rounds, read(1), read(2))
    compare(subject_name=f"{args.long:,} events", baseline_name=f"{SHORT} events",
            subjects=long_reads, baselines=short_reads, unit="ms",
            goal=Goal(2, at_most=True, source="issue #9"))

    counter = iter(range(10**9))

    def write(member_id: int):  # type: ignore[no-untyped-def]
        def once() -> None:
            n = next(counter)
            answer = client.post("/api/v1/events", headers=platform, json=[{
                "id": f"w{n}", "member": member_id, "type": "question_answered",
                "at": NOW.isoformat()}])
            assert answer.status_code == 200, answer.text
        return lambda _round: _median_seconds(once, max(REQUESTS // 4, 5))

    header(f"Standing [{name}]: posting one event, {args.long:,} events against {SHORT}",
           "median seconds of POST /api/v1/events with one event, including the member's "
           "standing update, for the long history over the short one.")
    long_writes, short_writes = alternate(args.rounds, write(1), write(2))
    compare(subject_name=f"{args.long:,} events", baseline_name=f"{SHORT} events",
            subjects=long_writes, baselines=short_writes, unit="ms",
            goal=Goal(2, at_most=True, source="issue #9"))
    engine.dispose()


def _token(engine, member_id: int) -> str:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        member = session.get(Member, member_id)
        return token_for(signed_in=open_session(session=session, member=member, now=NOW),
                         now=NOW)


def _load_short(engine) -> None:  # type: ignore[no-untyped-def]
    """Member 2's ten events, from the same generator as member 1's."""
    import random

    from bench.store import raw_event, stored_row
    from member_app.models import Event

    rng = random.Random(3)
    rows = [stored_row(raw_event(rng, 2, i)) for i in range(SHORT)]
    with transaction(engine) as session:
        session.execute(Event.__table__.insert(), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--long", type=int, default=10_000, help="events of the long member")
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
