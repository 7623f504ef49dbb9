"""Alipay tier points and points (SPEC 3).

Choices where SPEC is silent:
- Monthly caps fill in time order within the local month, on what orders and bills earn when
  they happen; a later refund reverses part of what was credited and does not free cap room
  for later events (points are an append-only ledger; growth follows the same arithmetic).
- Wealth: the month's average daily balance is the sum of each day's balance (carry-forward,
  0 before the first) divided by the number of days counted: all days of a complete month, or
  the days from the 1st through the evaluation day for the current month. A complete month's
  tier points are dated its last day (for the window and charts); the current month's are
  dated the evaluation day. Wealth POINTS are credited only for complete months, at local
  midnight starting the next month (a ledger credit cannot shrink later). Several balances
  for one date: the last by (at, id) wins. Balances dated after the evaluation day are
  ignored. Months more than `expiry_years_after + 1` years before the evaluation year are not
  computed: their points have expired and they are outside the window.
- Order subsidy: `min + n mod (max - min + 1)` where n is the first 8 bytes (big-endian) of
  sha256(event id as UTF-8). It and the sign-in point are offered as bubbles to collect
  (SPEC 13, rules.bubbles); refunds reverse the subsidy in proportion like the order's points.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from rules.bubbles import BubbleBook
from rules.engine import (
    EngineResult,
    GrowthEntry,
    refund_order,
    rolling_standing,
    sign_in_credits,
)
from rules.history import Item, Order
from rules.ledger import Credit, Reversal
from rules.localtime import add_months, last_of_month, month_key, start_of_day
from rules.program import AlipayRules, Program


def order_subsidy(rules: AlipayRules, event_id: str) -> int:
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    span = rules.order_subsidy_max - rules.order_subsidy_min + 1
    return rules.order_subsidy_min + int.from_bytes(digest[:8], "big") % span


def run(
    program: Program, items: list[Item], at: datetime, today: date,
    plus_periods: Sequence[tuple[datetime, datetime]],
) -> EngineResult:
    entries: list[GrowthEntry] = []
    credits: list[Credit] = []
    reversals: list[Reversal] = []
    notes: dict[str, str] = {}
    orders: dict[str, Order] = {}
    shopping_used: dict[tuple[int, int], int] = {}
    life_used: dict[tuple[int, int], int] = {}
    balances: dict[date, Decimal] = {}
    balance_ids: dict[date, str] = {}
    base = program.alipay_rules()
    versioned = bool(program.versions)  # else every event reads the file's figures
    bubbles = BubbleBook(program)
    lot_of: dict[str, int] = {}  # order id -> the points its own lot was credited
    for offer in sign_in_credits(program, items, notes):  # the sign-in point waits too
        assert offer.ts is not None and offer.day is not None  # made from an item: both known
        if _waits(program, offer.day):
            bubbles.offer(offer.key, "sign_in", offer.at, offer.ts, offer.day, offer.amount,
                          notes)
        else:
            credits.append(offer)

    for item in items:
        kind = item.type
        month = (item.day.year, item.day.month)
        # The version in force on the event's day; a monthly cap changed mid-month is the
        # cap of the event that reaches it, on what the month's earlier events used.
        rules = program.on(item.day).alipay_rules() if versioned else base
        if kind == "order_paid":
            order_id = item.fields["order_id"]
            if order_id in orders:
                notes[item.id] = f"order {order_id} already paid; counted once"
                continue
            amount = item.fields["amount"]
            earned = int(amount // rules.shopping_yuan_per_point)
            used = shopping_used.get(month, 0)
            credited = max(0, min(earned, rules.shopping_monthly_cap - used))
            if credited < earned:
                notes[item.id] = f"monthly shopping cap of {rules.shopping_monthly_cap} reached"
            shopping_used[month] = used + credited
            subsidy = order_subsidy(rules, item.id)
            waits = _waits(program, item.day)
            # One earning for SPEC 1's reversal, the order's points and subsidy together
            # ("points"); the lot holds both unless the subsidy waits as a bubble.
            orders[order_id] = Order(item, amount,
                                     {"growth": credited, "points": credited + subsidy})
            lot = lot_of[order_id] = credited if waits else credited + subsidy
            if credited:
                entries.append(GrowthEntry(item.id, item.day, "shopping", credited, "shopping"))
            if lot:
                credits.append(Credit(item.id, "shopping", item.at, lot, item.ts, item.day))
            if waits:
                collected = bubbles.offer(item.id, "order", item.at, item.ts, item.day, subsidy,
                                          notes)
                if collected:
                    credits.append(collected)
        elif kind == "order_refunded":
            order = orders.get(item.fields["order_id"])
            before = order.reversed.get("points", 0) if order else 0
            # reversals are split here (points_kind names no earning): refund_order does growth
            refund_order(item, orders, source="shopping", points_kind="", notes=notes,
                         entries=entries, reversals=reversals)
            if order is not None:
                _reverse_points(order, lot_of[item.fields["order_id"]], before, item,
                                reversals, bubbles)
        elif kind == "points_collected":
            collected = bubbles.collect(item, notes)
            if collected:
                credits.append(collected)
        elif kind == "bill_paid":
            used = life_used.get(month, 0)
            gain = max(0, min(rules.life_per_bill, rules.life_monthly_cap - used))
            if gain < rules.life_per_bill:
                notes[item.id] = f"monthly life cap of {rules.life_monthly_cap} reached"
            if gain:
                life_used[month] = used + gain
                entries.append(GrowthEntry(item.id, item.day, "life", gain, "bill"))
                credits.append(Credit(item.id, "life", item.at, gain, item.ts, item.day))
        elif kind == "wealth_balance":
            day = item.fields["date"]
            if day <= today:
                balances[day] = item.fields["balance"]
                balance_ids[day] = item.id
        elif kind == "task_completed":
            if item.fields["growth"]:
                entries.append(
                    GrowthEntry(item.id, item.day, "task", item.fields["growth"], "task")
                )
            if item.fields["points"]:
                credits.append(
                    Credit(item.id, "task", item.at, item.fields["points"], item.ts, item.day)
                )

    wealth_entries, wealth_credits = wealth_months(program, balances, today, at)
    entries += wealth_entries
    credits += wealth_credits
    result = rolling_standing(program, entries, False, today, at)
    result.credits, result.reversals, result.notes = credits, reversals, notes
    result.extras["bubbles"] = bubbles.pending(today, notes)
    result.extras["wealth_sources"] = balance_ids
    return result


def _waits(program: Program, day: date) -> bool:
    """Whether a subsidy offered on `day` waits as a bubble (SPEC 13) or is credited at once
    (before the programme's `collect_from`)."""
    start = program.on(day).alipay_rules().collect_from
    return start is None or day >= start


def _reverse_points(order: Order, lot: int, before: int, refund: Item,
                    reversals: list[Reversal], bubbles: BubbleBook) -> None:
    """This refund's share of the order's points (SPEC 1: one cumulative floor over the
    points and the subsidy together), taken from the order's own lot first and then from its
    subsidy's bubble, waiting (it shrinks) or collected (its lot is reversed)."""
    after = order.reversed.get("points", 0)
    from_lot = min(after, lot) - min(before, lot)
    from_bubble = (after - min(after, lot)) - (before - min(before, lot))
    if from_lot:
        reversals.append(Reversal(refund.id, refund.at, order.item.id, from_lot, refund.ts))
    if from_bubble:
        bubbles.reverse(order.item.id, from_bubble, refund, reversals)


def wealth_months(
    program: Program, balances: dict[date, Decimal], today: date, at: datetime
) -> tuple[list[GrowthEntry], list[Credit]]:
    """Tier points (and complete months' points) from end-of-day wealth balances. A month is
    one figure: it is computed under the version in force on its last day counted."""
    if not balances:
        return [], []
    dates = sorted(balances)
    # Older months can neither hold live points nor count in the window, under any version
    # (a version may have lengthened either, so the longest of all is what bounds the walk).
    versions = [program, *(version for _, version in program.versions)]
    longest_expiry = max(version.expiry_years_after for version in versions)
    longest_window = max(version.window_days for version in versions)
    oldest_useful = min(date(today.year - longest_expiry - 1, 1, 1),
                        (today - timedelta(days=longest_window)).replace(day=1))
    month = max(dates[0].replace(day=1), oldest_useful)
    carried = Decimal(0)
    pointer = 0
    while pointer < len(dates) and dates[pointer] < month:
        carried = balances[dates[pointer]]
        pointer += 1
    entries: list[GrowthEntry] = []
    credits: list[Credit] = []
    while month <= today:
        complete = last_of_month(month) < today or start_of_day(program, add_months(month, 1)) <= at
        last_day = last_of_month(month) if complete else today
        total = Decimal(0)
        day = month
        while day <= last_day:
            if pointer < len(dates) and dates[pointer] == day:
                carried = balances[day]
                pointer += 1
            total += carried
            day += timedelta(days=1)
        days_counted = (last_day - month).days + 1
        rules = program.on(last_day).alipay_rules()
        points = min(
            int(total // (days_counted * rules.wealth_balance_per_point)), rules.wealth_monthly_cap
        )
        key = f"wealth:{month_key(month)}"
        if points:
            entries.append(GrowthEntry(key, last_day, "wealth", points, "wealth_month"))
            credit_at = start_of_day(program, add_months(month, 1))
            if complete and credit_at <= at:
                credits.append(Credit(key, "wealth", credit_at, points))
        month = add_months(month, 1)
    return entries, credits
