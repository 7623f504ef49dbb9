"""SPEC 5 (sign-in streaks) and SPEC 6 (points lots, expiry, FIFO spending)."""

from __future__ import annotations

from datetime import date

import pytest

from rules import (
    Debit,
    assess,
    local_date,
    points_expiry,
    sign_in_reward,
    streak,
)
from tests.rules.rules_helpers import UTC, ev, order, t


def test_spec5_reward_tables(jd, fliggy, alipay):
    assert [sign_in_reward(jd, n) for n in range(1, 10)] == [1, 2, 3, 4, 5, 6, 7, 7, 7]
    assert sign_in_reward(fliggy, 7) == 7
    assert [sign_in_reward(alipay, n) for n in (1, 5, 30)] == [1, 1, 1]
    with pytest.raises(ValueError):
        sign_in_reward(jd, 0)


def test_spec5_streak_ends_today_or_yesterday(jd):
    days = [date(2026, 11, d) for d in (1, 2, 3, 5, 6, 7, 8, 20, 21)]
    assert (
        streak(jd, days, date(2026, 11, 21)).current,
        streak(jd, days, date(2026, 11, 21)).longest,
    ) == (2, 4)
    assert streak(jd, days, date(2026, 11, 22)).current == 2  # yesterday still counts
    assert streak(jd, days, date(2026, 11, 23)).current == 0  # a gap resets it
    s = streak(jd, days, date(2026, 11, 6))  # later days ignored
    assert (s.current, s.longest, s.signed_today) == (2, 3, True)
    assert streak(jd, days, date(2026, 11, 21)).in_month(2026, 11)[:2] == (
        date(2026, 11, 1),
        date(2026, 11, 2),
    )


def test_spec5_streak_uses_local_days(jd):
    # 2026-11-21 23:30 local and 2026-11-22 00:30 local are one UTC day but two local days
    events = [ev("signed_in", "2026-11-21 23:30"), ev("signed_in", "2026-11-22 00:30")]
    a = assess(jd, events, t("2026-11-22 12:00"))
    assert (a.streak.current, a.points.balance) == (2, 1 + 2)
    assert local_date(jd, t("2026-11-21T16:30:00+00:00")) == date(2026, 11, 22)


def test_spec6_expiry_end_of_next_calendar_year_local(jd):
    # 2025-12-31 23:30 local (= 15:30 UTC) is earned in 2025: usable through 2026-12-31
    assert points_expiry(jd, t("2025-12-31 23:30")) == date(2026, 12, 31)
    # 2025-12-31 16:30 UTC is 2026-01-01 00:30 local: earned in 2026, usable through 2027
    assert points_expiry(jd, t("2025-12-31T16:30:00+00:00")) == date(2027, 12, 31)
    events = [order("2025-03-01", "1000"), order("2026-02-01", "500")]  # 100 and 50 beans
    last_day = assess(jd, events, t("2026-12-31 23:59"))
    assert last_day.points.balance == 150
    assert last_day.points.expiring == ((100, date(2026, 12, 31)),)
    next_year = assess(jd, events, t("2027-01-01 00:00"))  # local midnight: the 100 expired
    assert (next_year.points.balance, next_year.points.expired) == (50, 100)
    utc_same_instant = assess(jd, events, t("2026-12-31T16:00:00+00:00"))
    assert utc_same_instant.points.balance == 50


def test_spec6_expiring_within_30_days(jd):
    events = [order("2025-06-01", "1000")]  # 100 beans, usable through 2026-12-31
    assert assess(jd, events, t("2026-12-01 12:00")).points.expiring == ((100, date(2026, 12, 31)),)
    assert assess(jd, events, t("2026-11-30 12:00")).points.expiring == ()


def test_spec6_debits_fifo(jd):
    events = [order("2025-03-01", "1000"), order("2026-02-01", "500")]  # lots 100, 50
    debits = [Debit(t("2026-03-01"), 120, "catalog")]
    a = assess(jd, events, t("2026-06-01"), debits=debits)
    lots = a.points.lots
    assert [(lot.spent, lot.remaining) for lot in lots] == [(100, 0), (20, 30)]
    assert (a.points.balance, a.points.debt) == (30, 0)
    # debits after the evaluation instant are ignored
    assert (
        assess(
            jd, events, t("2026-06-01"), debits=[Debit(t("2027-01-01"), 999, "x")]
        ).points.balance
        == 150
    )


def test_spec6_a_debit_the_replay_cannot_cover_is_a_debt_paid_by_later_credits(jd):
    events = [order("2025-03-01", "1000"), order("2026-02-01", "500")]  # lots 100, 50
    a = assess(jd, events, t("2026-06-01"), debits=[Debit(t("2026-03-01"), 151, "too much")])
    assert (a.points.balance, a.points.debt) == (-1, 1)
    # at 2025-04-01 only the first lot exists: 1 point is owed until the 50 arrive
    a = assess(jd, events, t("2026-06-01"), debits=[Debit(t("2025-04-01"), 101, "early")])
    assert [(lot.spent, lot.repaid, lot.remaining) for lot in a.points.lots] == [
        (100, 0, 0),
        (0, 1, 49),
    ]
    assert (a.points.balance, a.points.debt) == (49, 0)


def test_spec6_a_refund_after_spending_claws_back_the_spent_points_as_a_debt(jd):
    o = order("2026-02-01", "1000", order_id="A")  # 100 beans
    refund = ev("order_refunded", "2026-03-01", order_id="A", amount="1000")
    spent = [Debit(t("2026-02-15"), 90, "catalog")]
    a = assess(jd, [o, refund], t("2026-06-01"), debits=spent)
    assert (a.points.balance, a.points.debt) == (-90, 90)
    assert (a.points.lots[0].reversed, a.points.lots[0].remaining) == (100, 0)
    # the next credit (2,000 yuan: 200 beans) pays the 90 first
    later = order("2026-04-01", "2000", order_id="B")
    a = assess(jd, [o, refund, later], t("2026-06-01"), debits=spent)
    assert (a.points.balance, a.points.debt) == (110, 0)
    assert [(lot.repaid, lot.remaining) for lot in a.points.lots] == [(0, 0), (90, 110)]


def test_spec6_a_claw_back_is_taken_from_other_points_before_it_is_a_debt(jd):
    a_order = order("2026-01-10", "1000", order_id="A")  # 100 beans
    b_order = order("2026-01-20", "2000", order_id="B")  # 200 beans
    refund = ev("order_refunded", "2026-02-01", order_id="A", amount="1000")
    spent = [Debit(t("2026-01-15"), 100, "catalog")]  # all of A, before B existed
    a = assess(jd, [a_order, b_order, refund], t("2026-06-01"), debits=spent)
    assert (a.points.balance, a.points.debt) == (100, 0)
    assert [(lot.reversed, lot.repaid, lot.remaining) for lot in a.points.lots] == [
        (100, 0, 0),
        (0, 100, 100),
    ]


def test_spec6_expired_points_are_not_clawed_back(jd):
    o = order("2024-06-01", "1000", order_id="A")  # 100 beans, expired at the end of 2025
    refund = ev("order_refunded", "2026-02-01", order_id="A", amount="1000")
    a = assess(jd, [o, refund], t("2026-06-01"))
    assert (a.points.balance, a.points.debt, a.points.expired) == (0, 0, 100)
    assert a.points.lots[0].reversed == 0


def test_spec10_points_balance_is_earned_minus_reversed_minus_expired(fliggy):
    events = [
        order("2024-05-01", "200"),
        order("2026-05-01", "300", order_id="B"),
        ev("order_refunded", "2026-05-02", order_id="B", amount="100"),
    ]
    a = assess(fliggy, events, t("2026-11-22").astimezone(UTC))
    # 100 miles earned 2024 expired end of 2025; 150 earned, floor(150 x 100/300) = 50 reversed
    assert (a.points.earned, a.points.reversed, a.points.expired, a.points.balance) == (
        250,
        50,
        100,
        100,
    )


# Found by the mutation run (bench/mutation.py): rules of SPEC 6 no test above pinned.


def test_spec6_lots_due_the_same_day_warn_and_expire_together(jd):
    events = [order("2025-03-01", "1000"), order("2025-09-01", "500")]  # 100 + 50, same year
    # The 30-day warning counts from the local day: 2026-12-01 00:30 local is still
    # 2026-11-30 in UTC, and the last usable day (2026-12-31) is 30 days away.
    warned = assess(jd, events, t("2026-12-01 00:30"))
    assert warned.points.expiring == ((150, date(2026, 12, 31)),)
    assert assess(jd, events, t("2026-11-30 23:30")).points.expiring == ()
    after = assess(jd, events, t("2027-01-01 00:00"))
    assert (after.points.balance, after.points.expired) == (0, 150)
    assert [(lot.expired, lot.remaining) for lot in after.points.lots] == [(100, 0), (50, 0)]


def test_spec6_spending_adds_up_on_each_lot(jd):
    events = [order("2026-01-10", "1000")]  # one lot of 100
    debits = [Debit(t("2026-02-01"), 30, "catalog"), Debit(t("2026-03-01"), 20, "game")]
    a = assess(jd, events, t("2026-06-01"), debits=debits)
    assert [(lot.spent, lot.remaining) for lot in a.points.lots] == [(50, 50)]
    assert (a.points.spent, a.points.balance) == (50, 50)


def test_spec6_a_refund_or_a_debit_at_the_evaluation_instant_counts(jd):
    at = t("2026-06-01")
    events = [order("2026-02-01", "1000", order_id="A"),
              ev("order_refunded", "2026-06-01", order_id="A", amount="500")]
    a = assess(jd, events, at, debits=[Debit(at, 10, "catalog")])
    # 100 beans; half the order refunded at `at` reverses 50; the 10 spent at `at` count too
    assert (a.points.reversed, a.points.spent, a.points.balance) == (50, 10, 40)


@pytest.mark.parametrize("points", [0, -5, True, 2.5])
def test_spec6_a_debit_is_a_positive_whole_number_of_points(jd, points):
    with pytest.raises(ValueError):
        assess(jd, [order("2026-02-01", "1000")], t("2026-06-01"),
               debits=[Debit(t("2026-03-01"), points, "catalog")])


def test_spec6_points_earned_on_the_last_admitted_day_last_through_9999(jd):
    a = assess(jd, [order("9998-12-31 23:00", "1000")], t("9998-12-31T23:59:59.999999+08:00"))
    assert [(lot.expires_on, lot.remaining) for lot in a.points.lots] == [(date(9999, 12, 31), 100)]
    assert a.points.balance == 100


def test_spec6_a_wealth_month_is_earned_when_it_is_credited_local_midnight(alipay):
    # December 2025 at 15,000 a day: floor(15,000 / 150) = 100 points, credited when the month
    # is complete, 2026-01-01 00:00 local (still 2025-12-31 in UTC): earned in 2026, they are
    # usable through 2027-12-31.
    events = [ev("wealth_balance", "2025-12-01", date="2025-12-01", balance="15000"),
              ev("wealth_balance", "2026-01-01 08:00", date="2026-01-01", balance="0")]
    a = assess(alipay, events, t("2027-12-31 23:59"))
    assert [(lot.earned_on, lot.expires_on, lot.remaining) for lot in a.points.lots] == [
        (date(2026, 1, 1), date(2027, 12, 31), 100)]
    assert a.points.balance == 100


def test_spec6_a_partial_refund_claws_back_only_what_the_lot_lacks(jd):
    o = order("2026-02-01", "1000", order_id="A")  # 100 beans
    half = ev("order_refunded", "2026-03-01", order_id="A", amount="500")  # reverses 50
    a = assess(jd, [o, half], t("2026-06-01"), debits=[Debit(t("2026-02-15"), 90, "catalog")])
    # 10 were left in the lot: they go first, the other 40 are clawed back as a debt
    assert [(lot.reversed, lot.spent, lot.remaining) for lot in a.points.lots] == [(50, 90, 0)]
    assert (a.points.balance, a.points.debt) == (-40, 40)


def test_spec6_refunds_after_expiry_claw_back_at_most_what_was_spent(jd):
    # 100 beans earned 2024, 60 spent, the other 40 expired at the end of 2025; refunds of
    # 30, 30 and 40 beans (300 + 300 + 400 yuan) in 2026 claw back 30, 30, then nothing.
    events = [order("2024-06-01", "1000", order_id="A")] + [
        ev("order_refunded", day, order_id="A", amount=amount)
        for day, amount in (("2026-02-01", "300"), ("2026-03-01", "300"), ("2026-04-01", "400"))
    ]
    a = assess(jd, events, t("2026-06-01"), debits=[Debit(t("2025-03-01"), 60, "catalog")])
    assert [(lot.reversed, lot.spent, lot.expired) for lot in a.points.lots] == [(60, 60, 40)]
    assert (a.points.balance, a.points.debt) == (-60, 60)


def test_spec6_refunding_the_order_that_paid_a_debt_brings_the_debt_back(jd):
    events = [
        order("2026-02-01", "1000", order_id="A"),  # 100 beans
        ev("order_refunded", "2026-03-01", order_id="A", amount="1000"),  # 90 were spent: debt
        order("2026-04-01", "2000", order_id="B"),  # 200 beans pay the 90 first
        ev("order_refunded", "2026-05-01", order_id="B", amount="2000"),
    ]
    a = assess(jd, events, t("2026-06-01"), debits=[Debit(t("2026-02-15"), 90, "catalog")])
    # B's 110 left are reversed and the 90 it repaid are clawed back: owed again
    assert [(lot.reversed, lot.repaid, lot.remaining) for lot in a.points.lots] == [
        (100, 0, 0),
        (200, 90, 0),
    ]
    assert (a.points.balance, a.points.debt) == (-90, 90)
