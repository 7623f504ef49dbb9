"""Exact instant keys and program-local days for many events, memoized (a speed-up only).

`instant_key` (microseconds since the epoch) and `at.astimezone(tz).date()` cost about half a
microsecond each per event; on long histories they dominate. The memos here give the same
integers and dates, exactly:

- Instant keys of datetimes whose tzinfo is a fixed `datetime.timezone` (what
  `datetime.fromisoformat` gives): the offset is the same for every instant, so it is looked
  up once per tzinfo value and the key is computed from the naive fields.
- Local days: the zone's UTC offset is memoized per UTC hour, but only for hours that start
  with the same offset as the next hour; any other hour (a transition inside it, e.g.
  Australia/Lord_Howe's half-hour shifts, or a historical LMT offset change) is converted
  event by event with `astimezone`. This is exact for every zone whose offset does not change
  and change back within one UTC hour, which no zone in the tz database does. Days are
  memoized per day number. Out-of-range results fall back to `astimezone`, so they raise
  exactly what it raises.

The memos are bounded and hold only values of pure functions; nothing here reads a clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from rules.localtime import EPOCH, MICROSECOND, instant_key

EPOCH_ORDINAL = EPOCH.toordinal()
HOUR = 3_600_000_000  # microseconds
DAY = 86_400_000_000
MEMO_LIMIT = 200_000  # entries per memo before it is emptied (bounds memory)

# fixed-offset tzinfo -> the microseconds to subtract from a naive microsecond ordinal
SHIFTS: dict[tzinfo, int] = {}


def naive_microseconds(at: datetime) -> int:
    """Microseconds since 0001-01-01 00:00 of the wall-clock fields, ignoring the tzinfo."""
    return (
        ((at.toordinal() * 24 + at.hour) * 60 + at.minute) * 60 + at.second
    ) * 1_000_000 + at.microsecond


def fast_key(at: datetime) -> int:
    """`instant_key(at)`, by the inline fast path once the tzinfo's shift is known (the one
    place history preparation and the JD row adapter compute an event's key)."""
    shift = SHIFTS.get(at.tzinfo) if at.tzinfo is not None else None
    if shift is None:
        return key_of(at)
    return (
        (((at.toordinal() * 24 + at.hour) * 60 + at.minute) * 60 + at.second) * 1_000_000
        + at.microsecond
        - shift
    )


def key_of(at: datetime) -> int:
    """`instant_key(at)`; learns the shift of fixed-offset tzinfos for the inline fast path:
    key = naive_microseconds(at) - SHIFTS[at.tzinfo]."""
    key = instant_key(at)
    zone = at.tzinfo
    if type(zone) is timezone and len(SHIFTS) < MEMO_LIMIT:
        SHIFTS[zone] = naive_microseconds(at) - key
    return key


class ZoneDays:
    """Local days of instant keys in one zone. Hot loops inline `day`'s fast path:
    offset = hours.get(key // HOUR); day = days.get((key + offset) // DAY)."""

    __slots__ = ("tz", "hours", "starts", "days")

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.hours: dict[int, int | None] = {}  # UTC hour -> offset (us), None if it varies
        self.starts: dict[int, int | None] = {}  # UTC hour -> offset at its first microsecond
        self.days: dict[int, date] = {}  # local day number (days since 1970-01-01) -> date

    def day(self, key: int, at: datetime) -> date:
        """The local date of instant `at`, whose instant key is `key`."""
        hour = key // HOUR
        if hour in self.hours:
            offset = self.hours[hour]
        else:
            offset = self._hour_offset(hour)
            if len(self.hours) >= MEMO_LIMIT:
                self.hours.clear()
            self.hours[hour] = offset
        if offset is None:
            return at.astimezone(self.tz).date()
        number = (key + offset) // DAY
        day = self.days.get(number)
        if day is None:
            try:
                day = date.fromordinal(EPOCH_ORDINAL + number)
            except (ValueError, OverflowError):
                return at.astimezone(self.tz).date()
            if len(self.days) >= MEMO_LIMIT:
                self.days.clear()
            self.days[number] = day
        return day

    def _hour_offset(self, hour: int) -> int | None:
        """The offset throughout UTC `hour`, or None if it is not the same at both ends."""
        start, end = self._offset_at(hour), self._offset_at(hour + 1)
        return start if start is not None and start == end else None

    def _offset_at(self, hour: int) -> int | None:
        """The offset at the first microsecond of UTC `hour` (None if out of range)."""
        if hour in self.starts:
            return self.starts[hour]
        try:
            offset = (EPOCH + timedelta(microseconds=hour * HOUR)).astimezone(self.tz).utcoffset()
        except (ValueError, OverflowError):
            offset = None
        value = None if offset is None else offset // MICROSECOND
        if len(self.starts) >= MEMO_LIMIT:
            self.starts.clear()
        self.starts[hour] = value
        return value


_ZONES: dict[tzinfo, ZoneDays] = {}


def zone_days(tz: tzinfo) -> ZoneDays:
    """The (shared, memoized) ZoneDays of a program's zone."""
    days = _ZONES.get(tz)
    if days is None:
        if len(_ZONES) >= 64:
            _ZONES.clear()
        days = _ZONES[tz] = ZoneDays(tz)
    return days
