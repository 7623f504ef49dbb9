"""The JD settlement from per-member counts a database can aggregate (bulk settlement).

The split: the database only counts and lists (how many events of a type, distinct order ids
or categories, the amounts in fen, the UTC hours events fell in); every JD rule (points per
item, caps, local days and months, refunds, risk, tiers) is applied here, by the same
`Settlement` construction as `settle_jd`. `settle_jd_counts` returns exactly what
`settle_jd` returns on the member's events, or None when the counts cannot decide it:

- any `order_refunded` or `risk_flag` before the settlement day (refund reversals need each
  refund matched to its order, the risk rule the latest flag of each kind);
- an order id paid more than once before the settlement day (only the first payment counts);
- an hour bucket that straddles a local midnight or a change of UTC offset (e.g. zones with
  half-hour offsets), so its events' local days are not known from the hour alone.

The caller then settles that member from the rows (`settle_jd_rows`). Event ids are unique
in a store, so the counts assume no duplicate ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal
from types import MappingProxyType

from rules.engine import qualified_tier
from rules.instant_memo import DAY, EPOCH_ORDINAL, HOUR, MEMO_LIMIT, zone_days
from rules.jd_score import ROW_ORDER, SOURCES, Settlement
from rules.program import Program

GOOD_RISK = MappingProxyType({"reputation": "good", "credit": "good"})


@dataclass(frozen=True, slots=True)
class JDCounts:
    """One member's events before local midnight of the settlement day S, counted; "in the
    window" means in the 12 local months before S (the settlement's window)."""

    identity_verified: int  # identity_verified events before S
    wechat_bound: int  # account_bound events with channel wechat before S
    qq_bound: int
    refunds: int  # order_refunded events before S
    risk_flags: int  # risk_flag events before S
    orders_paid: int  # order_paid events before S
    order_ids: int  # distinct order ids among them
    order_amounts_fen: Sequence[int]  # the amount in fen of each order_paid in the window
    order_hours: Iterable[int]  # UTC hours (since the epoch) of the order_paid in the window
    categories: int  # distinct categories of the order_paid in the window
    jdpay_orders: int  # order_paid in the window with payment jdpay
    reviewed_orders: int  # distinct order ids of review_posted in the window
    photo_reviewed_orders: int  # distinct order ids of photo_review_posted in the window
    questions: int  # question_answered in the window
    sign_in_hours: Iterable[int]  # UTC hours (since the epoch) of the signed_in in the window


def settle_jd_counts(program: Program, counts: JDCounts, settlement_day: date) -> Settlement | None:
    """`settle_jd` from the counts, or None when they cannot decide it (module docstring)."""
    if settlement_day.day != 1:
        raise ValueError("settlement_day must be the 1st of a month")
    c = counts
    if c.refunds or c.risk_flags or c.orders_paid != c.order_ids:
        return None
    signed = _local_days(program.tz, c.sign_in_hours)
    order_days = _local_days(program.tz, c.order_hours)
    if signed is None or order_days is None:
        return None
    months = {(day.year, day.month) for day in order_days}
    rules = program.jd_rules()
    rows = {
        "identity_verified": _account(c.identity_verified, rules.identity_verified),
        "wechat": _account(c.wechat_bound, rules.channel_points["wechat"]),
        "qq": _account(c.qq_bound, rules.channel_points["qq"]),
        "amount": _amount(c.order_amounts_fen, rules.amount_yuan_per_point, rules.amount_cap),
        "order": _capped(len(c.order_amounts_fen), rules.order_points, rules.order_cap),
        "category": _capped(c.categories, rules.category_points, rules.category_cap),
        "month": _capped(len(months), rules.month_points, rules.month_cap),
        "review": _capped(c.reviewed_orders, rules.review_points, rules.review_cap),
        "photo_review": _capped(
            c.photo_reviewed_orders, rules.photo_review_points, rules.photo_review_cap
        ),
        "question": _capped(c.questions, rules.question_points, rules.question_cap),
        "jdpay": _capped(c.jdpay_orders, rules.jdpay_points, rules.jdpay_cap),
        "sign_in": _capped(len(signed), rules.sign_in_points, rules.sign_in_cap),
    }
    items = {row: value for row in ROW_ORDER if (value := rows[row]) is not None}
    parts = dict.fromkeys(SOURCES, 0)
    for row, points in items.items():
        parts[ROW_SOURCE[row]] += points
    base = sum(parts.values())
    return Settlement(
        settled_on=settlement_day,
        score=base,  # no risk flag: both kinds good, multiplier 1
        base=base,
        parts=MappingProxyType(parts),
        items=MappingProxyType(items),
        multiplier=Decimal(1),
        restricted=False,
        risk=GOOD_RISK,
        tier=qualified_tier(program, base, True).code,
    )


ROW_SOURCE = {
    "identity_verified": "account",
    "wechat": "account",
    "qq": "account",
    "amount": "consumption",
    "order": "consumption",
    "category": "consumption",
    "month": "consumption",
    "review": "activity",
    "photo_review": "activity",
    "question": "activity",
    "jdpay": "activity",
    "sign_in": "activity",
}


def _capped(count: int, points: int, cap: int) -> int | None:
    """A row filled by `count` events of `points` each, in time order, up to `cap` (as
    jd_score._Counters.add does); None when no event reached the row."""
    if not count:
        return None
    return max(0, min(count * points, cap))


def _account(count: int, points: int) -> int | None:
    return (points if points > 0 else 0) if count else None


def _amount(amounts_fen: Sequence[int], yuan_per_point: int | Decimal, cap: int) -> int | None:
    """floor(paid / yuan_per_point) per order (no refunds here), summed up to the cap."""
    if not amounts_fen:
        return None
    unit = Decimal(yuan_per_point) * 100  # fen per point
    if unit == unit.to_integral_value() and unit > 0:
        whole = int(unit)
        total = sum(fen // whole for fen in amounts_fen)
    else:
        total = sum(int(Decimal(fen) / 100 // yuan_per_point) for fen in amounts_fen)
    return max(0, min(total, cap))


STRADDLES = False  # memo value of an hour whose instants are not all on one local day
_HOUR_DAYS: dict[tzinfo, dict[int, date | bool]] = {}


def _local_days(tz: tzinfo, hours: Iterable[int]) -> set[date] | None:
    """The local days of UTC hours, or None if one of them straddles a local midnight or an
    offset change. Memoized per zone and hour (the lookups run in C: map over the memo)."""
    if not isinstance(hours, list | tuple | set | frozenset):
        hours = list(hours)  # read twice below
    memo = _HOUR_DAYS.get(tz)
    if memo is None or len(memo) >= MEMO_LIMIT:
        if len(_HOUR_DAYS) >= 64:
            _HOUR_DAYS.clear()
        memo = _HOUR_DAYS[tz] = {}
    days = set(map(memo.get, hours))
    if None in days:  # hours not seen yet
        for hour in hours:
            if hour not in memo:
                memo[hour] = _hour_day(tz, hour)
        days = set(map(memo.get, hours))
    if STRADDLES in days:
        return None
    return {day for day in days if isinstance(day, date)}  # all are, past the checks above


def _hour_day(tz: tzinfo, hour: int) -> date | bool:
    """The local day of every instant of UTC `hour`, or STRADDLES if the hour straddles a
    local midnight or an offset change."""
    offset = zone_days(tz)._hour_offset(hour)  # the same at both ends of the hour, or None
    if offset is None:
        return STRADDLES
    first = (hour * HOUR + offset) // DAY
    if first != ((hour + 1) * HOUR - 1 + offset) // DAY:
        return STRADDLES
    try:
        return date.fromordinal(EPOCH_ORDINAL + first)
    except (ValueError, OverflowError):
        return STRADDLES
