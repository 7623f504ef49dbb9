"""Points as FIFO lots (SPEC 6): credits, proportional reversals, debits, debts and expiry.

Every credit opens a lot that expires at the end of the calendar year after the year it was
earned (local). Replaying credits, reversals and debits in time order gives each lot's
remaining amount; the balance is the sum over unexpired lots minus any debt.

Choices:
- A reversal (refund) takes from the lot of the order it refunds first. What the member had
  already spent of that lot is clawed back too (SPEC 6: a late refund still reverses the
  points): the claw-back is taken FIFO from the member's other lots, and what they cannot
  cover becomes a debt. What had expired from the lot is not clawed back: the member never
  had the use of it.
- A debit is a fact the app accepted against the balance it knew. If the replay has less at
  the debit's instant (a refund dated before the spend reached the ledger after it), the debit
  takes what there is and the rest becomes a debt, rather than the history being refused.
- A debt is paid first from later credits (the new lot's `repaid`); it never expires.
- At one instant, credits apply before reversals, and reversals before debits.
- Debits after the evaluation instant are ignored, like events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from rules.instant_memo import key_of, zone_days
from rules.localtime import instant_key, require_aware, start_of_day
from rules.program import Program


@dataclass(frozen=True, slots=True)
class Debit:
    """Points spent (redemption, market purchase...), applied FIFO against lots."""

    at: datetime
    points: int
    reason: str


class Credit(NamedTuple):
    """Points earned; `key` names the lot (the event id, or e.g. `wealth:2026-05`).

    `ts` and `day` are `at`'s instant key and local day when the caller knows them (an
    event's item does), so the replay need not convert them again.
    """

    key: str
    reason: str
    at: datetime
    amount: int
    ts: int | None = None
    day: date | None = None


class Reversal(NamedTuple):
    event_id: str  # the refund
    at: datetime
    key: str  # the lot it reverses
    amount: int
    ts: int | None = None  # instant key of `at`, when known


@dataclass(frozen=True, slots=True)
class Lot:
    key: str
    reason: str
    earned_at: datetime
    earned_on: date
    expires_on: date  # last local day the points can be used
    amount: int
    reversed: int  # refunds of this lot's order, claw-back of spent points included
    spent: int  # debits taken from this lot
    repaid: int  # taken from this lot to cover a debt or another lot's claw-back
    expired: int
    remaining: int


@dataclass(frozen=True, slots=True)
class PointsState:
    lots: tuple[Lot, ...]
    balance: int
    earned: int
    reversed: int
    spent: int
    expired: int
    expiring: tuple[tuple[int, date], ...]  # (points, last usable day) within the warning days
    debt: int = 0  # owed after a late refund (SPEC 6); `balance` already counts it


def replay(
    program: Program,
    credits: Sequence[Credit],
    reversals: Sequence[Reversal],
    debits: Sequence[Debit],
    at: datetime,
    *,
    with_lots: bool = True,
) -> PointsState:
    """The points standing at `at`. Without `with_lots`, `lots` is left empty (everything
    else is the same): a balance alone need not build one Lot per credit."""
    clock = zone_days(program.tz)
    keyed = sorted(
        (key_of(c.at) if c.ts is None else c.ts, c.key, i)
        for i, c in enumerate(credits)
        if c.amount > 0
    )  # (instant, key, arrival): the arrival index keeps equal keys in a stable order
    credits = [credits[i] for _, _, i in keyed]
    count = len(credits)
    earned_on = [
        clock.day(ts, c.at) if c.day is None else c.day
        for (ts, _, _), c in zip(keyed, credits, strict=True)
    ]
    # A lot's expiry is fixed when it is earned: the years after of that day's version.
    years_after = ([program.on(day).expiry_years_after for day in earned_on] if program.versions
                   else [program.expiry_years_after] * count)
    expiry_of: dict[tuple[int, int], tuple[date, int]] = {}  # (year, after) -> (last day, end)
    for day, after in zip(earned_on, years_after, strict=True):
        if (day.year, after) not in expiry_of:
            last = date(day.year + after, 12, 31)
            expiry_of[(day.year, after)] = (last, _end_of_day_key(program, last))
    expires_on = [expiry_of[(d.year, a)][0] for d, a in zip(earned_on, years_after, strict=True)]
    expiry_instant = [expiry_of[(d.year, a)][1]
                      for d, a in zip(earned_on, years_after, strict=True)]
    remaining = [c.amount for c in credits]
    reversed_ = [0] * count
    spent = [0] * count
    repaid = [0] * count
    clawed = [0] * count  # of each lot's spent or repaid points, how many a refund took back
    expired = [0] * count
    index = {c.key: i for i, c in enumerate(credits)}

    limit = instant_key(at)
    # (instant, phase, index, payload), sorted: at one instant credits (0), then reversals (1),
    # then debits (2); (instant, phase, index) is unique, so payloads are never compared.
    actions: list[tuple[int, int, int, Any]] = [(k[0], 0, i, None) for i, k in enumerate(keyed)]
    for i, r in enumerate(reversals):
        key = instant_key(r.at) if r.ts is None else r.ts
        if key <= limit:
            actions.append((key, 1, i, r))
    for i, debit in enumerate(debits):
        require_aware(debit.at, "debit.at")
        if isinstance(debit.points, bool) or not isinstance(debit.points, int) or debit.points < 1:
            raise ValueError("debit.points must be a positive integer")
        if (key := instant_key(debit.at)) <= limit:
            actions.append((key, 2, i, debit))
    actions.sort()

    balance = 0  # sum(remaining) - debt
    debt = 0
    opened = 0  # lots [0, opened) have been credited
    expire_from = 0  # lots [0, expire_from) have expired
    fifo = 0

    def expire_until(instant: int) -> None:
        nonlocal expire_from, balance
        while expire_from < opened and expiry_instant[expire_from] <= instant:
            expired[expire_from] = remaining[expire_from]
            balance -= remaining[expire_from]
            remaining[expire_from] = 0
            expire_from += 1

    def take_fifo(need: int, counter: list[int]) -> None:
        """Take `need` points from the oldest unexpired lots (into `counter`), the rest as
        debt. The balance moves by `need` either way."""
        nonlocal fifo, debt, balance
        balance -= need
        fifo = max(fifo, expire_from)
        while need and fifo < opened:
            take = min(need, remaining[fifo])
            remaining[fifo] -= take
            counter[fifo] += take
            need -= take
            if remaining[fifo] == 0:
                fifo += 1
        debt += need

    for instant, phase, _, payload in actions:
        if expire_from < opened and expiry_instant[expire_from] <= instant:  # a lot is due
            expire_until(instant)
        if phase == 0:
            balance += remaining[opened]
            if debt:
                paid = min(debt, remaining[opened])
                remaining[opened] -= paid
                repaid[opened] += paid
                debt -= paid
            opened += 1
        elif phase == 1:
            lot = index.get(payload.key)
            if lot is None or lot >= opened:
                continue
            take = min(payload.amount, remaining[lot])
            remaining[lot] -= take
            balance -= take
            claw = min(payload.amount - take, spent[lot] + repaid[lot] - clawed[lot])
            clawed[lot] += claw
            reversed_[lot] += take + claw
            if claw:
                take_fifo(claw, repaid)
        else:
            take_fifo(payload.points, spent)
    expire_until(limit)

    lots: tuple[Lot, ...] = ()
    if with_lots:
        lots = tuple(
            map(
                _new_lot,
                [c.key for c in credits],
                [c.reason for c in credits],
                [c.at for c in credits],
                earned_on,
                expires_on,
                [c.amount for c in credits],
                reversed_,
                spent,
                repaid,
                expired,
                remaining,
            )
        )
    return PointsState(
        lots=lots,
        balance=balance,
        earned=sum(c.amount for c in credits),
        reversed=sum(reversed_),
        spent=sum(spent),
        expired=sum(expired),
        expiring=_expiring(program, remaining, expires_on, at),
        debt=debt,
    )


_object_new = object.__new__
_LOT_SLOTS = tuple(getattr(Lot, f.name).__set__ for f in fields(Lot))


def _new_lot(*values: object) -> Lot:
    """`Lot(*values)` without the frozen dataclass __init__ (which sets each slot through
    object.__setattr__, about twice as slow); Lot has no __post_init__."""
    lot = _object_new(Lot)
    for set_slot, value in zip(_LOT_SLOTS, values, strict=True):
        set_slot(lot, value)
    return lot


def _expiring(
    program: Program, remaining: list[int], expires_on: list[date], at: datetime
) -> tuple[tuple[int, date], ...]:
    """(points, last usable day) of the lots' remaining points due within the warning days."""
    today = at.astimezone(program.tz).date()
    horizon = today + timedelta(days=program.on(today).expiring_warning_days)
    due: dict[date, int] = {}
    for left, last in zip(remaining, expires_on, strict=True):
        if left and today <= last <= horizon:
            due[last] = due.get(last, 0) + left
    return tuple((points, day) for day, points in sorted(due.items()))


def _end_of_day_key(program: Program, day: date) -> int:
    """The instant key of local midnight after `day`. For 9999-12-31 (points earned in 9998,
    the last year SPEC 10 admits) that midnight is past what datetime can hold: it is then
    that day's start plus 24 hours, the length of a day in every programme zone we run."""
    if day == date.max:
        return instant_key(start_of_day(program, day)) + 24 * 3600 * 10**6
    return instant_key(start_of_day(program, day + timedelta(days=1)))
