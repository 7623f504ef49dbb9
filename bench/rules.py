"""Benchmark of the rules engine (`python bench/rules.py`).

1. One member with 100,000 events through `evaluate` (parsing JSON lines included, as the
   CLI does) against a bare loop that only parses the same JSON lines and sums amounts.
2. In-memory JD settlement of 100,000 members x 60 events. To keep memory and set-up time
   small, 1,000 distinct member histories are generated and settled in rotation; every call
   does the full computation (nothing is cached between calls).
All data are deterministic (seeded random).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def bench_one_member() -> None:
    rng = random.Random(20261122)
    lines = [json.dumps(e) for e in member_events(rng, 100_000, "m")]
    program = load_program("jd")

    started = time.perf_counter()
    total = Decimal(0)
    for line in lines:
        obj = json.loads(line)
        if "amount" in obj:
            total += Decimal(obj["amount"])
    bare = time.perf_counter() - started

    started = time.perf_counter()
    result = evaluate(program, [parse_event(json.loads(line)) for line in lines], AT)
    full = time.perf_counter() - started

    print(f"one member, {len(lines):,} events")
    print(f"  bare parse + sum : {bare:.3f} s")
    print(f"  evaluate         : {full:.3f} s (tier {result['tier']}, growth {result['growth']})")
    print(f"  ratio            : {full / bare:.2f}x")


def bench_settlement() -> None:
    rng = random.Random(7)
    program = load_program("jd")
    histories = [[parse_event(e) for e in member_events(rng, 60, f"h{h}")] for h in range(1_000)]
    members = 100_000
    day = date(2026, 11, 1)
    started = time.perf_counter()
    tiers: dict[str, int] = {}
    for member in range(members):
        settlement = settle_jd(program, histories[member % len(histories)], day)
        tiers[settlement.tier] = tiers.get(settlement.tier, 0) + 1
    elapsed = time.perf_counter() - started
    print(f"JD settlement, {members:,} members x 60 events")
    print(f"  {elapsed:.2f} s, {members / elapsed:,.0f} members/s")
    print(f"  tiers {dict(sorted(tiers.items()))}")


if __name__ == "__main__":
    bench_one_member()
    bench_settlement()
