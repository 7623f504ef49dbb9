"""SPEC 4: the JD score, its settlement, risk, tiers, beans, badges and benefits."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from rules import assess, evaluate, explain, in_plus, load_program, settle_jd
from tests.rules.rules_helpers import CST, ev, order, refund, t

AT = t("2026-11-22 12:00")
NOV = date(2026, 11, 1)  # settlement shown on 2026-11-22, over 2025-11-01 .. 2026-10-31


def test_spec4_account_items_count_at_any_time_before_settlement(jd):
    events = [
        ev("identity_verified", "2019-01-01"),
        ev("account_bound", "2020-01-01", channel="wechat"),
        ev("account_bound", "2020-01-02", channel="wechat"),  # same channel: once
        ev("account_bound", t("2026-11-01 00:30"), channel="qq"),  # on the settlement day: next
    ]
    s = settle_jd(jd, events, NOV)
    assert s.parts["account"] == 300 + 150
    assert settle_jd(jd, events, date(2026, 12, 1)).parts["account"] == 600


def test_spec4_consumption_items_and_window(jd):
    events = [
        order(t("2025-11-01 00:00"), "1234.56", category="food", payment="jdpay"),  # first instant
        order(t("2025-10-31 23:59"), "5000", category="books"),  # before the window
        order(t("2026-10-31 23:59"), "99.99", category="home"),  # last minute inside
        order(t("2026-11-01 00:00"), "5000", category="beauty"),  # settlement day: next one
    ]
    s = settle_jd(jd, events, NOV)
    # amount: floor(1234.56/10) + floor(99.99/10) = 123 + 9 = 132
    # orders: 2 x 10 = 20; categories: food, home = 100; months: 2025-11, 2026-10 = 100
    assert s.items["amount"] == 132
    assert s.parts["consumption"] == 132 + 20 + 100 + 100
    assert s.items["jdpay"] == 5
    assert s.parts["activity"] == 5


def test_spec4_caps(jd):
    # 200 orders of 1,000 yuan in 2026-03, 25 categories, 12 months...
    events = [order("2026-03-05", "1000", category=f"c{i % 25}") for i in range(200)]
    events += [order(f"2026-{m:02d}-10", "1", category="c0") for m in range(1, 11)]
    events += [order(f"2025-{m:02d}-10", "1", category="c0") for m in (11, 12)]
    events += [ev("review_posted", "2026-04-01", order_id=f"r{i}") for i in range(60)]
    events += [ev("photo_review_posted", "2026-04-01", order_id=f"r{i}") for i in range(40)]
    events += [ev("question_answered", "2026-04-01") for _ in range(70)]
    events += [order("2026-05-01", "5", payment="jdpay") for _ in range(110)]
    events += [
        ev(
            "signed_in",
            datetime(2026, 1, 1, 9, tzinfo=CST).replace(month=1 + i // 28, day=1 + i % 28),
        )
        for i in range(250)
    ]
    s = settle_jd(jd, events, NOV)
    assert s.items["amount"] == 6000  # 200 x 100 = 20,000 -> cap 6,000
    assert s.items["order"] == 1500  # 322 orders x 10 -> cap 1,500
    assert s.items["category"] == 1000  # 25 x 50 = 1,250 -> cap 1,000
    assert s.items["month"] == 600  # 12 months x 50
    assert s.items["review"] == 500  # 60 x 10 -> 500
    assert s.items["photo_review"] == 600  # 40 x 20 = 800 -> 600
    assert s.items["question"] == 300  # 70 x 5 = 350 -> 300
    assert s.items["jdpay"] == 500  # 110 x 5 = 550 -> 500
    assert s.items["sign_in"] == 200  # 250 days -> 200


def test_spec4_reviews_count_once_per_order(jd):
    events = [
        ev("review_posted", "2026-04-01", order_id="A"),
        ev("review_posted", "2026-04-02", order_id="A"),
        ev("photo_review_posted", "2026-04-03", order_id="A"),
    ]
    assert settle_jd(jd, events, NOV).parts["activity"] == 10 + 20


def test_spec4_risk_fair_multiplies_and_poor_restricts(jd):
    base = [order("2026-03-01", "30000"), ev("identity_verified", "2020-01-01")]
    # amount: 3,000; orders 10; category 50; month 50; account 300 = 3,410
    s = settle_jd(jd, base, NOV)
    assert (s.score, s.tier) == (3410, "silver")
    fair = settle_jd(jd, [*base, ev("risk_flag", "2026-06-01", kind="credit", level="fair")], NOV)
    assert (fair.score, fair.base, fair.tier) == (3069, 3410, "silver")  # floor(3410 x 0.9)
    poor = settle_jd(
        jd, [*base, ev("risk_flag", "2026-06-01", kind="reputation", level="poor")], NOV
    )
    assert (poor.score, poor.restricted, poor.tier) == (3410, True, "registered")
    cleared = [
        *base,
        ev("risk_flag", "2026-06-01", kind="reputation", level="poor"),
        ev("risk_flag", "2026-07-01", kind="reputation", level="good"),
    ]
    assert settle_jd(jd, cleared, NOV).restricted is False  # the latest flag per kind counts


def test_spec4_risk_after_settlement_waits_for_the_next_one(jd):
    events = [
        order("2026-03-01", "30000"),
        ev("identity_verified", "2020-01-01"),
        ev("risk_flag", "2026-11-05", kind="credit", level="poor"),
    ]
    a = assess(jd, events, AT)
    assert (a.tier, a.restricted, a.growth) == ("silver", False, 3410)
    assert a.drops_on == date(2026, 12, 1)
    assert a.drops_to == "registered"
    later = assess(jd, events, t("2026-12-02 12:00"))
    assert (later.tier, later.restricted, later.benefits) == ("registered", True, ())
    assert (later.next_tier, later.to_next) == ("bronze", 0)


def test_spec1_refunds_before_settlement_reverse_after_change_nothing(jd):
    o = order("2026-03-01", "1000", order_id="A", category="food")  # amount 100
    partial = refund("2026-04-01", "A", "250")  # floor(100 x 250 / 1000) = 25
    s = settle_jd(jd, [o, partial], NOV)
    assert s.items["amount"] == 75
    assert s.items["order"] == 10
    late = refund("2026-11-02", "A", "1000")  # after the 11-01 settlement: no change
    assert settle_jd(jd, [o, partial, late], NOV).parts == s.parts
    full = refund("2026-05-01", "A", "750")  # fully refunded before settlement
    gone = settle_jd(jd, [o, partial, full], NOV)
    assert gone.parts["consumption"] == 0  # no amount, order, category or month


def test_spec4_tier_bands_and_settlement_day(jd):
    def tier_of(score_events):
        return settle_jd(jd, score_events, NOV).tier

    verified = ev("identity_verified", "2020-01-01")
    assert tier_of([verified]) == "registered"  # 300
    # 300 + amount 500 + order 10 + category 50 + month 50 = 910
    assert tier_of([verified, order("2026-01-01", "5000")]) == "registered"
    # 300 + 590 + 10 + 50 + 50 = 1000
    assert tier_of([verified, order("2026-01-01", "5900")]) == "bronze"
    with pytest.raises(ValueError):
        settle_jd(jd, [], date(2026, 11, 2))


def test_spec4_tier_moves_down_at_the_next_settlement(jd):
    events = [ev("identity_verified", "2020-01-01"), order("2025-11-15", "5900")]  # 1,000
    a = assess(jd, events, AT)
    assert a.tier == "bronze"
    assert a.last_settlement == NOV
    assert a.drops_on == date(2026, 12, 1)  # the 2025-11 order leaves the window
    assert assess(jd, events, t("2026-12-01 00:00")).tier == "registered"


def test_spec10_jd_growth_matches_settle_and_breakdown_sums(jd):
    events = [
        ev("identity_verified", "2020-01-01"),
        order("2026-02-01", "700", payment="jdpay"),
        ev("risk_flag", "2026-01-01", kind="reputation", level="fair"),
    ]
    result = evaluate(jd, events, AT)
    s = settle_jd(jd, events, NOV)
    assert result["growth"] == s.score
    assert sum(result["breakdown"].values()) == s.base
    # base 300 + 70 + 10 + 50 + 50 + 5 = 485; x0.9 = 436.5 -> 436
    assert (s.base, s.score) == (485, 436)


def test_spec4_beans_rebate_plus_reviews_tasks(jd):
    plus = (t("2026-06-01 00:00"), t("2026-07-01 00:00"))
    events = [
        order("2026-05-31 23:59", "199.99"),  # 19 beans
        order("2026-06-01 00:00", "199.99"),  # PLUS: 19 x 10 = 190
        order("2026-06-15", "500", special=True),  # special: none
        ev("review_posted", "2026-06-02", order_id="x"),  # 2
        ev("photo_review_posted", "2026-06-02", order_id="x"),  # 5
        ev("task_completed", "2026-06-03", task="shop", points=30),  # 30
    ]
    a = assess(jd, events, AT, plus_periods=[plus])
    assert a.points.balance == 19 + 190 + 2 + 5 + 30


def test_a_plus_period_covers_its_start_and_not_its_end() -> None:
    june = (t("2026-06-01 00:00"), t("2026-07-01 00:00"))
    assert in_plus(t("2026-06-01 00:00"), [june])
    assert in_plus(t("2026-06-30 23:59"), [june])
    assert not in_plus(t("2026-07-01 00:00"), [june])
    assert not in_plus(t("2026-05-31 23:59"), [june])
    assert not in_plus(t("2026-06-15"), [])


def test_plus_part_of_the_beans_per_month_net_of_refunds(jd):
    """SPEC 13 PLUS savings: what the x10 added, by the month of the payment, each side's
    rebate reversed on the cumulative refund as the ledger does."""
    plus = (t("2026-06-01 00:00"), t("2026-07-01 00:00"))
    events = [
        order("2026-05-31 23:59", "199.99", order_id="A"),  # outside: 19; PLUS would add 171
        order("2026-06-01 00:00", "199.99", order_id="B"),  # PLUS: 190 instead of 19: +171
        order("2026-06-10", "250", order_id="C"),  # PLUS: 250 instead of 25: +225
        refund("2026-06-12", "C", "100"),  # 2/5 back: 250-100=150 kept against 25-10=15: +135
        order("2026-06-15", "500", order_id="D", special=True),  # no rebate: nothing added
        order("2026-07-02", "99.99", order_id="E"),  # after PLUS: 9; would add 81
        refund("2026-07-03", "E", "99.99"),  # all back: nothing either way
        order("2026-07-04", "35", order_id="F"),  # 3; would add 27
    ]
    a = assess(jd, events, AT, plus_periods=[plus])
    assert {month: (part.earned, part.missed) for month, part in a.plus_beans.items()} == {
        "2026-05": (0, 171), "2026-06": (171 + 135, 0), "2026-07": (0, 0 + 27)}
    # the same figures as the balance: with PLUS minus without, month by month
    without = assess(jd, events, AT)
    assert a.points.balance - without.points.balance == 171 + 135
    assert assess(load_program("alipay"), [], AT).plus_beans == {}


def test_spec4_category_badges_net_of_refunds_over_365_days(jd):
    events = [
        order("2026-01-10", "1500", order_id="A", category="food"),
        order("2026-02-10", "600", order_id="B", category="food"),
        refund("2026-02-11", "B", "200"),
        order("2025-11-01", "9000", category="books"),  # more than 365 days before: out
        order("2026-03-01", "5000", category="electronics"),
    ]
    a = assess(jd, events, AT)
    food = a.badges["food"]
    # 1,500 + 600 - 200 = 1,900: bronze; silver needs 100 more
    assert (food.level, food.spent, food.next_level, food.needs) == (
        "bronze",
        Decimal("1900"),
        "silver",
        Decimal("100"),
    )
    assert a.badges["electronics"].levels_reached == ("bronze", "silver", "gold")
    assert "books" not in a.badges
    assert evaluate(jd, events, AT)["badges"] == {"electronics": "gold", "food": "bronze"}


def test_spec4_tier_benefits_table(jd):
    gold = [ev("identity_verified", "2020-01-01"), order("2026-01-01", "46000")]
    # 300 + 4,600 + 10 + 50 + 50 = 5,010: gold
    a = assess(jd, gold, AT)
    assert a.tier == "gold"
    codes = {b.code: b.monthly for b in a.benefits}
    assert codes["free_shipping"] == 4
    assert {"return_pickup", "replace_not_repair", "lightning_refund"} <= set(codes)
    assert "vip_hotline" not in codes
    assert assess(jd, [], AT).benefits[0].code == "birthday_coupon"


def test_spec1_a_refund_dated_before_its_payment_takes_effect_at_the_payment(jd):
    """Review finding 8, hand-computed: the refund (39,980.25) reaches the payment (26,653.50),
    so the order counts for nothing anywhere: no score, no beans, no ticket badge."""
    events = [
        ev("order_refunded", "2026-09-16T15:58:51+00:00", order_id="O48", amount="39980.25"),
        ev("order_paid", "2026-09-17T10:00:00+08:00", order_id="O48", amount="26653.50",
           category="ticket", payment="jdpay"),
    ]
    a = assess(jd, events, t("2026-11-22 12:00"))
    assert (a.tier, a.growth, a.points.balance) == ("registered", 0, 0)
    assert a.badges["ticket"].level is None
    # and half of it refunded early reverses half: floor(2,665 x 13,326.75 / 26,653.50) beans
    half = [ev("order_refunded", "2026-09-16T15:58:51+00:00", order_id="O49",
               amount="13326.75"),
            ev("order_paid", "2026-09-17T10:00:00+08:00", order_id="O49", amount="26653.50",
               category="ticket", payment="jdpay")]
    assert assess(jd, half, t("2026-11-22 12:00")).points.balance == 2665 - 1332


# Found by the mutation run (bench/mutation.py): rules of SPEC 4 no test above pinned.


def test_spec4_sign_ins_count_distinct_local_days_and_a_repeat_skips_only_itself(jd):
    events = [
        ev("signed_in", "2026-03-01 09:00"),
        ev("signed_in", "2026-03-01 21:00"),  # the same local day: nothing more
        ev("signed_in", "2026-03-02 08:00"),
        ev("review_posted", "2026-03-03", order_id="A"),  # still counts after the repeat
    ]
    s = settle_jd(jd, events, NOV)
    assert (s.items["sign_in"], s.items["review"], s.parts["activity"]) == (2, 10, 12)


def test_spec4_the_net_amount_cap_holds_when_one_order_crosses_it(jd):
    # floor(59,990 / 10) = 5,999, then floor(500 / 10) = 50: 6,049, capped at 6,000
    events = [order("2026-03-01", "59990"), order("2026-04-01", "500")]
    assert settle_jd(jd, events, NOV).items["amount"] == 6000


def test_spec4_a_fully_refunded_order_counts_for_nothing_and_later_orders_still_count(jd):
    events = [
        order("2026-03-01", "1.00", order_id="A", category="food"),  # 1 yuan, all refunded
        refund("2026-03-02", "A", "1.00"),
        order("2026-05-01", "20", order_id="B", category="books"),
    ]
    s = settle_jd(jd, events, NOV)
    # B only: amount floor(20 / 10) = 2, one order 10, books 50, May 50
    assert {row: s.items[row] for row in ("amount", "order", "category", "month")} == {
        "amount": 2, "order": 10, "category": 50, "month": 50}


def test_spec4_the_settlement_reports_each_risk_kind_good_by_default(jd):
    flag = ev("risk_flag", "2026-06-01", kind="reputation", level="fair")
    assert dict(settle_jd(jd, [flag], NOV).risk) == {"reputation": "fair", "credit": "good"}
    assert dict(settle_jd(jd, [], NOV).risk) == {"reputation": "good", "credit": "good"}


def test_spec4_what_happens_at_the_settlement_midnight_waits_for_the_next_one(jd):
    # assess settles this month and the next in one pass; events at exactly 2026-11-01 00:00
    # local (the verification, a binding, a poor flag, the refund of an October order) are
    # not "before" the 11-01 settlement.
    midnight = t("2026-11-01 00:00")
    events = [
        order("2026-10-10", "1000", order_id="A"),
        ev("identity_verified", midnight),
        ev("account_bound", midnight, channel="wechat"),
        ev("risk_flag", midnight, kind="credit", level="poor"),
        refund(midnight, "A", "1000"),
    ]
    a = assess(jd, events, AT)
    # amount 100 + order 10 + food 50 + October 50
    assert (a.growth, a.restricted, dict(a.breakdown)) == (
        210, False, {"account": 0, "consumption": 210, "activity": 0})
    december = settle_jd(jd, events, date(2026, 12, 1))
    assert (december.score, december.restricted, dict(december.parts)) == (
        450, True, {"account": 450, "consumption": 0, "activity": 0})


def test_spec4_explain_names_the_rows_and_an_event_past_a_cap_adds_none(jd):
    reviews = [ev("review_posted", f"2026-04-{1 + i // 10:02d} {10 + i % 10}:00",
                  id=f"rv{i:02d}", order_id=f"r{i}") for i in range(51)]
    entries = {e["id"]: e for e in explain(jd, [order("2026-03-01", "1000", id="o1"),
                                                *reviews], AT)}
    assert (entries["o1"]["growth"], entries["o1"]["rows"]) == (
        {"consumption": 210}, {"amount": 100, "order": 10, "category": 50, "month": 50})
    assert (entries["rv49"]["growth"], entries["rv49"]["rows"]) == (
        {"activity": 10}, {"review": 10})  # the 50th review fills the 500 cap
    assert (entries["rv50"]["growth"], entries["rv50"]["rows"]) == ({}, {})


def _everything_every_day_of(start: date) -> list:
    """Each day of the year from `start`: an order (a new category for 30 days, paid with
    JD Pay), its review and photo review, an answer, a sign-in."""
    events = []
    for i in range(365):
        day = (start + timedelta(days=i)).isoformat()
        events += [
            order(day, "1000", order_id=f"O{i}", category=f"c{i % 30}", payment="jdpay"),
            ev("review_posted", day, order_id=f"O{i}"),
            ev("photo_review_posted", day, order_id=f"O{i}"),
            ev("question_answered", day),
            ev("signed_in", day),
        ]
    return events


def test_row_caps_are_the_caps_a_settlement_applies(jd):
    """Explain names each row's cap (rules.row_caps); here each row is filled far past its
    SPEC 4 cap and the settled item must stop exactly there."""
    from rules import row_caps

    caps = row_caps(jd.jd)
    assert caps == {"identity_verified": None, "wechat": None, "qq": None, "amount": 6000,
                    "order": 1500, "category": 1000, "month": 600, "review": 500,
                    "photo_review": 600, "question": 300, "jdpay": 500, "sign_in": 200}
    events = _everything_every_day_of(date(2025, 11, 1))
    items = settle_jd(jd, events, date(2026, 11, 1)).items
    # 365 orders x 100 = 36,500 for the amount; 365 x 10 orders; 30 categories x 50; 12 months
    # x 50 (the cap is all 12); 365 reviews x 10, x 20 photo reviews, x 5 answers, x 5 jdpay;
    # 365 sign-in days
    for row in ("amount", "order", "category", "month", "review", "photo_review", "question",
                "jdpay", "sign_in"):
        assert items[row] == caps[row], row


def test_each_part_reaches_its_maximum_and_no_more(jd):
    """The forecast's chart draws each part against rules.part_maximums: by hand from
    rules/programs/jd.toml, account 300 + 150 + 150, consumption 6,000 + 1,500 + 1,000 + 600,
    activity 500 + 600 + 300 + 500 + 200; a member who does everything every day for a year
    settles at exactly those."""
    from rules import part_maximums

    assert part_maximums(jd.jd) == {"account": 600, "consumption": 9100, "activity": 2100}
    events = [ev("identity_verified", "2025-11-02"), ev("account_bound", "2025-11-02",
                                                        channel="wechat"),
              ev("account_bound", "2025-11-02", channel="qq"),
              *_everything_every_day_of(date(2025, 11, 1))]
    assert dict(settle_jd(jd, events, date(2026, 11, 1)).parts) == {
        "account": 600, "consumption": 9100, "activity": 2100}
