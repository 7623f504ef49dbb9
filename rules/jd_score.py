"""The JD score and its monthly settlement (SPEC 4).

Settled on the 1st of each local month S over the 12 full local months before it:
[S - 12 months, S), local midnights. Choices where SPEC is silent:
- Account items (real name, WeChat, QQ) count if done any time before local midnight of S.
- Net amount: each order in the window earns floor(paid / 10); refunds made before S reverse
  it by the SPEC 1 rule (floor of earning x refunded / paid, cumulative); a refund on or after
  S changes nothing for this settlement. An order whose refunds before S reach its amount is
  "fully refunded" and counts for no item (orders, categories, months, jdpay).
- Reviews and photo reviews count once per order id each (a second review of the same order
  earns nothing); questions count each event; sign-ins count distinct local days.
- Caps fill in time order, so explain can name which events reached each cap.
- Risk: the latest `risk_flag` of each kind before local midnight of S. Any `fair` multiplies
  the score by `fair_multiplier` (0.9, floor); any `poor` restricts the member (tier = lowest,
  benefits frozen) and the score is shown as computed (x0.9 too if the other kind is fair).
- `settle_jd` requires S to be the 1st of a month (ValueError otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from rules.engine import GrowthEntry, qualified_tier
from rules.events import Event
from rules.history import Item, dedupe, make_items, proportional_reversal
from rules.localtime import add_months, instant_key, start_of_day
from rules.program import Program

SOURCES = ("account", "consumption", "activity")


@dataclass(frozen=True, slots=True)
class Settlement:
    settled_on: date
    score: int  # after the risk multiplier
    base: int  # before it: the sum of parts
    parts: MappingProxyType  # account / consumption / activity
    items: MappingProxyType  # each table row's points after its cap
    multiplier: Decimal
    restricted: bool
    risk: MappingProxyType  # kind -> level as of settlement
    tier: str


def settle_jd(program: Program, events: Iterable[Event], settlement_day: date) -> Settlement:
    """The settlement of `settlement_day` (a 1st) from a member's raw events (any order)."""
    if settlement_day.day != 1:
        raise ValueError("settlement_day must be the 1st of a month")
    end = instant_key(start_of_day(program, settlement_day))
    keyed = [(key, event) for key, event in dedupe(events) if key < end]
    return settle_items(program, make_items(program, keyed), settlement_day)[0]


def settle_items(
    program: Program, items: list[Item], settlement_day: date, detail: bool = False
) -> tuple[Settlement, list[GrowthEntry]]:
    """Settle from prepared items (sorted by (at, id), deduplicated)."""
    rules = program.jd
    end = instant_key(start_of_day(program, settlement_day))
    start = instant_key(start_of_day(program, add_months(settlement_day, -rules.months)))
    counters = _Counters(detail)
    verified = None
    channels: dict[str, Item] = {}
    risk: dict[str, str] = {}
    orders: dict[str, list[Any]] = {}  # order id -> [item, refunded, in_window]
    reviewed: set[tuple[str, str]] = set()
    days_signed: set[date] = set()

    for item in items:
        if item.ts >= end:
            break
        kind = item.type
        inside = item.ts >= start
        if kind == "order_paid":
            if item.fields["order_id"] not in orders:
                orders[item.fields["order_id"]] = [item, Decimal(0), inside]
        elif kind == "order_refunded":
            order = orders.get(item.fields["order_id"])
            if order is not None:
                order[1] += item.fields["amount"]
        elif kind == "risk_flag":
            risk[item.fields["kind"]] = item.fields["level"]
        elif kind == "identity_verified":
            verified = verified or item
        elif kind == "account_bound":
            channels.setdefault(item.fields["channel"], item)
        elif not inside:
            continue
        elif kind in ("review_posted", "photo_review_posted"):
            key = (kind, item.fields["order_id"])
            if key not in reviewed:
                reviewed.add(key)
                if kind == "review_posted":
                    counters.add(item, "activity", "review", rules.review_points, rules.review_cap)
                else:
                    counters.add(
                        item,
                        "activity",
                        "photo_review",
                        rules.photo_review_points,
                        rules.photo_review_cap,
                    )
        elif kind == "question_answered":
            counters.add(item, "activity", "question", rules.question_points, rules.question_cap)
        elif kind == "signed_in" and item.day not in days_signed:
            days_signed.add(item.day)
            counters.add(item, "activity", "sign_in", rules.sign_in_points, rules.sign_in_cap)

    if verified is not None:
        counters.add(verified, "account", "identity_verified", rules.identity_verified, None)
    for channel in ("wechat", "qq"):
        if channel in channels:
            counters.add(channels[channel], "account", channel, rules.channel_points[channel], None)
    _consumption(program, orders, counters)

    base = sum(counters.parts.values())
    levels = set(risk.values())
    multiplier = rules.fair_multiplier if "fair" in levels else Decimal(1)
    score = int(base * multiplier) if multiplier != 1 else base
    restricted = "poor" in levels
    tier = program.tiers[0] if restricted else qualified_tier(program, score, True)
    settlement = Settlement(
        settled_on=settlement_day,
        score=score,
        base=base,
        parts=MappingProxyType({s: counters.parts.get(s, 0) for s in SOURCES}),
        items=MappingProxyType(dict(counters.items)),
        multiplier=multiplier,
        restricted=restricted,
        risk=MappingProxyType({k: risk.get(k, "good") for k in ("reputation", "credit")}),
        tier=tier.code,
    )
    return settlement, counters.entries


def _consumption(program: Program, orders: dict[str, list[Any]], counters: _Counters) -> None:
    rules = program.jd
    categories: set[str] = set()
    months: set[tuple[int, int]] = set()
    for item, refunded, inside in orders.values():
        if not inside:
            continue
        fields = item.fields
        paid = fields["amount"]
        earned = int(paid // rules.amount_yuan_per_point)
        net = earned - proportional_reversal(earned, paid, refunded)
        counters.add(item, "consumption", "amount", net, rules.amount_cap)
        if refunded > 0 and refunded >= paid:
            continue
        counters.add(item, "consumption", "order", rules.order_points, rules.order_cap)
        if fields["category"] not in categories:
            categories.add(fields["category"])
            counters.add(item, "consumption", "category", rules.category_points, rules.category_cap)
        month = (item.day.year, item.day.month)
        if month not in months:
            months.add(month)
            counters.add(item, "consumption", "month", rules.month_points, rules.month_cap)
        if fields["payment"] == "jdpay":
            counters.add(item, "activity", "jdpay", rules.jdpay_points, rules.jdpay_cap)


class _Counters:
    """Capped sums per table row, with per-event entries when `detail` is asked for."""

    __slots__ = ("detail", "items", "parts", "entries")

    def __init__(self, detail: bool) -> None:
        self.detail = detail
        self.items: dict[str, int] = {}
        self.parts: dict[str, int] = {}
        self.entries: list[GrowthEntry] = []

    def add(self, item: Item, source: str, row: str, points: int, cap: int | None) -> None:
        used = self.items.get(row, 0)
        gain = points if cap is None else min(points, cap - used)
        if gain <= 0:
            self.items.setdefault(row, used)
            return
        self.items[row] = used + gain
        self.parts[source] = self.parts.get(source, 0) + gain
        if self.detail:
            self.entries.append(GrowthEntry(item.id, item.day, source, gain, row))
