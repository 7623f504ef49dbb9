"""SPEC 3: Alipay tier points and points."""

from __future__ import annotations

import hashlib

from rules import assess, explain
from rules.alipay import order_subsidy
from tests.rules.rules_helpers import collect, ev, order, refund, t

AT = t("2026-11-22 12:00")


def subsidy(alipay, event):
    return order_subsidy(alipay.alipay, event.id)


def test_spec3_subsidy_is_sha256_of_event_id(alipay):
    digest = hashlib.sha256(b"order-42").digest()
    assert order_subsidy(alipay.alipay, "order-42") == int.from_bytes(digest[:8], "big") % 6
    values = {order_subsidy(alipay.alipay, f"x{i}") for i in range(200)}
    assert values == {0, 1, 2, 3, 4, 5}


def test_spec3_shopping_one_per_20_yuan_capped_1500_per_local_month(alipay):
    # May: 20,000 + 19,000 yuan -> 1,000 + 950 = 1,950, capped at 1,500
    may = [order("2026-05-03", "20000"), order("2026-05-20", "19000")]
    # 2026-05-31 23:59 local is still May; 2026-06-01 00:01 local (= 05-31 16:01 UTC) is June
    edge = [order(t("2026-05-31 23:59"), "39.99"), order(t("2026-06-01 00:01"), "59.99")]
    collected = [collect(e) for e in [*may, *edge]]  # each subsidy bubble tapped (SPEC 13)
    a = assess(alipay, [*may, *edge, *collected], AT)
    # May stays at 1,500 (the 39.99 order earns floor(39.99/20) = 1 but the cap is full);
    # June: floor(59.99 / 20) = 2
    assert a.breakdown["shopping"] == 1500 + 2
    assert a.monthly["2026-05"]["shopping"] == 1500
    assert a.monthly["2026-06"]["shopping"] == 2
    subsidies = sum(subsidy(alipay, e) for e in [*may, *edge])
    # points: the same capped amounts plus the per-order subsidy, once collected
    assert a.points.balance == 1500 + 2 + subsidies
    # not collected, the subsidies lapsed in May and June: the capped amounts alone
    assert assess(alipay, [*may, *edge], AT).points.balance == 1500 + 2


def test_spec3_life_ten_per_bill_capped_200_per_month(alipay):
    bills = [ev("bill_paid", f"2026-07-{d:02d}", bill_kind="utility") for d in range(1, 26)]
    august = ev("bill_paid", "2026-08-01", bill_kind="phone")
    a = assess(alipay, [*bills, august], AT)
    # 25 bills x 10 = 250, capped at 200 in July; August 10
    assert a.breakdown["life"] == 210
    assert a.points.balance == 210


def test_spec3_wealth_average_daily_balance_with_carry_forward(alipay):
    # June 2026 (30 days): 0 for 06-01..06-10 (before the first balance), then 45,000 from
    # 06-11 (carried) -> sum = 20 x 45,000 = 900,000; average 30,000; floor(30,000/150) = 200.
    # July: 45,000 carried every day -> floor(45,000 / 150) = 300.
    events = [ev("wealth_balance", "2026-06-11 20:00", date="2026-06-11", balance="45000")]
    at = t("2026-08-01 12:00")
    a = assess(alipay, events, at)
    assert a.monthly["2026-06"]["wealth"] == 200
    assert a.monthly["2026-07"]["wealth"] == 300
    # August so far (1 day, up to the evaluation day): 45,000 -> 300
    assert a.monthly["2026-08"]["wealth"] == 300
    assert a.breakdown["wealth"] == 800
    # points only for complete months: June and July
    assert a.points.balance == 500


def test_spec3_wealth_cap_and_balance_change(alipay):
    events = [
        ev("wealth_balance", "2026-03-01", date="2026-03-01", balance="1000000"),
        ev("wealth_balance", "2026-04-16", date="2026-04-16", balance="0"),
    ]
    a = assess(alipay, events, t("2026-05-10 12:00"))
    # March: 1,000,000 / 150 = 6,666 -> capped at 1,500
    assert a.monthly["2026-03"]["wealth"] == 1500
    # April: 15 days x 1,000,000 / 30 days = 500,000 -> 3,333 -> capped 1,500
    assert a.monthly["2026-04"]["wealth"] == 1500
    # May so far: 0
    assert "2026-05" not in a.monthly


def test_spec3_tasks_and_sign_in_subsidy(alipay):
    events = [
        ev("task_completed", "2026-09-01", task="invite", growth=300, points=50),
        ev("signed_in", "2026-09-02 08:00"),
        ev("signed_in", "2026-09-02 09:00"),  # second sign-in that day: a no-op
        ev("signed_in", "2026-09-03 08:00"),
    ]
    events += [collect(events[1]), collect(events[3])]  # the day's point waits to be tapped
    a = assess(alipay, events, AT)
    assert a.breakdown["task"] == 300
    assert a.points.balance == 50 + 1 + 1
    trace = {c["id"]: c for c in explain(alipay, events, AT)}
    assert trace[events[2].id]["note"] == "already signed in that day"


def test_spec3_tiers(alipay):
    def tier_for(growth):
        return assess(alipay, [ev("task_completed", "2026-09-01", task="x", growth=growth)], AT)

    assert tier_for(1999).tier == "popular"
    assert (tier_for(2000).tier, tier_for(2000).to_next) == ("gold", 4000)
    assert tier_for(6000).tier == "platinum"
    top = tier_for(18000)
    assert (top.tier, top.next_tier, top.to_next) == ("diamond", None, 0)


def test_spec1_refund_reverses_capped_credit_and_subsidy(alipay):
    o = order("2026-05-01", "1000", order_id="A")  # 50 tier points
    r = refund("2026-05-10", "A", "250")  # floor(50 x 250 / 1000) = 12
    a = assess(alipay, [o, collect(o), r], AT)
    assert a.breakdown["shopping"] == 38
    # SPEC 1: one floor over all the order earned, the collected subsidy s included
    lot = 50 + subsidy(alipay, o)
    assert a.points.balance == lot - (lot * 250 // 1000)


def test_an_event_id_cannot_reach_a_key_rules_makes_itself(alipay):
    """Review finding 2: an order whose id is `wealth:2026-10`, refunded in full, must not
    take the October wealth lot with it. 15,000 yuan all October: floor(15,000 / 150) = 100
    points (the month is complete by November); the order earns and loses its own."""
    events = [
        ev("wealth_balance", "2026-10-01 20:00", date="2026-10-01", balance="15000"),
        order("2026-10-05 10:00", "2000", order_id="A", id="wealth:2026-10"),
        refund("2026-10-06 10:00", "A", "2000"),
    ]
    a = assess(alipay, events, t("2026-11-10 12:00"))
    assert a.points.balance == 100
    assert a.monthly["2026-10"]["wealth"] == 100
    traced = [(row["type"], row["points"]) for row in explain(alipay, events, t("2026-11-10 12:00"))
              if row["id"] == "wealth:2026-10"]  # the order under its own id, and the month
    assert traced[0][0] == "order_paid" and traced[0][1] > 0
    assert traced[1] == ("wealth_month", 100)
