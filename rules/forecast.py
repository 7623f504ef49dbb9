"""Forecast (SPEC 13): what time alone does to a member's tier, and the least spending that
keeps or reaches one by a day they pick, in all three programmes.

Every figure is the engine's own: the outlook and each candidate plan are `assess` run at
future instants on the member's events (plus, for a plan, the suggested orders), so no rule is
restated here; this module only chooses where to look. JD's tier moves only at its monthly
settlement (SPEC 4), so its outlook looks at the 1st of each month only; the settlement's
part-by-part forecast is `Assessment.forecast`.

Readings where SPEC 13 is silent:
- "If nothing else happens" means no new events: growth leaves the window as it ages, and an
  Alipay wealth balance keeps being carried forward (the engine's own rule).
- A tier "by" a day means at the start of that local day (a standing's day begins at local
  midnight), so an order suggested for that day would come too late and is never suggested.
- The plan is whole-yuan orders, the first at `at`, then one on the first local day of each
  later month before `by` when a cap (Alipay's 1,500 a month of shopping) stops one order from
  doing it all; each order is the least that does what it can. A plan is spending alone:
  sign-ins, reviews and interactions are not suggested. JD: the orders are assumed in a
  category the member already bought (the latest order's), so no new-category bonus is
  promised that a purchase elsewhere would not earn; an order counts from the settlement after
  its month, so `by` in the current month can need nothing or be out of reach.
- None when spending cannot do it by then (Fliggy's invitation-only F3 without an invitation,
  or caps too tight for the months left).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from rules.assess import assess_member
from rules.events import Event, parse_event
from rules.localtime import add_months, start_of_day
from rules.program import Program

MAX_ORDER_YUAN = 10**7  # a plan never suggests more in one order (events allow 10^9)


@dataclass(frozen=True, slots=True)
class OutlookDay:
    on: date  # the local day from whose start this holds
    growth: int
    tier: str


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    at: datetime
    yuan: int


@dataclass(frozen=True, slots=True)
class Plan:
    tier: str
    by: date
    orders: tuple[PlannedOrder, ...]  # empty: the member gets there with nothing more

    @property
    def yuan(self) -> int:
        return sum(order.yuan for order in self.orders)


def _standing_at(program: Program, events: Sequence[Event], at: datetime) -> tuple[int, str]:
    a = assess_member(program, events, at, (), (), trace=False, with_lots=False)
    return a.growth, a.tier


def outlook(program: Program, events: Sequence[Event], at: datetime,
            days: int = 60) -> tuple[OutlookDay, ...]:
    """The days within `days` after today on which the growth would change with nothing new,
    each with the growth and tier from its start."""
    today = at.astimezone(program.tz).date()
    events = list(events)
    out: list[OutlookDay] = []
    last = _standing_at(program, events, at)
    for offset in range(1, days + 1):
        day = today + timedelta(days=offset)
        if program.engine == "jd" and day.day != 1:
            continue  # the JD score is settled on the 1st and stands the month
        growth, tier = _standing_at(program, events, start_of_day(program, day))
        if (growth, tier) != last:
            out.append(OutlookDay(day, growth, tier))
            last = (growth, tier)
    return tuple(out)


def least_spending(program: Program, events: Sequence[Event], at: datetime, tier: str,
                   by: date) -> Plan | None:
    """The least spending that has the member at `tier` (or above) from the start of `by`."""
    today = at.astimezone(program.tz).date()
    if by <= today:
        raise ValueError("by must be a later local day")
    target = program.tier_rank(tier)
    deadline = start_of_day(program, by)
    taken = {event.id for event in events}
    category = next((e.fields["category"] for e in sorted(events, key=lambda e: e.at,
                                                           reverse=True)
                     if e.type == "order_paid"), "food")
    planned: list[Event] = []

    def reaches(extra: list[Event]) -> bool:
        _, shown = _standing_at(program, [*events, *planned, *extra], deadline)
        return program.tier_rank(shown) >= target

    def growth_with(extra: list[Event]) -> int:
        return _standing_at(program, [*events, *planned, *extra], deadline)[0]

    if reaches([]):
        return Plan(tier, by, ())
    orders: list[PlannedOrder] = []
    for moment in _order_days(program, at, today, by):
        def order(yuan: int, moment: datetime = moment) -> list[Event]:
            return [_order(taken, len(orders), moment, yuan, category)]

        if reaches(order(MAX_ORDER_YUAN)):
            yuan = _least(lambda y: reaches(order(y)), MAX_ORDER_YUAN)
            orders.append(PlannedOrder(moment, yuan))
            return Plan(tier, by, tuple(orders))
        most = growth_with(order(MAX_ORDER_YUAN))
        if most > growth_with([]):  # room left this month: fill it with the least that does
            def fills(yuan: int, most: int = most) -> bool:
                return growth_with(order(yuan)) >= most

            yuan = _least(fills, MAX_ORDER_YUAN)
            planned += order(yuan)
            orders.append(PlannedOrder(moment, yuan))
    return None


def _order_days(program: Program, at: datetime, today: date, by: date) -> list[datetime]:
    """`at`, then the start of each later local month that begins before `by`."""
    moments = [at]
    month = add_months(today, 1)
    while month < by:
        moments.append(start_of_day(program, month))
        month = add_months(month, 1)
    return moments


def _order(taken: set[str], index: int, at: datetime, yuan: int, category: str) -> Event:
    event_id = f"forecast-order-{index}"
    while event_id in taken:  # never the id of one of the member's own events
        event_id += "'"
    return parse_event({"id": event_id, "type": "order_paid", "at": at.isoformat(),
                        "order_id": event_id, "amount": str(Decimal(yuan)),
                        "category": category})


def _least(enough: Callable[[int], bool], high: int) -> int:
    """The least whole number in [1, high] for which `enough` holds (it holds at `high` and
    is monotonic: more spending never earns less)."""
    low = 1
    while low < high:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle + 1
    return low
