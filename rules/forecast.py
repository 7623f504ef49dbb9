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
  doing it all; each order is the least that does what it can.
- Sign-ins and reviews "where they count" (`free_actions=True`, the default): the plan may
  also ask the member to sign in on each local day from today (unless already signed in) up to
  the day before `by`, and to review their own orders not yet reviewed nor refunded (latest
  first, now) and each order the plan suggests (when it is placed): plain reviews, one per
  order, as a person writes them. The orders are the least yuan with all of those done; then
  the fewest sign-ins (earliest days first), then the fewest reviews of the member's orders,
  then none of the plan's own orders' reviews if they are not needed, that still make it. Where
  they count is the engine's business, not this module's: JD's score counts sign-ins and
  reviews, Fliggy's experience reviews; a kind that adds nothing is trimmed to none.
  Interactions other than reviews (likes, notes) are never suggested.
- JD: the orders are assumed in a category the member already bought (the latest order's), so
  no new-category bonus is promised that a purchase elsewhere would not earn; an order (and a
  sign-in, a review) counts from the settlement after its month, so `by` in the current month
  can need nothing or be out of reach.
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
    reviewed: bool = False  # the plan asks for a review of it, when it is placed


@dataclass(frozen=True, slots=True)
class Plan:
    tier: str
    by: date
    orders: tuple[PlannedOrder, ...]  # empty (and nothing below): nothing more is needed
    sign_ins: tuple[date, ...] = ()  # local days to sign in on (from their start)
    reviews: tuple[str, ...] = ()  # order ids of the member's own orders to review now

    @property
    def asks_free_actions(self) -> bool:
        """Whether the plan asks for sign-ins or reviews besides its spending."""
        return bool(self.sign_ins or self.reviews or any(o.reviewed for o in self.orders))

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
                   by: date, *, free_actions: bool = True) -> Plan | None:
    """The least spending that has the member at `tier` (or above) from the start of `by`,
    with the sign-ins and reviews that count where `free_actions` (see the module's notes)."""
    today = at.astimezone(program.tz).date()
    if by <= today:
        raise ValueError("by must be a later local day")
    target = program.tier_rank(tier)
    deadline = start_of_day(program, by)
    events = list(events)
    taken = {event.id for event in events}
    category = next((e.fields["category"] for e in sorted(events, key=lambda e: e.at,
                                                           reverse=True)
                     if e.type == "order_paid"), "food")

    def reaches_all(all_events: Sequence[Event]) -> bool:
        _, shown = _standing_at(program, all_events, deadline)
        return program.tier_rank(shown) >= target

    def reaches(extra: Sequence[Event]) -> bool:
        return reaches_all([*events, *extra])

    if reaches([]):
        return Plan(tier, by, ())
    days = _sign_in_days(program, events, at, today, by) if free_actions else []
    own = _reviewable(events) if free_actions else []
    sign_ins = [_free(taken, f"forecast-sign-in-{day.isoformat()}", "signed_in",
                      at if day == today else start_of_day(program, day)) for day in days]
    reviews = [_free(taken, f"forecast-review-{order_id}", "review_posted", at,
                     order_id=order_id) for order_id in own]
    orders: list[PlannedOrder] | None = []
    if not reaches([*sign_ins, *reviews]):  # else signing in and reviewing is enough
        orders = _orders(program, [*events, *sign_ins, *reviews], at, today, by, reaches_all,
                         category, taken, reviewed=free_actions)
    if orders is None:
        return None
    placed = [e for i, o in enumerate(orders) for e in _placed(taken, i, o, category)]

    def still(k_sign_ins: int, k_reviews: int, placed: list[Event]) -> bool:
        return reaches([*sign_ins[:k_sign_ins], *reviews[:k_reviews], *placed])

    k_sign_ins = _least_count(lambda k: still(k, len(reviews), placed), len(sign_ins))
    k_reviews = _least_count(lambda k: still(k_sign_ins, k, placed), len(reviews))
    unreviewed = [e for i, o in enumerate(orders)
                  for e in _placed(taken, i, PlannedOrder(o.at, o.yuan), category)]
    if any(o.reviewed for o in orders) and still(k_sign_ins, k_reviews, unreviewed):
        orders = [PlannedOrder(o.at, o.yuan) for o in orders]
    return Plan(tier, by, tuple(orders), tuple(days[:k_sign_ins]), tuple(own[:k_reviews]))


def _orders(program: Program, events: list[Event], at: datetime, today: date, by: date,
            reaches: Callable[[Sequence[Event]], bool], category: str, taken: set[str], *,
            reviewed: bool) -> list[PlannedOrder] | None:
    """The least whole-yuan orders that, added to `events` (the member's and the free
    actions), reach the tier (`reaches` of all the events): one at `at`, or, where a cap
    stops it, each month's most, then the rest."""
    deadline = start_of_day(program, by)
    planned: list[Event] = []
    orders: list[PlannedOrder] = []
    for moment in _order_days(program, at, today, by):
        def order(yuan: int, moment: datetime = moment) -> list[Event]:
            return _placed(taken, len(orders), PlannedOrder(moment, yuan, reviewed), category)

        base = [*events, *planned]
        if reaches([*base, *order(MAX_ORDER_YUAN)]):
            def enough(yuan: int, base: list[Event] = base) -> bool:
                return reaches([*base, *order(yuan)])

            yuan = _least(enough, MAX_ORDER_YUAN)
            orders.append(PlannedOrder(moment, yuan, reviewed))
            return orders
        before = _standing_at(program, base, deadline)[0]
        most = _standing_at(program, [*base, *order(MAX_ORDER_YUAN)], deadline)[0]
        if most > before:  # room left this month: fill it with the least that does
            def fills(yuan: int, most: int = most, base: list[Event] = base) -> bool:
                return _standing_at(program, [*base, *order(yuan)], deadline)[0] >= most

            yuan = _least(fills, MAX_ORDER_YUAN)
            planned += order(yuan)
            orders.append(PlannedOrder(moment, yuan, reviewed))
    return None


def _sign_in_days(program: Program, events: Sequence[Event], at: datetime, today: date,
                  by: date) -> list[date]:
    """Each local day from today to the day before `by` the member has not signed in on."""
    signed = {e.at.astimezone(program.tz).date() for e in events if e.type == "signed_in"}
    return [day for day in (today + timedelta(days=n) for n in range((by - today).days))
            if day not in signed and (day > today or at >= start_of_day(program, day))]


def _reviewable(events: Sequence[Event]) -> list[str]:
    """The member's order ids not yet reviewed nor refunded, the latest first."""
    # reviewed or refunded already; then each order id once, at its latest payment
    left_out = {e.fields["order_id"] for e in events
                if e.type in ("review_posted", "order_refunded")}
    ids: list[str] = []
    for e in sorted(events, key=lambda e: (e.at, e.id), reverse=True):
        if e.type == "order_paid" and e.fields["order_id"] not in left_out:
            left_out.add(e.fields["order_id"])
            ids.append(e.fields["order_id"])
    return ids


def _placed(taken: set[str], index: int, order: PlannedOrder, category: str) -> list[Event]:
    """A planned order's events: the order, and its review where the plan asks for one."""
    placed = [_order(taken, index, order.at, order.yuan, category)]
    if order.reviewed:
        placed.append(_free(taken, f"forecast-review-{placed[0].fields['order_id']}",
                            "review_posted", order.at,
                            order_id=placed[0].fields["order_id"]))
    return placed


def _free(taken: set[str], event_id: str, kind: str, at: datetime, **fields: str) -> Event:
    return parse_event({"id": _fresh(taken, event_id), "type": kind, "at": at.isoformat(),
                        **fields})


def _fresh(taken: set[str], event_id: str) -> str:
    while event_id in taken:  # never the id of one of the member's own events
        event_id += "'"
    return event_id


def _order_days(program: Program, at: datetime, today: date, by: date) -> list[datetime]:
    """`at`, then the start of each later local month that begins before `by`."""
    moments = [at]
    month = add_months(today, 1)
    while month < by:
        moments.append(start_of_day(program, month))
        month = add_months(month, 1)
    return moments


def _order(taken: set[str], index: int, at: datetime, yuan: int, category: str) -> Event:
    event_id = _fresh(taken, f"forecast-order-{index}")
    return parse_event({"id": event_id, "type": "order_paid", "at": at.isoformat(),
                        "order_id": event_id, "amount": str(Decimal(yuan)),
                        "category": category})


def _least_count(enough: Callable[[int], bool], high: int) -> int:
    """The least count in [0, high] for which `enough` holds (it holds at `high`; more never
    earns less)."""
    return 0 if enough(0) else _least(enough, high) if high else 0


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
