"""Calendar arithmetic in a program's time zone: local days, months and expiry dates.

Days and months are always local to the program (SPEC: "a day" and "a month" are local
calendar days and months); instants are always aware datetimes.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from rules.program import Program

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def instant_key(instant: datetime) -> int:
    """Microseconds since the epoch: a sort key much cheaper to compare than aware datetimes
    whose tzinfo objects differ (each comparison would call utcoffset twice)."""
    return (instant - EPOCH) // MICROSECOND


def require_aware(instant: datetime, name: str = "at") -> None:
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset)")


def local_date(program: Program, instant: datetime) -> date:
    """The program-local calendar day of an aware instant."""
    require_aware(instant, "instant")
    return instant.astimezone(program.tz).date()


def start_of_day(program: Program, day: date) -> datetime:
    """The aware instant at which local `day` begins."""
    return datetime.combine(day, time(), tzinfo=program.tz)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def window_start(today: date, days: int) -> date:
    """First local day of the rolling window of `days` days ending on `today` (inclusive)."""
    return today - timedelta(days=days - 1)


def points_expiry(program: Program, earned_at: datetime) -> date:
    """Last local day on which points earned at `earned_at` can be used (SPEC 6).

    Points expire at the end of the calendar year `expiry_years_after` years after the
    local year they were earned in: earned any time in 2025 -> usable through 2026-12-31.
    """
    earned_on = local_date(program, earned_at)
    year = earned_on.year + program.on(earned_on).expiry_years_after  # the earning day's version
    return date(year, 12, 31)
