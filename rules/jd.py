"""JD standing (from the last settlement) and JD beans (SPEC 4).

Choices where SPEC is silent:
- The tier shown on day D is the one settled on the 1st of D's local month; `growth` is that
  settlement's score (after the risk multiplier). When the caller passes that month's stored
  settlement (`settled`: the run of record, made on the 1st), it is used as is: an event dated
  before the 1st but delivered after the run changes the next settlement, not this one. The
  growth entries (charts, explain) are still those of the events known now.
- `forecast` (extras "next_settlement") is what settling on the next 1st would give with the
  events known now and nothing new.
- `drops_on` is the next settlement day (the 1st of next month) when settling then, with the
  events known now and nothing new, would give a lower tier (old months leaving the 12-month
  window, or a poor risk flag raised since); otherwise None.
- Beans: shopping rebate floor(paid / 10) on non-special orders, x10 when the order's instant
  falls in a PLUS period [start, end); reviews 2 and photo reviews 5 beans, once per order id
  each; refunds reverse the order's rebate proportionally. Coupon-market sales are spending
  and earning the app records itself; they are not events here.
- PLUS's part of the beans (extras "plus_beans", SPEC 13 PLUS savings), per local month of the
  order's payment: `earned`, what the multiplier added to orders paid in a PLUS period, and
  `missed`, what it would have added to the other orders; both net of refunds (each side's
  rebate reversed on the order's cumulative refund, as the ledger does), so a refunded order
  saves nothing. Special orders earn no rebate, so PLUS adds nothing to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from rules.engine import EngineResult, sign_in_credits
from rules.history import Item, proportional_reversal
from rules.jd_score import Settlement, settle_items
from rules.ledger import Credit, Reversal
from rules.localtime import add_months, first_of_month, month_key
from rules.program import Program

ZERO = Decimal(0)


def run(
    program: Program,
    items: list[Item],
    at: datetime,
    today: date,
    plus_periods: Sequence[tuple[datetime, datetime]],
    settled: Settlement | None = None,
) -> EngineResult:
    settled_on = first_of_month(today)
    upcoming = add_months(settled_on, 1)
    (settlement, entries), (following, _) = settle_items(
        program, items, (settled_on, upcoming), detail=True
    )
    stored = settled is not None and settled.settled_on == settled_on
    if settled is not None and stored:
        settlement = settled
    drops = program.tier_rank(following.tier) < program.tier_rank(settlement.tier)
    credits, reversals, notes, plus_beans = beans(program, items, plus_periods)
    result = EngineResult(
        entries=entries,
        base=settlement.base,
        growth=settlement.score,
        tier=settlement.tier,
        restricted=settlement.restricted,
        multiplier=settlement.multiplier,
        last_settlement=settled_on,
        drops_on=upcoming if drops else None,
        drops_to=following.tier if drops else None,
        credits=credits,
        reversals=reversals,
        notes=notes,
    )
    result.extras["settlement"] = settlement
    result.extras["next_settlement"] = following
    result.extras["plus_beans"] = plus_beans
    if stored:
        result.extras["breakdown"] = settlement.parts
    return result


def in_plus(instant: datetime, periods: Sequence[tuple[datetime, datetime]]) -> bool:
    """Whether a PLUS period covers `instant`: from its start, up to (not including) its end."""
    return any(start <= instant < end for start, end in periods)


@dataclass(frozen=True)
class PlusBeans:
    """PLUS's part of one local month's shopping beans, net of refunds (see the module)."""

    earned: int  # added by the multiplier to orders paid in a PLUS period
    missed: int  # the multiplier would have added to the orders paid outside one


def beans(
    program: Program, items: list[Item], plus_periods: Sequence[tuple[datetime, datetime]]
) -> tuple[list[Credit], list[Reversal], dict[str, str], dict[str, PlusBeans]]:
    base = program.jd_rules()
    versioned = bool(program.versions)  # else every event reads the file's figures
    credits: list[Credit] = []
    reversals: list[Reversal] = []
    notes: dict[str, str] = {}
    # order id -> (payment's lot key, amount, rebate), and for refunded orders -> (refunded
    # so far, reversed so far). Tuples of strings and numbers only: the garbage collector
    # untracks them, where it would traverse a list per order at every full collection.
    orders: dict[str, tuple[str, Decimal, int]] = {}
    refunds: dict[str, tuple[Decimal, int]] = {}
    reviewed: set[tuple[str, str]] = set()
    reviews = ("review_posted", "photo_review_posted")
    # order id -> (payment's month, amount, rebate without PLUS, with PLUS, paid in PLUS)
    with_plus: dict[str, tuple[str, Decimal, int, int, bool]] = {}
    for item in items:
        kind = item.type
        # the figures of the version in force on the event's day
        rules = program.on(item.day).jd_rules() if versioned else base
        if kind == "order_paid":
            order_id = item.fields["order_id"]
            if order_id in orders:
                notes[item.id] = f"order {order_id} already paid; counted once"
                continue
            amount = item.fields["amount"]
            plain = 0 if item.fields["special"] else int(amount // rules.shopping_yuan_per_bean)
            plus_rebate = plain * rules.plus_multiplier
            paid_in_plus = bool(plain and plus_periods and in_plus(item.at, plus_periods))
            rebate = plus_rebate if paid_in_plus else plain
            if paid_in_plus:
                notes[item.id] = f"PLUS member: rebate x{rules.plus_multiplier}"
            orders[order_id] = (item.id, amount, rebate)
            if plain:
                with_plus[order_id] = (month_key(item.day), amount, plain, plus_rebate,
                                       paid_in_plus)
            if rebate:
                credits.append(Credit(item.id, "shopping", item.at, rebate, item.ts, item.day))
        elif kind == "order_refunded":
            order_id = item.fields["order_id"]
            order = orders.get(order_id)
            if order is None:
                notes[item.id] = "refund of an unknown order: no effect"
                continue
            payment, amount, rebate = order
            refunded, reversed_ = refunds.get(order_id, (ZERO, 0))
            refunded = min(amount, refunded + item.fields["amount"])
            target = proportional_reversal(rebate, amount, refunded)  # as Order.refund does
            refunds[order_id] = (refunded, target)
            if target - reversed_:
                reversals.append(Reversal(item.id, item.at, payment, target - reversed_, item.ts))
        elif kind in reviews:
            key = (kind, item.fields["order_id"])
            if key in reviewed:
                notes[item.id] = "this order was already reviewed this way"
                continue
            reviewed.add(key)
            amount = rules.review_beans if kind == "review_posted" else rules.photo_review_beans
            if amount:
                credits.append(Credit(item.id, "review", item.at, amount, item.ts, item.day))
        elif kind == "task_completed" and item.fields["points"]:
            credits.append(
                Credit(item.id, "task", item.at, item.fields["points"], item.ts, item.day)
            )
    credits += sign_in_credits(program, items, notes)
    return credits, reversals, notes, _plus_beans(with_plus, refunds)


def _plus_beans(
    orders: dict[str, tuple[str, Decimal, int, int, bool]],
    refunds: dict[str, tuple[Decimal, int]],
) -> dict[str, PlusBeans]:
    """Per month of payment, the beans PLUS added (or would have), each rebate kept net of
    its reversal on the order's cumulative refund (history.proportional_reversal)."""
    months: dict[str, list[int]] = {}
    for order_id, (month, amount, base, plus, paid_in_plus) in orders.items():
        refunded = refunds.get(order_id, (ZERO, 0))[0]
        extra = (plus - proportional_reversal(plus, amount, refunded)) - (
            base - proportional_reversal(base, amount, refunded))
        totals = months.setdefault(month, [0, 0])
        totals[0 if paid_in_plus else 1] += extra
    return {month: PlusBeans(earned, missed) for month, (earned, missed) in sorted(months.items())}
