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
- `Settlement.items` has the rows some event reached (a row at 0 too), in the SPEC table's
  order (ROW_ORDER), whatever order the events came in.
- Risk: the latest `risk_flag` of each kind before local midnight of S. Any `fair` multiplies
  the score by `fair_multiplier` (0.9, floor); any `poor` restricts the member (tier = lowest,
  benefits frozen) and the score is shown as computed (x0.9 too if the other kind is fair).
- `settle_jd` requires S to be the 1st of a month (ValueError otherwise).
- Programme versions (SPEC 12): what an event earns on a row (the points of an order, a
  review, a real-name check; an order's yuan per point) is the version in force on the
  event's local day, in every settlement that counts it. What the settlement itself applies
  (the window's months, each row's cap, the fair multiplier, the tier thresholds) is the
  version in force on S.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from rules.engine import GrowthEntry, qualified_tier
from rules.events import Event
from rules.history import Item, prepare_before, proportional_reversal
from rules.localtime import add_months, instant_key, start_of_day
from rules.program import JDRules, Program

SOURCES = ("account", "consumption", "activity")
# `Settlement.items` lists the rows reached in the SPEC 4 table's order
ROW_ORDER = (
    "identity_verified",
    "wechat",
    "qq",
    "amount",
    "order",
    "category",
    "month",
    "review",
    "photo_review",
    "question",
    "jdpay",
    "sign_in",
)
# each row's part (SPEC 4): what `_account`, `_consumption` and `_activity` add it to
ROW_SOURCES = MappingProxyType({
    "identity_verified": "account", "wechat": "account", "qq": "account",
    "amount": "consumption", "order": "consumption", "category": "consumption",
    "month": "consumption",
    "review": "activity", "photo_review": "activity", "question": "activity",
    "jdpay": "activity", "sign_in": "activity",
})
ZERO = Decimal(0)


def part_maximums(rules: JDRules) -> dict[str, int]:
    """The most each part can reach in a settlement under `rules`: an account item counts
    once, and the other rows up to their caps (for a chart that shows each part against it)."""
    account = rules.identity_verified + sum(rules.channel_points.values())
    capped = row_caps(rules)
    return {"account": account, **{
        source: sum(cap or 0 for row, cap in capped.items() if ROW_SOURCES[row] == source)
        for source in ("consumption", "activity")}}


def row_caps(rules: JDRules) -> dict[str, int | None]:
    """Each row's cap in a settlement under `rules` (None: the account rows, uncapped), in
    ROW_ORDER: the caps `_consumption` and `_activity` apply, named by row (for explain)."""
    return {
        "identity_verified": None, "wechat": None, "qq": None,
        "amount": rules.amount_cap, "order": rules.order_cap, "category": rules.category_cap,
        "month": rules.month_cap, "review": rules.review_cap,
        "photo_review": rules.photo_review_cap, "question": rules.question_cap,
        "jdpay": rules.jdpay_cap, "sign_in": rules.sign_in_cap,
    }


@dataclass(frozen=True, slots=True)
class Settlement:
    settled_on: date
    score: int  # after the risk multiplier
    base: int  # before it: the sum of parts
    parts: Mapping[str, int]  # account / consumption / activity
    items: Mapping[str, int]  # each table row's points after its cap
    multiplier: Decimal
    restricted: bool
    risk: Mapping[str, str]  # kind -> level as of settlement
    tier: str


def settle_jd(program: Program, events: Iterable[Event], settlement_day: date) -> Settlement:
    """The settlement of `settlement_day` (a 1st) from a member's raw events (any order)."""
    if settlement_day.day != 1:
        raise ValueError("settlement_day must be the 1st of a month")
    end = instant_key(start_of_day(program, settlement_day))
    return settle_items(program, prepare_before(program, events, end), (settlement_day,))[0][0]


def settle_items(
    program: Program, items: list[Item], settlement_days: Sequence[date], detail: bool = False
) -> list[tuple[Settlement, list[GrowthEntry]]]:
    """Settle each day from prepared items (sorted by (at, id), deduplicated) in one pass.

    The pass gathers what every settlement reads; each settlement then takes its window's
    slice. Growth entries (for explain and the charts) are listed for the first day only,
    and only when `detail`.
    """
    bounds = [_bounds(program, day) for day in settlement_days]
    facts = _Facts(items, max(end for _, end in bounds))
    return [
        _settle(program, facts, day, start, end, detail and index == 0)
        for index, (day, (start, end)) in enumerate(zip(settlement_days, bounds, strict=True))
    ]


def _bounds(program: Program, settlement_day: date) -> tuple[int, int]:
    """The instant keys of the window [S - months, S), local midnights."""
    months = program.on(settlement_day).jd_rules().months
    start = start_of_day(program, add_months(settlement_day, -months))
    return instant_key(start), instant_key(start_of_day(program, settlement_day))


class _Facts:
    """What settlements read, from one pass over the items before `end` (time order)."""

    __slots__ = ("orders", "refunds", "activity", "risks", "verified", "channels")

    def __init__(self, items: list[Item], end: int) -> None:
        self.orders: list[Item] = []  # the first payment of each order id
        # order id -> its refunds (history.retime_early_refunds put them after the payment);
        # only orders with a refund have an entry, and no list per order is kept (on long
        # histories the garbage collector would traverse each again at every full collection)
        self.refunds: dict[str, list[Item]] = {}
        self.activity: list[Item] = []  # reviews, photo reviews, questions, sign-ins
        self.risks: list[Item] = []
        self.verified: Item | None = None  # the first identity_verified
        self.channels: dict[str, Item] = {}  # channel -> its first account_bound
        paid: set[str] = set()
        activity = ACTIVITY
        for item in items:
            if item.ts >= end:
                break
            kind = item.type
            if kind in activity:
                self.activity.append(item)
            elif kind == "order_paid":
                if item.fields["order_id"] not in paid:
                    paid.add(item.fields["order_id"])
                    self.orders.append(item)
            elif kind == "order_refunded":
                if item.fields["order_id"] in paid:
                    self.refunds.setdefault(item.fields["order_id"], []).append(item)
            elif kind == "risk_flag":
                self.risks.append(item)
            elif kind == "identity_verified":
                self.verified = self.verified or item
            elif kind == "account_bound":
                self.channels.setdefault(item.fields["channel"], item)


ACTIVITY = frozenset(("review_posted", "photo_review_posted", "question_answered", "signed_in"))


def _ts(item: Item) -> int:
    return item.ts


def _settle(
    program: Program, facts: _Facts, settlement_day: date, start: int, end: int, detail: bool
) -> tuple[Settlement, list[GrowthEntry]]:
    # The settlement applies the version in force on its day (caps, multiplier, thresholds);
    # each event earns what its own day's version says (the module docstring).
    timeline = program
    program = timeline.on(settlement_day)
    rules = program.jd_rules()
    earns = _earnings(timeline)
    counters = _Counters(detail)
    activity = facts.activity
    _activity(
        rules,
        activity[bisect_left(activity, start, key=_ts) : bisect_left(activity, end, key=_ts)],
        counters,
        earns,
    )
    if facts.verified is not None and facts.verified.ts < end:
        points = (earns(facts.verified) if earns else rules).identity_verified
        counters.add(facts.verified, "account", "identity_verified", points, None)
    for channel in ("wechat", "qq"):
        item = facts.channels.get(channel)
        if item is not None and item.ts < end:
            points = (earns(item) if earns else rules).channel_points[channel]
            counters.add(item, "account", channel, points, None)
    orders = facts.orders
    inside = orders[bisect_left(orders, start, key=_ts) : bisect_left(orders, end, key=_ts)]
    _consumption(rules, inside, facts.refunds, end, counters, earns)

    risk: dict[str, str] = {}
    for item in facts.risks:
        if item.ts < end:
            risk[item.fields["kind"]] = item.fields["level"]
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
        items=MappingProxyType({r: counters.items[r] for r in ROW_ORDER if r in counters.items}),
        multiplier=multiplier,
        restricted=restricted,
        risk=MappingProxyType({k: risk.get(k, "good") for k in ("reputation", "credit")}),
        tier=tier.code,
    )
    return settlement, counters.entries


def _earnings(timeline: Program) -> Callable[[Item], JDRules] | None:
    """The figures an event earns under (its own day's version), or None when the programme
    has a single version and the settlement's figures are everyone's."""
    if not timeline.versions:
        return None
    return lambda item: timeline.on(item.day).jd_rules()


def _activity(rules: JDRules, items: list[Item], counters: _Counters,
              earns: Callable[[Item], JDRules] | None = None) -> None:
    """Reviews, photo reviews, questions and sign-in days in the window, caps filling in time
    order (`rules`: the settlement's caps; `earns`: an event's own points, when versions
    differ). Stops once every row is full: later events could only add nothing."""
    rows = {
        "review_posted": ("review", rules.review_points, rules.review_cap),
        "photo_review_posted": ("photo_review", rules.photo_review_points, rules.photo_review_cap),
        "question_answered": ("question", rules.question_points, rules.question_cap),
        "signed_in": ("sign_in", rules.sign_in_points, rules.sign_in_cap),
    }
    full: set[str] = set()  # rows at their cap: adding to them changes nothing
    reviewed: set[tuple[str, str]] = set()
    days_signed: set[date] = set()
    used = counters.items
    for item in items:
        kind = item.type
        if kind == "signed_in":
            if item.day in days_signed:
                continue
            days_signed.add(item.day)
        elif kind != "question_answered":
            key = (kind, item.fields["order_id"])
            if key in reviewed:
                continue
            reviewed.add(key)
        row, points, cap = rows[kind]
        if earns is not None:
            points = _activity_points(earns(item), kind)
        counters.add(item, "activity", row, points, cap)
        if used[row] >= cap and row not in full:
            full.add(row)
            if len(full) == len(rows):
                return


def _activity_points(rules: JDRules, kind: str) -> int:
    if kind == "review_posted":
        return rules.review_points
    if kind == "photo_review_posted":
        return rules.photo_review_points
    return rules.question_points if kind == "question_answered" else rules.sign_in_points


def _consumption(
    rules: JDRules,
    orders: list[Item],
    refunds_of: dict[str, list[Item]],
    end: int,
    counters: _Counters,
    earns: Callable[[Item], JDRules] | None = None,
) -> None:
    """The consumption rows (and jdpay) of the orders first paid inside the window (their
    payments, in time order). A row at its cap is skipped: adding to it would change nothing."""
    add, used = counters.add, counters.items
    categories: set[str] = set()
    months: set[int] = set()
    per_point = rules.amount_yuan_per_point
    amount_full = order_full = jdpay_full = False
    no_refunds: list[Item] = []
    own = rules  # what the order earns on each row: its day's version when versions differ
    for item in orders:
        if earns is not None:
            own = earns(item)
            per_point = own.amount_yuan_per_point
        fields = item.fields
        paid = fields["amount"]
        refunded = ZERO
        for refund in refunds_of.get(fields["order_id"], no_refunds):
            if refund.ts < end:
                refunded += refund.fields["amount"]
        if not amount_full:
            earned = int(paid // per_point)
            net = earned - proportional_reversal(earned, paid, refunded)
            add(item, "consumption", "amount", net, rules.amount_cap)
            amount_full = used["amount"] >= rules.amount_cap
        if refunded > 0 and refunded >= paid:
            continue
        if not order_full:
            add(item, "consumption", "order", own.order_points, rules.order_cap)
            order_full = used["order"] >= rules.order_cap
        if fields["category"] not in categories:
            categories.add(fields["category"])
            add(item, "consumption", "category", own.category_points, rules.category_cap)
        month = item.day.year * 12 + item.day.month
        if month not in months:
            months.add(month)
            add(item, "consumption", "month", own.month_points, rules.month_cap)
        if not jdpay_full and fields["payment"] == "jdpay":
            add(item, "activity", "jdpay", own.jdpay_points, rules.jdpay_cap)
            jdpay_full = used["jdpay"] >= rules.jdpay_cap


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
