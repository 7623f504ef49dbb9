"""Points as FIFO lots (SPEC 6): credits, proportional reversals, debits and expiry.

Every credit opens a lot that expires at the end of the calendar year after the year it was
earned (local). Replaying credits, reversals and debits in time order gives each lot's
remaining amount; the balance is the sum over unexpired lots and can never go negative.

Choices:
- A reversal (refund) takes from the lot of the order it refunds, never from other lots; what
  was already spent or expired from that lot is not clawed back (balance stays >= 0).
- At one instant, credits apply before reversals, and reversals before debits.
- A debit larger than the balance available at its instant raises InsufficientPoints.
- Debits after the evaluation instant are ignored, like events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rules.errors import InsufficientPoints
from rules.localtime import instant_key, require_aware, start_of_day
from rules.program import Program


@dataclass(frozen=True, slots=True)
class Debit:
    """Points spent (redemption, market purchase...), applied FIFO against lots."""

    at: datetime
    points: int
    reason: str


@dataclass(frozen=True, slots=True)
class Credit:
    """Points earned; `key` names the lot (the event id, or e.g. `wealth:2026-05`)."""

    key: str
    reason: str
    at: datetime
    amount: int


@dataclass(frozen=True, slots=True)
class Reversal:
    event_id: str  # the refund
    at: datetime
    key: str  # the lot it reverses
    amount: int


@dataclass(frozen=True, slots=True)
class Lot:
    key: str
    reason: str
    earned_at: datetime
    earned_on: date
    expires_on: date  # last local day the points can be used
    amount: int
    reversed: int
    spent: int
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


def replay(
    program: Program,
    credits: Sequence[Credit],
    reversals: Sequence[Reversal],
    debits: Sequence[Debit],
    at: datetime,
) -> PointsState:
    tz = program.tz
    keyed = sorted(
        ((instant_key(c.at), c.key, c) for c in credits if c.amount > 0), key=lambda k: k[:2]
    )
    credits = [c for _, _, c in keyed]
    count = len(credits)
    earned_on = [c.at.astimezone(tz).date() for c in credits]
    after = program.expiry_years_after
    expires_on = [date(d.year + after, 12, 31) for d in earned_on]
    ends: dict[date, int] = {}
    for day in expires_on:
        if day not in ends:
            ends[day] = instant_key(start_of_day(program, day + timedelta(days=1)))
    expiry_instant = [ends[d] for d in expires_on]
    remaining = [c.amount for c in credits]
    reversed_ = [0] * count
    spent = [0] * count
    expired = [0] * count
    index = {c.key: i for i, c in enumerate(credits)}

    limit = instant_key(at)
    actions: list[tuple] = [(k[0], 0, i, None) for i, k in enumerate(keyed)]
    actions += [
        (key, 1, i, r) for i, r in enumerate(reversals) if (key := instant_key(r.at)) <= limit
    ]
    for i, debit in enumerate(debits):
        require_aware(debit.at, "debit.at")
        if isinstance(debit.points, bool) or not isinstance(debit.points, int) or debit.points < 1:
            raise ValueError("debit.points must be a positive integer")
        if (key := instant_key(debit.at)) <= limit:
            actions.append((key, 2, i, debit))
    actions.sort(key=lambda a: (a[0], a[1], a[2]))

    balance = 0
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

    for instant, phase, _, payload in actions:
        expire_until(instant)
        if phase == 0:
            balance += remaining[opened]
            opened += 1
        elif phase == 1:
            lot = index.get(payload.key)
            if lot is None or lot >= opened:
                continue
            take = min(payload.amount, remaining[lot])
            remaining[lot] -= take
            reversed_[lot] += take
            balance -= take
        else:
            if payload.points > balance:
                raise InsufficientPoints(payload.points, balance, payload.reason)
            need = payload.points
            fifo = max(fifo, expire_from)
            while need:
                take = min(need, remaining[fifo])
                remaining[fifo] -= take
                spent[fifo] += take
                need -= take
                if remaining[fifo] == 0:
                    fifo += 1
            balance -= payload.points
    expire_until(limit)

    lots = tuple(
        Lot(
            c.key,
            c.reason,
            c.at,
            earned_on[i],
            expires_on[i],
            c.amount,
            reversed_[i],
            spent[i],
            expired[i],
            remaining[i],
        )
        for i, c in enumerate(credits)
    )
    return PointsState(
        lots=lots,
        balance=balance,
        earned=sum(c.amount for c in credits),
        reversed=sum(reversed_),
        spent=sum(spent),
        expired=sum(expired),
        expiring=_expiring(program, lots, at),
    )


def _expiring(
    program: Program, lots: tuple[Lot, ...], at: datetime
) -> tuple[tuple[int, date], ...]:
    today = at.astimezone(program.tz).date()
    horizon = today + timedelta(days=program.expiring_warning_days)
    due: dict[date, int] = {}
    for lot in lots:
        if lot.remaining and today <= lot.expires_on <= horizon:
            due[lot.expires_on] = due.get(lot.expires_on, 0) + lot.remaining
    return tuple((points, day) for day, points in sorted(due.items()))
