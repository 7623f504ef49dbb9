"""Sign-in streaks and their rewards (SPEC 5, reward tables in SPEC 2-4).

One sign-in per local day counts. The streak is the run of consecutive local days ending
today or yesterday (so a member who has not signed in yet today keeps their streak).
Reward tables are data: day n of a run earns `rewards[min(n, len(rewards)) - 1]`, so the
table [1..7] gives min(n, 7) and the table [1] gives a flat 1 a day.

Streak freezes (SPEC 13): a `streak_frozen` event forgives the missed local day `date`, one
per calendar month. Choices where SPEC is silent:
- A forgiven day keeps the run going but is not a sign-in: it adds nothing to the streak's
  length and earns nothing (signed 1st-3rd, frozen 4th, signed 5th: the 5th is day 4).
- A freeze covers a day on or before its own local day (a missed day is repaired after the
  fact, never booked ahead); one for a later day changes nothing, as one for a day the member
  signed in. The month's one freeze is the first (by time) that forgives something; a second
  changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rules.history import Item
from rules.program import Program

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    longest: int
    dates: tuple[date, ...]  # every signed-in local day up to today, ascending
    today: date
    frozen: tuple[date, ...] = ()  # missed days a streak freeze forgave, up to today, ascending

    @property
    def signed_today(self) -> bool:
        return bool(self.dates) and self.dates[-1] == self.today

    def in_month(self, year: int, month: int) -> tuple[date, ...]:
        """The calendar of a month: its signed-in days."""
        return tuple(d for d in self.dates if d.year == year and d.month == month)

    def frozen_in_month(self, year: int, month: int) -> tuple[date, ...]:
        """The calendar of a month: its forgiven days."""
        return tuple(d for d in self.frozen if d.year == year and d.month == month)


def sign_in_reward(program: Program, streak_day: int) -> int:
    """Reward for the `streak_day`-th consecutive day of signing in (1 = first day)."""
    if isinstance(streak_day, bool) or not isinstance(streak_day, int) or streak_day < 1:
        raise ValueError("streak_day must be an integer >= 1")
    table = program.sign_in_rewards
    return table[min(streak_day, len(table)) - 1]


def forgiven_days(items: Iterable[Item], signed: Collection[date],
                  notes: dict[str, str] | None = None) -> frozenset[date]:
    """The missed days streak freezes forgive (see the module docstring), from the items in
    time order (only `streak_frozen` ones are read) and the signed-in days. What each freeze
    did goes into `notes` when given (explain)."""
    kept: dict[tuple[int, int], date] = {}
    said: dict[str, str] = {} if notes is None else notes
    for item in items:
        if item.type != "streak_frozen":
            continue
        covered: date = item.fields["date"]
        day = covered.isoformat()
        if covered > item.day:
            said[item.id] = f"streak freeze for {day}, a day not yet come: no effect"
        elif covered in signed:
            said[item.id] = f"streak freeze for {day}, a signed-in day: no effect"
        elif (covered.year, covered.month) in kept:
            said[item.id] = f"a second streak freeze in {day[:7]}: no effect"
        else:
            kept[(covered.year, covered.month)] = covered
            said[item.id] = f"streak freeze: {day} forgiven"
    return frozenset(kept.values())


def _bridged(previous: date, day: date, forgiven: Collection[date]) -> bool:
    """Whether every day strictly between two sign-ins was forgiven."""
    gap = (day - previous).days - 1
    if gap == 0:
        return True
    if gap > len(forgiven):
        return False
    return all(previous + timedelta(days=k) in forgiven for k in range(1, gap + 1))


def run_lengths(days: list[date], forgiven: Collection[date] = frozenset()) -> list[int]:
    """For ascending distinct days, the streak day number each one is (forgiven days keep a
    run going and add nothing to it)."""
    lengths: list[int] = []
    previous = None
    for day in days:
        kept = previous is not None and (day - previous == ONE_DAY
                                         or (bool(forgiven) and _bridged(previous, day, forgiven)))
        lengths.append(lengths[-1] + 1 if kept else 1)
        previous = day
    return lengths


def streak(program: Program, signed_in_local_dates: Iterable[date], today: date,
           forgiven: Iterable[date] = ()) -> Streak:
    """Current and longest streak as of local day `today`; later dates are ignored. A run is
    current while every day between its last sign-in and today was forgiven (today itself
    may still be signed)."""
    days = sorted({d for d in signed_in_local_dates if d <= today})
    frozen = frozenset(d for d in forgiven if d <= today)
    lengths = run_lengths(days, frozen)
    current = 0
    if days and (today - days[-1] <= ONE_DAY or _bridged(days[-1], today, frozen)):
        current = lengths[-1]
    return Streak(current, max(lengths, default=0), tuple(days), today, tuple(sorted(frozen)))
