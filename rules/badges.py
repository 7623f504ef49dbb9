"""Category badges (SPEC 4): net spending per category over a rolling window of local days.

Spending counts orders paid within the last `window_days` local days (including today), net
of refunds made up to the evaluation instant; special orders count too (it is spending).
An order id paid twice counts once. Programs without `[badges]` data have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rules.history import Item
from rules.localtime import window_start
from rules.program import Program


@dataclass(frozen=True, slots=True)
class BadgeStatus:
    category: str
    level: str | None  # highest level reached, None below the first
    levels_reached: tuple[str, ...]  # each grants the category's coupon once (SPEC 7)
    spent: Decimal  # net yuan in the window
    next_level: str | None
    needs: Decimal  # yuan still to spend for next_level (0 at the top)


def category_badges(program: Program, items: list[Item], today: date) -> dict[str, BadgeStatus]:
    rules = program.badges
    if rules is None:
        return {}
    first = window_start(today, rules.window_days)
    paid: dict[str, tuple[str, Decimal]] = {}
    refunded: dict[str, Decimal] = {}
    for item in items:
        if item.type == "order_paid":
            order_id = item.fields["order_id"]
            if order_id not in paid and item.day >= first:
                paid[order_id] = (item.fields["category"], item.fields["amount"])
        elif item.type == "order_refunded":
            order_id = item.fields["order_id"]
            refunded[order_id] = refunded.get(order_id, Decimal(0)) + item.fields["amount"]
    spent: dict[str, Decimal] = {}
    for order_id, (category, amount) in paid.items():
        net = amount - min(amount, refunded.get(order_id, Decimal(0)))
        spent[category] = spent.get(category, Decimal(0)) + net
    result = {}
    for category in sorted(spent):
        total = spent[category]
        reached = tuple(level.code for level in rules.levels if total >= level.threshold)
        upcoming = [level for level in rules.levels if total < level.threshold]
        result[category] = BadgeStatus(
            category=category,
            level=reached[-1] if reached else None,
            levels_reached=reached,
            spent=total,
            next_level=upcoming[0].code if upcoming else None,
            needs=upcoming[0].threshold - total if upcoming else Decimal(0),
        )
    return result
