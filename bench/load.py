"""HTTP load on the running app with locust, loopback only, bounded in time (`make bench`, or
`.venv/bin/python bench/load.py [--seconds 10] [--rounds 3]`; `E2E_BACKEND=postgres` runs it on
PostgreSQL + Redis with several backend workers, as the e2e suite does).

Starts the production server (`python -m member_app serve`, its frontend built in .web-bench),
gives 200 JD members 300 events each through the platform path (so their standings are
stored), then alternates locust runs of `GET /ping` (Reflex's own route on the same server, the
baseline) and `GET /api/v1/me`, at 50 and at 200 concurrent users, and a mix of reads, sign-ins
and redemptions at 50. Goals (issue #9): the p95 of `/me` <= 5x the p95 of `/ping`, and its
throughput >= 25% of `/ping`'s (printed as the inverse ratio, <= 4x).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("MEMBER_APP_SECRET", "bench-load-secret-" + "x" * 40)  # server's too

from sqlmodel import select  # noqa: E402

from bench.report import Goal, alternate, compare, header  # noqa: E402
from bench.store import NOW, raw_event  # noqa: E402
from e2e.conftest import _app_server  # noqa: E402
from member_app.db import make_engine, transaction  # noqa: E402
from member_app.models import CatalogItem, Member  # noqa: E402
from member_app.services.intake import accept_events  # noqa: E402
from member_app.services.sessions import open_session, token_for  # noqa: E402

MEMBERS = 200
EVENTS = 300
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def populate(db_url: str) -> tuple[list[tuple[int, str]], int]:
    """200 members x 300 events (deterministic), their tokens, and a 1-point catalog item."""
    from datetime import UTC, datetime

    engine = make_engine(db_url)
    rng = random.Random(7)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        members = [Member(username=f"load{i}", password_hash="!", program="jd",
                          is_demo=False, created_at=now) for i in range(MEMBERS)]
        session.add_all(members)
        item = CatalogItem(code="bench-one-point", program="jd", kind="own", name_zh="基准",
                           name_en="bench", points=1)
        session.add(item)
        session.flush()
        ids, item_id = [m.id for m in members], int(item.id)
    shift = now - NOW  # the generator's history ends at NOW: move it to end today
    for member_id in ids:
        events = [raw_event(rng, member_id, i) for i in range(EVENTS)]
        for event in events:
            event["id"] = f"load-{event['id']}"
            if "order_id" in event:
                event["order_id"] = f"load-{event['order_id']}"
            event["at"] = (datetime.fromisoformat(event["at"]) + shift).isoformat()
        with transaction(engine) as session:
            accept_events(session=session, events=events, now=now)
    with transaction(engine) as session:
        tokens = [(m.id, token_for(signed_in=open_session(session=session, member=m, now=now),
                                   now=now))
                  for m in session.exec(select(Member).where(Member.id.in_(ids)))]
    engine.dispose()
    return tokens, item_id


def locust(url: str, scenario: str, users: int, seconds: int, env: dict[str, str],
           folder: Path) -> dict[str, float]:
    """One headless locust run; the aggregated p95 (s), throughput (req/s) and failures."""
    prefix = folder / f"{scenario}-{users}"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
         "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", url,
         "--csv", str(prefix), "--loglevel", "ERROR"],
        env={**os.environ, **env, "BENCH_SCENARIO": scenario}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {"p95": float(total["95%"]) / 1000, "rps": float(total["Requests/s"]),
            "failures": float(total["Failure Count"]), "requests": float(total["Request Count"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="each locust run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    backend = "postgresql+redis" if os.environ.get("E2E_BACKEND") == "postgres" else "sqlite"
    with _app_server(web_dir=".web-bench") as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tokens, item_id = populate(server.db_url)
        token_file = folder / "tokens.txt"
        token_file.write_text("\n".join(f"{m} {t}" for m, t in tokens))
        env = {"BENCH_TOKENS": str(token_file), "BENCH_ITEM": str(item_id)}
        failures = 0.0
        for scenario, users in (("me", 50), ("me", 200), ("mix", 50)):
            runs: dict[str, list[dict[str, float]]] = {"subject": [], "ping": []}

            def measure(kind: str, name: str, n: int = users,
                        store: dict = runs) -> float:  # type: ignore[type-arg]
                result = locust(server.url, name, n, args.seconds, env, folder)
                store[kind].append(result)
                return result["p95"]

            alternate(args.rounds, lambda _r, s=scenario: measure("subject", s),
                      lambda _r: measure("ping", "ping"))
            failures += sum(r["failures"] for r in runs["subject"] + runs["ping"])
            header(f"Load [{backend}]: {scenario} at {users} users, {args.seconds}s per run",
                   f"p95 latency of {'GET /api/v1/me' if scenario == 'me' else 'the mix'} "
                   "over GET /ping's on the same server, in alternating locust runs.")
            compare(subject_name=scenario, baseline_name="/ping",
                    subjects=[r["p95"] for r in runs["subject"]],
                    baselines=[r["p95"] for r in runs["ping"]], unit="ms",
                    goal=Goal(5, at_most=True, source="issue #9"))
            print(f"   throughput: /ping's over {scenario}'s (the inverse of 'at least 25%')",
                  flush=True)
            compare(subject_name="/ping", baseline_name=scenario,
                    subjects=[r["rps"] for r in runs["ping"]],
                    baselines=[r["rps"] for r in runs["subject"]], unit="req/s",
                    goal=Goal(4, at_most=True, source="issue #9"))
        print(f"\n   failed requests in all runs: {failures:.0f}", flush=True)


if __name__ == "__main__":
    main()
