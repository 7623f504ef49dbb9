"""Benchmark of the rules engine (`make bench`, or `python bench/rules.py [--rounds N]`).

1. One member with 100,000 events through `evaluate` (parsing JSON lines included, as the
   CLI does) against a bare loop that only parses the same JSON lines and sums amounts.
2. In-memory JD settlement of 100,000 members x 60 events. To keep memory and set-up time
   small, 1,000 distinct member histories are generated and settled in rotation; every call
   does the full computation (nothing is cached between calls).
All data are deterministic (seeded random).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import MIN_ROUNDS, Goal, alternate, compare, header, timed  # noqa: E402
from rules import evaluate, load_program, parse_event, settle_jd  # noqa: E402

SHANGHAI = timezone(timedelta(hours=8))
AT = datetime(2026, 11, 22, 12, 0, tzinfo=SHANGHAI)
CATEGORIES = ("food", "electronics", "books", "clothing", "home", "beauty")


def member_events(rng: random.Random, count: int, prefix: str) -> list[dict]:
    start = AT - timedelta(days=500)
    span = int((AT - start).total_seconds())
    events = []
    orders = []
    for i in range(count):
        at = (start + timedelta(seconds=rng.randrange(span))).isoformat()
        roll = rng.random()
        event = {"id": f"{prefix}-{i}", "at": at}
        if roll < 0.35:
            order_id = f"{prefix}-o{i}"
            orders.append(order_id)
            event.update(
                type="order_paid",
                order_id=order_id,
                amount=f"{rng.randrange(100, 500000) / 100:.2f}",
                category=rng.choice(CATEGORIES),
                payment=rng.choice(("jdpay", "alipay", "other")),
                special=rng.random() < 0.05,
            )
        elif roll < 0.40 and orders:
            event.update(
                type="order_refunded",
                order_id=rng.choice(orders),
                amount=f"{rng.randrange(100, 20000) / 100:.2f}",
            )
        elif roll < 0.55 and orders:
            event.update(type="review_posted", order_id=rng.choice(orders))
        elif roll < 0.60 and orders:
            event.update(type="photo_review_posted", order_id=rng.choice(orders))
        elif roll < 0.65:
            event.update(type="question_answered")
        elif roll < 0.95:
            event.update(type="signed_in")
        elif roll < 0.97:
            event.update(type="account_bound", channel=rng.choice(("wechat", "qq")))
        elif roll < 0.98:
            event.update(type="identity_verified")
        else:
            event.update(
                type="risk_flag",
                kind=rng.choice(("reputation", "credit")),
                level=rng.choice(("good", "good", "fair")),
            )
        events.append(event)
    return events


def bench_one_member(rounds: int) -> None:
    header("Rules engine: one member, 100,000 events",
           "`evaluate` (parsing the JSON lines included, as the CLI does) over a bare loop that "
           "only parses the same lines with the same JSON parser and sums the amounts: what the "
           "engine costs beyond reading its input.")
    rng = random.Random(20261122)
    lines = [json.dumps(e) for e in member_events(rng, 100_000, "m")]
    program = load_program("jd")
    results: list[dict] = []

    def bare(_round: int) -> float:
        def loop() -> None:
            total = Decimal(0)
            for line in lines:
                obj = json.loads(line)
                if "amount" in obj:
                    total += Decimal(obj["amount"])
        return timed(loop)

    def full(_round: int) -> float:
        return timed(lambda: results.append(
            evaluate(program, [parse_event(json.loads(line)) for line in lines], AT)))

    subjects, baselines = alternate(rounds, full, bare)
    print(f"   result: tier {results[-1]['tier']}, growth {results[-1]['growth']}")
    compare(subject_name="evaluate", baseline_name="bare loop", subjects=subjects,
            baselines=baselines, unit="s", goal=Goal(3, at_most=True, source="issue #10"))


def bench_settlement(rounds: int, members: int) -> None:
    header(f"Rules engine: in-memory JD settlement, {members:,} members x 60 events",
           "members settled per second by `settle_jd` (1,000 distinct histories in rotation, "
           "nothing cached between calls). Informational: no goal; the store's settlement goal "
           "is measured by bench/store.py.")
    rng = random.Random(7)
    program = load_program("jd")
    histories = [[parse_event(e) for e in member_events(rng, 60, f"h{h}")] for h in range(1_000)]
    day = date(2026, 11, 1)
    rates = []
    tiers: dict[str, int] = {}
    for _ in range(max(rounds, MIN_ROUNDS)):
        tiers = {}
        started = time.perf_counter()
        for member in range(members):
            settlement = settle_jd(program, histories[member % len(histories)], day)
            tiers[settlement.tier] = tiers.get(settlement.tier, 0) + 1
        rates.append(members / (time.perf_counter() - started))
    print(f"   members/s per round: {', '.join(f'{r:,.0f}' for r in rates)}; "
          f"median {statistics.median(rates):,.0f}")
    print(f"   tiers {dict(sorted(tiers.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument("--members", type=int, default=100_000,
                        help="members for the in-memory settlement")
    args = parser.parse_args()
    bench_one_member(args.rounds)
    bench_settlement(args.rounds, args.members)


if __name__ == "__main__":
    main()
