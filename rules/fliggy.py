"""Fliggy experience value and miles (SPEC 2).

Choices where SPEC is silent:
- Interaction values are per event type in the data; `photo_review_posted` counts as a review.
  The 100/day cap fills in time order within the local day.
- Trip categories: "1,500 per category, once per window" is credited to the LATEST completed
  trip of the category on or before the evaluation day, so the bonus stays while any trip of
  that category is inside the window; earlier trips of the category show 0 in explain.
- `task_completed` growth counts as `operation` (operations tasks); its points are miles.
- An order id paid twice counts once (the first by (at, id)); a refund of an unknown order
  changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rules.engine import (
    EngineResult,
    GrowthEntry,
    refund_order,
    rolling_standing,
    sign_in_credits,
)
from rules.history import Item, Order
from rules.ledger import Credit, Reversal
from rules.program import Program


def run(
    program: Program, items: list[Item], at: datetime, today: date,
    plus_periods: Sequence[tuple[datetime, datetime]],
) -> EngineResult:
    entries: list[GrowthEntry] = []
    credits: list[Credit] = []
    reversals: list[Reversal] = []
    notes: dict[str, str] = {}
    orders: dict[str, Order] = {}
    interaction_used: dict[date, int] = {}
    latest_trip: dict[str, Item] = {}
    invited = False
    base = program.fliggy_rules()
    versioned = bool(program.versions)  # else every event reads the file's figures
    for item in items:
        kind = item.type
        # the version in force on the event's day
        rules = program.on(item.day).fliggy_rules() if versioned else base
        values = rules.interaction_values
        cap = rules.interaction_daily_cap  # a day never spans two versions: both start at 0:00
        if kind == "order_paid":
            fields = item.fields
            order_id = fields["order_id"]
            if order_id in orders:
                notes[item.id] = f"order {order_id} already paid; counted once"
                continue
            amount = fields["amount"]
            order = orders[order_id] = Order(item, amount)
            if fields["special"]:
                notes[item.id] = "special order: earns no experience or miles"
                continue
            growth = int(amount // rules.purchase_yuan_per_point)
            miles = int(amount // rules.purchase_yuan_per_mile)
            order.earned = {"growth": growth, "miles": miles}
            if growth:
                entries.append(GrowthEntry(item.id, item.day, "purchase", growth, "purchase"))
            if miles:
                credits.append(Credit(item.id, "purchase", item.at, miles, item.ts, item.day))
        elif kind == "order_refunded":
            refund_order(item, orders, source="purchase", points_kind="miles", notes=notes,
                         entries=entries, reversals=reversals)
        elif kind in values:
            used = interaction_used.get(item.day, 0)
            gain = min(values[kind], cap - used)
            if gain < values[kind]:
                notes[item.id] = f"daily interaction cap of {cap} reached"
            if gain > 0:
                interaction_used[item.day] = used + gain
                entries.append(GrowthEntry(item.id, item.day, "interaction", gain, kind))
        elif kind == "trip_completed":
            latest_trip[item.fields["category"]] = item
        elif kind == "task_completed":
            if item.fields["growth"]:
                entries.append(
                    GrowthEntry(item.id, item.day, "operation", item.fields["growth"], "task")
                )
            if item.fields["points"]:
                credits.append(
                    Credit(item.id, "task", item.at, item.fields["points"], item.ts, item.day)
                )
        elif kind == "invitation_granted":
            invited = True

    for category, item in latest_trip.items():
        bonus = program.on(item.day).fliggy_rules().trip_category_bonus
        entries.append(GrowthEntry(item.id, item.day, "operation", bonus, f"trip:{category}"))
        notes[item.id] = f"latest {category} trip: carries the category bonus"
    credits += sign_in_credits(program, items, notes)

    result = rolling_standing(program, entries, invited, today, at)
    result.credits, result.reversals, result.notes = credits, reversals, notes
    return result
