"""SPEC 12: programme versions. Events before and after a version's first day, each evaluated
by hand under the version in force at its time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given

from rules import ProgramError, VersionSpec, assess, figures, load_program, settle_jd, timeline
from rules.program_files import builtin_data
from tests.rules.rules_helpers import ev, order, refund, t
from tests.rules.test_rules_properties import AT, SETTINGS, histories


def version(number: int, first: str, **changes: int | str) -> VersionSpec:
    """A version from keyword changes; `__` stands for `.` in a key path."""
    return VersionSpec(number, date.fromisoformat(first),
                       {key.replace("__", "."): value for key, value in changes.items()})


def test_jd_beans_of_each_order_follow_the_version_of_its_day():
    jd = timeline("jd", [version(2, "2027-01-01", beans__shopping_yuan_per_bean=5)])
    before = order(t("2026-12-31 23:30"), "100", "before")  # 100 / 10 = 10 beans
    after = order(t("2027-01-01 00:30"), "100", "after")  # 100 / 5 = 20 beans
    late_refund = refund(t("2027-01-02 09:00"), "after", "50")  # floor(20 x 50 / 100) = 10
    on_new_year = assess(jd, [before, after], t("2027-01-01 12:00"))
    assert [(lot.key, lot.amount) for lot in on_new_year.points.lots] == [
        (before.id, 10), (after.id, 20)]
    assert assess(jd, [before, after, late_refund], t("2027-01-02 12:00")).points_balance == 20
    # the same two orders under the file alone: 10 + 10
    assert assess(load_program("jd"), [before, after], t("2027-01-01 12:00")).points_balance == 20


def test_fliggy_threshold_and_rate_from_a_date():
    fliggy = timeline("fliggy", [version(2, "2027-03-01", **{
        "tiers[1]__threshold": 5000, "experience__purchase_yuan_per_point": 1})])
    events = [order(t("2027-02-28 23:30"), "11000", "big"),  # 11000 / 2 = 5500 experience
              order(t("2027-03-01 00:10"), "100", "small")]  # 100 / 1 = 100 experience
    last_day = assess(fliggy, events, t("2027-02-28 23:50"))
    assert (last_day.tier, last_day.growth, last_day.to_next) == ("F1", 5500, 6000 - 5500)
    first_day = assess(fliggy, events, t("2027-03-01 12:00"))
    assert (first_day.tier, first_day.growth, first_day.to_next) == ("F2", 5600, 20000 - 5600)
    # miles did not change: 11000 / 2 + 100 / 2
    assert first_day.points_balance == 5500 + 50


def test_alipay_monthly_cap_raised_mid_month_counts_what_the_month_used():
    alipay = timeline("alipay", [version(2, "2027-01-15", tier_points__shopping_monthly_cap=2000)])
    events = [order(t("2027-01-10"), "20000", "a"),  # 20000 / 20 = 1000, cap 1500: 1000
              order(t("2027-01-12"), "20000", "b"),  # 1000 more, 500 left under 1500: 500
              order(t("2027-01-20"), "20000", "c")]  # cap now 2000, 1500 used: 500
    standing = assess(alipay, events, t("2027-01-31"))
    assert standing.breakdown["shopping"] == 1000 + 500 + 500


def test_jd_settlement_counts_each_event_at_its_version_and_caps_at_the_settlements():
    jd = timeline("jd", [version(2, "2027-02-01", score__consumption__order_points=20,
                                 score__consumption__category_cap=60)])
    events = [order(t("2027-01-10"), "100", "jan", category="food"),
              order(t("2027-02-10"), "100", "feb", category="books")]
    february = settle_jd(jd, events, date(2027, 2, 1))
    # amount 100/10 = 10, one order under version 1 (10), one category (50), one month (50)
    assert february.items["order"] == 10
    assert february.parts["consumption"] == 10 + 10 + 50 + 50
    march = settle_jd(jd, events, date(2027, 3, 1))
    # orders 10 (January's, version 1) + 20 (February's); categories 50 + 50 capped at 60
    assert (march.items["order"], march.items["category"]) == (30, 60)
    assert march.parts["consumption"] == 20 + 30 + 60 + 100


def test_points_expiry_is_fixed_when_earned():
    jd = timeline("jd", [version(2, "2027-06-01", points__expiry_years_after=2)])
    events = [order(t("2027-05-31 23:00"), "100", "may"),
              order(t("2027-06-01 01:00"), "100", "jun")]
    lots = assess(jd, events, t("2027-06-02")).points.lots
    assert [(lot.key, lot.expires_on) for lot in lots] == [
        (events[0].id, date(2028, 12, 31)), (events[1].id, date(2029, 12, 31))]


def test_versions_are_cumulative_and_the_later_of_one_day_wins():
    jd = timeline("jd", [version(2, "2027-01-01", market__fee_percent=4),
                         version(3, "2027-02-01", market__transfer_lock_hours=12),
                         version(4, "2027-02-01", market__fee_percent=3)])
    figures_on = {day: (jd.on(date.fromisoformat(day)).market.fee_percent,
                        jd.on(date.fromisoformat(day)).market.transfer_lock_hours,
                        jd.on(date.fromisoformat(day)).number)
                  for day in ("2026-12-31", "2027-01-01", "2027-01-31", "2027-02-01")}
    assert figures_on == {"2026-12-31": (5, 24, 1), "2027-01-01": (4, 24, 2),
                          "2027-01-31": (4, 24, 2), "2027-02-01": (3, 12, 4)}
    assert jd.at(t("2027-01-31 23:59")).number == 2


@pytest.mark.parametrize(("changes", "key", "problem"), [
    ({"names.zh": "x"}, "names.zh", "is not a figure of this programme"),
    ({"market.fee_percent": 60}, "market.fee_percent", "must be at most 50"),
    ({"market.fee_percent": "4"}, "market.fee_percent", "must be a non-negative integer"),
    ({"tiers[1].threshold": 2600}, "tiers[2].threshold",
     "must be greater than the previous tier's threshold"),
    ({"score.fair_multiplier": "1.5"}, "score.fair_multiplier", "must not be above 1"),
    # Figures past these bounds would overflow the calendar or the ledger's 32-bit columns.
    ({"tiers[3].threshold": 10**12}, "tiers[3].threshold", "must be at most 1000000000"),
    ({"badges.window_days": 100_000}, "badges.window_days", "must be at most 3660"),
    ({"plus.annual_days": 4000}, "plus.annual_days", "must be at most 3660"),
    ({"points.expiry_years_after": 9000}, "points.expiry_years_after", "must be at most 10"),
    ({"score.months": 1200}, "score.months", "must be at most 120"),
])
def test_a_bad_figure_gets_the_loaders_message(changes, key, problem):
    with pytest.raises(ProgramError) as refused:
        timeline("jd", [VersionSpec(2, date(2027, 1, 1), changes)])
    assert (refused.value.file, refused.value.key, refused.value.problem) == (
        "rules/programs/jd.toml, version 2", key, problem)


def test_the_figures_are_the_numbers_of_the_file():
    jd = figures(builtin_data("jd"))
    assert jd["market.fee_percent"] == 5
    assert jd["tiers[3].threshold"] == 5000
    assert jd["sign_in.rewards[6]"] == 7
    assert jd["score.fair_multiplier"] == "0.9"
    assert jd["badges.levels[1].threshold"] == "2000"
    assert not {"code", "engine", "timezone", "names.zh"} & set(jd)


@SETTINGS
@given(history=histories())
def test_a_version_that_changes_nothing_gives_the_same_standing(history):
    """The versioned paths (each event's own figures) agree with the single-version ones."""
    for code in ("jd", "fliggy", "alipay"):
        same = dict(figures(builtin_data(code)))
        versioned = timeline(code, [VersionSpec(2, date(2026, 1, 1), same)])
        plain = assess(load_program(code), history, AT)
        changed = assess(versioned, history, AT)
        assert changed.points == plain.points
        assert (changed.tier, changed.growth, changed.breakdown, changed.settlement) == (
            plain.tier, plain.growth, plain.breakdown, plain.settlement)


def test_decimal_figures_stay_decimal():
    jd = timeline("jd", [version(2, "2027-01-01", score__fair_multiplier="0.85")])
    assert jd.on(date(2027, 1, 1)).jd_rules().fair_multiplier == Decimal("0.85")


def test_alipay_wealth_points_kept_longer_by_an_old_version_are_still_counted():
    """Version 2 (2023) kept points five years, version 3 (2024) went back to one: January
    2023's wealth points expire at the end of 2028, so they still count in 2027."""
    alipay = timeline("alipay", [version(2, "2023-01-01", points__expiry_years_after=5),
                                 version(3, "2024-01-01", points__expiry_years_after=1)])
    events = [ev("wealth_balance", "2023-01-01 08:00", date="2023-01-01", balance="15000"),
              ev("wealth_balance", "2023-02-01 08:00", date="2023-02-01", balance="0")]
    # January 2023: 31 days at 15,000 average 15,000; 15,000 / 150 = 100 points
    assert assess(alipay, events, t("2027-06-15 12:00")).points_balance == 100
    assert assess(alipay, events, t("2029-01-01 12:00")).points_balance == 0
