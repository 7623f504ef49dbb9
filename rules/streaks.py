"""Sign-in streaks and their rewards (SPEC 5, reward tables in SPEC 2-4).

One sign-in per local day counts. The streak is the run of consecutive local days ending
today or yesterday (so a member who has not signed in yet today keeps their streak).
Reward tables are data: day n of a run earns `rewards[min(n, len(rewards)) - 1]`, so the
table [1..7] gives min(n, 7) and the table [1] gives a flat 1 a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rules.program import Program

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    longest: int
    dates: tuple[date, ...]  # every signed-in local day up to today, ascending
    today: date

    @property
    def signed_today(self) -> bool:
        return bool(self.dates) and self.dates[-1] == self.today

    def in_month(self, year: int, month: int) -> tuple[date, ...]:
        """The calendar of a month: its signed-in days."""
        return tuple(d for d in self.dates if d.year == year and d.month == month)


def sign_in_reward(program: Program, streak_day: int) -> int:
    """Reward for the `streak_day`-th consecutive day of signing in (1 = first day)."""
    if isinstance(streak_day, bool) or not isinstance(streak_day, int) or streak_day < 1:
        raise ValueError("streak_day must be an integer >= 1")
    table = program.sign_in_rewards
    return table[min(streak_day, len(table)) - 1]


def run_lengths(days: list[date]) -> list[int]:
    """For ascending distinct days, the streak day number each one is."""
    lengths: list[int] = []
    previous = None
    for day in days:
        lengths.append(lengths[-1] + 1 if previous is not None and day - previous == ONE_DAY else 1)
        previous = day
    return lengths


def streak(program: Program, signed_in_local_dates: Iterable[date], today: date) -> Streak:
    """Current and longest streak as of local day `today`; later dates are ignored."""
    days = sorted({d for d in signed_in_local_dates if d <= today})
    lengths = run_lengths(days)
    current = 0
    if days and today - days[-1] <= ONE_DAY:
        current = lengths[-1]
    return Streak(current, max(lengths, default=0), tuple(days), today)
