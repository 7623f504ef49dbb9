"""The speed-ups give exactly what the straightforward computations give.

- JD: the one-pass settlement of this month and the next (for `drops_on`) equals two separate
  `settle_jd` calls.
- Instant keys and local days from `rules.instant_memo` equal `instant_key` and
  `astimezone().date()`, across time zones with odd transitions.
- `parse_event` builds its (frozen) Event without the dataclass __init__: same value.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import Event, assess, parse_event, settle_jd
from rules.history import prepare
from rules.instant_memo import key_of, zone_days
from rules.jd_score import settle_items
from rules.localtime import add_months, first_of_month, instant_key
from tests.rules.test_rules_properties import AT, PROGRAMS, SETTINGS, histories

ZONES = [
    "Asia/Shanghai",
    "Australia/Lord_Howe",  # half-hour DST shifts at half past the UTC hour
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/London",
    "Pacific/Apia",  # skipped a whole day in 2011
]


@SETTINGS
@given(histories(), st.integers(-40, 60))
def test_one_pass_settlements_equal_separate_settle_jd_calls(events, days_before):
    program = PROGRAMS["jd"]
    at = AT - timedelta(days=days_before)
    today = at.astimezone(program.tz).date()
    this_month = first_of_month(today)
    upcoming = add_months(this_month, 1)
    known = [e for e in events if e.at <= at]
    items = prepare(program, events, at)
    (settlement, entries), (following, _) = settle_items(
        program, items, (this_month, upcoming), detail=True
    )
    for got, day in ((settlement, this_month), (following, upcoming)):
        expected = settle_jd(program, known, day)
        assert got == expected
        assert list(got.items) == list(expected.items)  # rows in the same order too
    for source, total in settlement.parts.items():
        assert sum(e.amount for e in entries if e.source == source) == total
    drops = program.tier_rank(following.tier) < program.tier_rank(settlement.tier)
    assert assess(program, events, at).drops_on == (upcoming if drops else None)


instants = st.datetimes(
    min_value=datetime(1890, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)
offsets = st.sampled_from([UTC, *[timezone(timedelta(minutes=m)) for m in (-570, -300, 345, 480)]])


@SETTINGS
@given(instants, st.one_of(offsets, st.sampled_from([ZoneInfo(z) for z in ZONES])))
def test_clock_keys_and_days_match_astimezone(instant, event_zone):
    at = instant.astimezone(event_zone)
    key = key_of(at)
    assert key == instant_key(at)
    assert key_of(at) == key  # the memoized path too
    for zone in ZONES:
        tz = ZoneInfo(zone)
        assert zone_days(tz).day(key, at) == at.astimezone(tz).date()


@pytest.mark.parametrize("zone", ZONES)
def test_clock_days_minute_by_minute_around_transitions(zone):
    tz = ZoneInfo(zone)
    clock = zone_days(tz)
    for start in (datetime(2011, 12, 29, tzinfo=UTC), datetime(2025, 4, 5, tzinfo=UTC)):
        for minute in range(0, 4 * 24 * 60, 7):
            at = start + timedelta(minutes=minute)
            assert clock.day(instant_key(at), at) == at.astimezone(tz).date()
    # and around each of the zone's 2025-2026 transitions
    hour = datetime(2025, 1, 1, tzinfo=UTC)
    while hour < datetime(2027, 1, 1, tzinfo=UTC):
        nxt = hour + timedelta(hours=1)
        if hour.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            for minute in range(-90, 90):
                at = hour + timedelta(minutes=minute, seconds=minute % 60)
                assert clock.day(instant_key(at), at) == at.astimezone(tz).date()
        hour = nxt


def test_parse_event_builds_a_normal_frozen_event():
    obj = {
        "id": "a1",
        "type": "order_paid",
        "at": "2026-03-01T10:00:00+08:00",
        "order_id": "o1",
        "amount": "12.30",
        "category": "food",
    }
    event = parse_event(obj)
    same = Event(event.id, event.type, event.at, event.fields)
    assert event == same and repr(event) == repr(same)
    assert dict(event.fields) == {
        "order_id": "o1",
        "amount": parse_event(obj).fields["amount"],
        "category": "food",
        "special": False,
        "payment": "other",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.id = "b"  # type: ignore[misc]
    assert date(2026, 3, 1) == event.at.date()


class Jump(tzinfo):
    """+08:00 until 2025-03-01 16:20 UTC, then +07:00: a transition 20 minutes into a UTC hour
    that moves local midnight (no real zone needs this, but the clock must not care)."""

    AT = datetime(2025, 3, 1, 16, 20)  # naive UTC

    def fromutc(self, dt):
        utc = dt.replace(tzinfo=None)
        offset = self._offset(utc)
        local = utc + offset
        fold = int(utc >= self.AT and local - timedelta(hours=8) < self.AT)
        return local.replace(tzinfo=self, fold=fold)

    def utcoffset(self, dt):
        if dt is None:
            return None
        local = dt.replace(tzinfo=None)
        if dt.fold or local - timedelta(hours=8) >= self.AT:
            return timedelta(hours=7)
        return timedelta(hours=8)

    def _offset(self, utc):
        return timedelta(hours=8) if utc < self.AT else timedelta(hours=7)

    def dst(self, dt):
        return None

    def tzname(self, dt):
        return "JUMP"


def test_clock_days_with_a_transition_inside_a_utc_hour():
    tz = Jump()
    clock = zone_days(tz)
    for minute in range(12 * 60, 20 * 60):
        at = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=minute)
        assert clock.day(instant_key(at), at) == at.astimezone(tz).date()
