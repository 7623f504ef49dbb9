"""SPEC 13: streak freezes. A `streak_frozen` event forgives one missed local day a calendar
month; the expected streaks and rewards are worked out by hand (JD: day n earns min(n, 7)
beans; Fliggy: min(n, 7) miles)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import assess, evaluate, explain, load_program
from tests.rules.rules_helpers import ev, t


def signed(*days: str) -> list:
    return [ev("signed_in", f"{day} 09:00", id=f"s-{day}") for day in days]


def frozen(covered: str, made: str, id: str | None = None):
    return ev("streak_frozen", f"{made} 08:00", id=id or f"f-{covered}", date=covered)


def test_a_forgiven_day_keeps_the_run_and_adds_nothing_to_it():
    jd = load_program("jd")
    events = [*signed("2026-11-01", "2026-11-02", "2026-11-03"),
              frozen("2026-11-04", "2026-11-05"), *signed("2026-11-05", "2026-11-06")]
    standing = assess(jd, events, t("2026-11-06 12:00"))
    assert (standing.streak.current, standing.streak.longest) == (5, 5)
    assert standing.streak.frozen == (date(2026, 11, 4),)
    # streak days 1, 2, 3, 4, 5: 1 + 2 + 3 + 4 + 5 beans (without the freeze 1+2+3+1+2)
    assert standing.points_balance == 15
    assert assess(jd, [e for e in events if e.type == "signed_in"],
                  t("2026-11-06 12:00")).points_balance == 9
    assert evaluate(jd, events, t("2026-11-06 12:00"))["streak"] == {"current": 5, "longest": 5}


def test_a_streak_stays_current_across_a_forgiven_yesterday():
    fliggy = load_program("fliggy")
    events = [*signed("2026-11-02", "2026-11-03"), frozen("2026-11-04", "2026-11-05")]
    today = assess(fliggy, events, t("2026-11-05 12:00")).streak
    assert (today.current, today.longest, today.signed_today) == (2, 2, False)
    # the day after, with the 5th missed too: broken
    assert assess(fliggy, events, t("2026-11-06 12:00")).streak.current == 0
    # no freeze: broken on the 5th already
    assert assess(fliggy, events[:2], t("2026-11-05 12:00")).streak.current == 0


def test_one_freeze_a_month_a_signed_day_or_a_day_ahead_changes_nothing():
    alipay = load_program("alipay")
    events = [
        *signed("2026-11-01", "2026-11-02"),
        frozen("2026-11-02", "2026-11-03", id="on-signed"),  # a signed-in day: nothing
        frozen("2026-11-20", "2026-11-03", id="ahead"),  # a day not yet come: nothing
        frozen("2026-11-03", "2026-11-04", id="first"),  # November's one freeze
        *signed("2026-11-04"),
        frozen("2026-11-05", "2026-11-06", id="second"),  # a second in November: nothing
        *signed("2026-11-06"),
    ]
    streak = assess(alipay, events, t("2026-11-06 12:00")).streak
    assert streak.frozen == (date(2026, 11, 3),)
    assert (streak.current, streak.longest) == (1, 3)  # 1st, 2nd, (3rd), 4th; then the 6th
    notes = {entry["id"]: entry["note"] for entry in explain(alipay, events, t("2026-11-06 12:00"))}
    assert notes["on-signed"] == "streak freeze for 2026-11-02, a signed-in day: no effect"
    assert notes["ahead"] == "streak freeze for 2026-11-20, a day not yet come: no effect"
    assert notes["first"] == "streak freeze: 2026-11-03 forgiven"
    assert notes["second"] == "a second streak freeze in 2026-11: no effect"


def test_the_last_day_of_a_month_and_the_first_of_the_next_are_one_freeze_each():
    jd = load_program("jd")
    events = [*signed("2026-11-29"), frozen("2026-11-30", "2026-11-30"),
              frozen("2026-12-01", "2026-12-01"), *signed("2026-12-02")]
    streak = assess(jd, events, t("2026-12-02 12:00")).streak
    assert (streak.current, streak.frozen) == (2, (date(2026, 11, 30), date(2026, 12, 1)))
    assert streak.frozen_in_month(2026, 12) == (date(2026, 12, 1),)


def _day_by_day(signed_days: set[date], forgiven: set[date], first: date, today: date):
    """An independent model: walk the calendar; a signed day adds one, a forgiven day keeps
    the count, any other day before today resets it. (current, longest, the JD beans.)"""
    count = longest = beans = 0
    day = first
    while day <= today:
        if day in signed_days:
            count += 1
            beans += min(count, 7)
        elif day not in forgiven and day != today:
            count = 0
        longest = max(longest, count)
        day += timedelta(days=1)
    return count, longest, beans


@settings(max_examples=200, deadline=None)
@given(signed_offsets=st.sets(st.integers(0, 59)),
       freezes=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 3)), max_size=6))
def test_streaks_with_freezes_match_a_day_by_day_walk(signed_offsets, freezes):
    first, jd = date(2026, 10, 1), load_program("jd")
    today = first + timedelta(days=59)
    signed_days = {first + timedelta(days=k) for k in signed_offsets}
    events = [ev("signed_in", t(f"{day.isoformat()} 09:00"), id=f"s{day}") for day in signed_days]
    for index, (offset, delay) in enumerate(freezes):  # a freeze made `delay` days after
        covered = first + timedelta(days=offset)
        made = covered + timedelta(days=delay)
        if made <= today:
            events.append(ev("streak_frozen", t(f"{made.isoformat()} 08:00"), id=f"f{index:02d}",
                             date=covered.isoformat()))
    # SPEC 13 read literally, in time order: the month's first freeze of a missed day counts
    forgiven: set[date] = set()
    months: set[tuple[int, int]] = set()
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        if event.type == "streak_frozen":
            covered = event.fields["date"]
            if (covered <= event.at.date() and covered not in signed_days
                    and (covered.year, covered.month) not in months):
                months.add((covered.year, covered.month))
                forgiven.add(covered)
    standing = assess(jd, events, t(f"{today.isoformat()} 23:00"))
    current, longest, beans = _day_by_day(signed_days, forgiven, first, today)
    assert (standing.streak.current, standing.streak.longest) == (current, longest)
    assert standing.points_balance == beans
