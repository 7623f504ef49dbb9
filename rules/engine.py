"""What every program's rule set produces, and the pieces the rule sets share.

A rule set (`fliggy`, `alipay`, `jd`) reads a prepared history and returns an EngineResult:
the growth entries that count now (each tied to the event that caused it), the tier standing,
and the point credits and reversals for the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rules.history import Item, Order
from rules.ledger import Credit, Reversal
from rules.localtime import window_start
from rules.program import Program, Tier
from rules.streaks import forgiven_days, run_lengths, sign_in_reward


@dataclass(frozen=True, slots=True)
class GrowthEntry:
    """`amount` of growth from `source`, caused by event `event_id`, dated `on` (local).

    `on` decides the rolling window and the month in the charts; a refund's reversal carries
    the date of the order it reverses, so both leave the window together. `item` says which
    rule produced it (for explain).
    """

    event_id: str
    on: date
    source: str
    amount: int
    item: str


@dataclass(slots=True)
class EngineResult:
    entries: list[GrowthEntry]  # the growth that counts now; sums to `base`
    base: int  # growth before any multiplier
    growth: int  # the growth that decides the tier
    tier: str
    restricted: bool = False
    multiplier: Decimal = Decimal(1)
    last_settlement: date | None = None
    invited: bool = False
    drops_on: date | None = None
    drops_to: str | None = None
    credits: list[Credit] = field(default_factory=list)
    reversals: list[Reversal] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # event id -> why it counts as it does
    extras: dict[str, Any] = field(default_factory=dict)  # rule-set specific (settlement...)


def sign_in_credits(program: Program, items: list[Item], notes: dict[str, str]) -> list[Credit]:
    """The first sign-in of each local day earns the reward of its streak day (a day a streak
    freeze forgave keeps the run: rules.streaks); later ones that day are no-ops."""
    firsts: list[Item] = []
    freezes: list[Item] = []
    for item in items:
        if item.type == "signed_in":
            if firsts and firsts[-1].day == item.day:
                notes[item.id] = "already signed in that day"
            else:
                firsts.append(item)
        elif item.type == "streak_frozen":
            freezes.append(item)
    days = [i.day for i in firsts]
    forgiven = forgiven_days(freezes, set(days), notes) if freezes else frozenset()
    credits = []
    for item, day_number in zip(firsts, run_lengths(days, forgiven), strict=True):
        reward = sign_in_reward(program.on(item.day), day_number)
        notes[item.id] = f"streak day {day_number}"
        if reward:
            credits.append(Credit(item.id, "sign_in", item.at, reward, item.ts, item.day))
    return credits


def refund_order(
    item: Item,
    orders: dict[str, Order],
    *,
    source: str,
    points_kind: str,
    notes: dict[str, str],
    entries: list[GrowthEntry],
    reversals: list[Reversal],
) -> dict[str, int]:
    """A refund (SPEC 1): reverses the order's growth and points in proportion, never more
    than was earned. The growth reversal is dated on the order's day, so both leave the
    window together; a refund of an unknown order changes nothing. Returns what it reversed
    of each earning (the caller handles earnings other than growth and `points_kind`)."""
    order = orders.get(item.fields["order_id"])
    if order is None:
        notes[item.id] = "refund of an unknown order: no effect"
        return {}
    steps = order.refund(item.fields["amount"])
    if steps.get("growth"):
        entries.append(GrowthEntry(item.id, order.item.day, source, -steps["growth"], "refund"))
    if steps.get(points_kind):
        reversals.append(Reversal(item.id, item.at, order.item.id, steps[points_kind], item.ts))
    return steps


def in_window(entries: list[GrowthEntry], today: date, days: int) -> list[GrowthEntry]:
    first = window_start(today, days)
    return [e for e in entries if first <= e.on <= today]


def qualified_tier(program: Program, growth: int, invited: bool) -> Tier:
    best = program.tiers[0]
    for tier in program.tiers:
        if growth >= tier.threshold and (invited or not tier.requires_invitation):
            best = tier
    return best


def rolling_drop(
    program: Program,
    entries: list[GrowthEntry],
    growth: int,
    tier: Tier,
    invited: bool,
    today: date,
) -> tuple[date | None, str | None]:
    """When old growth leaving the window first takes the member below their tier.

    Assumes nothing new happens: growth dated `d` leaves the window on `d + window_days`.
    """
    if tier is program.tiers[0]:
        return None, None
    per_day: dict[date, int] = {}
    for entry in entries:
        per_day[entry.on] = per_day.get(entry.on, 0) + entry.amount
    remaining = growth
    for day in sorted(per_day):
        remaining -= per_day[day]
        if remaining < tier.threshold:
            leaves = day + timedelta(days=program.window_days)
            if leaves <= today:  # cannot happen for in-window entries; kept defensive
                continue
            return leaves, qualified_tier(program, remaining, invited).code
    return None, None


def rolling_standing(
    program: Program, result_entries: list[GrowthEntry], invited: bool, today: date, at: datetime
) -> EngineResult:
    """Tier on the rolling window of `program.window_days` local days ending today, under the
    version in force today (the window and the thresholds are figures of the moment; when
    the tier would drop assumes today's figures stay)."""
    program = program.on(today)
    entries = in_window(result_entries, today, program.window_days)
    growth = sum(e.amount for e in entries)
    tier = qualified_tier(program, growth, invited)
    drops_on, drops_to = rolling_drop(program, entries, growth, tier, invited, today)
    return EngineResult(
        entries=entries,
        base=growth,
        growth=growth,
        tier=tier.code,
        invited=invited,
        drops_on=drops_on,
        drops_to=drops_to,
    )
