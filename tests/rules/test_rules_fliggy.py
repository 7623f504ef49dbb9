"""SPEC 2: Fliggy experience value, tiers, miles and joint memberships."""

from __future__ import annotations

from datetime import date

from rules import assess, evaluate, explain
from tests.rules.rules_helpers import ev, order, refund, t

AT = t("2026-11-22 12:00")


def test_spec2_purchase_one_per_two_yuan_floor_special_none(fliggy):
    events = [order("2026-05-01", "99.99"), order("2026-05-02", "1000", special=True)]
    a = assess(fliggy, events, AT)
    # floor(99.99 / 2) = 49; the special order earns nothing
    assert a.breakdown["purchase"] == 49
    # miles: 1 per 2 yuan on non-special orders: 49
    assert a.points.balance == 49


def test_spec2_interactions_values_and_daily_cap_on_local_days(fliggy):
    # 6 notes on local day 2026-05-01 = 6 x 20 = 120, capped at 100.
    day1 = [ev("note_posted", "2026-05-01 08:00") for _ in range(6)]
    # 23:30 local on 05-01 is 15:30 UTC the same day; 00:30 local on 05-02 is 16:30 UTC 05-01:
    # the second belongs to local 05-02, a new day with its own cap.
    late = ev("comment_posted", "2026-05-01 23:30")  # capped (day already at 100)
    next_day = ev("comment_posted", "2026-05-02 00:30")  # 5
    likes = [
        ev("liked", "2026-05-03"),
        ev("collected", "2026-05-03"),
        ev("followed", "2026-05-03"),
        ev("review_posted", "2026-05-03", order_id="o9"),
    ]  # 1 + 2 + 2 + 10 = 15
    a = assess(fliggy, [*day1, late, next_day, *likes], AT)
    assert a.breakdown["interaction"] == 100 + 5 + 15


def test_spec2_trip_category_once_per_window(fliggy):
    events = [
        ev("trip_completed", "2026-01-01", category="hotel"),
        ev("trip_completed", "2026-02-01", category="hotel"),
        ev("trip_completed", "2026-03-01", category="flight"),
    ]
    # two categories x 1,500
    assert assess(fliggy, events, AT).breakdown["operation"] == 3000
    # the hotel bonus rides on the latest hotel trip: it stays while 2026-02-01 is in the window
    trace = {c["id"]: c["growth"] for c in explain(fliggy, events, AT)}
    assert trace[events[0].id] == {}
    assert trace[events[1].id] == {"operation": 1500}


def test_spec2_tiers_and_invitation(fliggy):
    big = [order("2026-06-01", "40000")]  # 20,000 experience
    a = assess(fliggy, big, AT)
    assert (a.tier, a.next_tier, a.to_next) == ("F2", "F3", 0)  # only the invitation is missing
    invited = assess(fliggy, [*big, ev("invitation_granted", "2020-01-01")], AT)
    assert (invited.tier, invited.next_tier, invited.to_next) == ("F3", None, 0)
    small = assess(fliggy, [order("2026-06-01", "11000")], AT)  # 5,500
    assert (small.tier, small.next_tier, small.to_next) == ("F1", "F2", 500)
    mid = assess(fliggy, [order("2026-06-01", "30000")], AT)  # 15,000, no invitation
    assert (mid.tier, mid.next_tier, mid.to_next) == ("F2", "F3", 5000)


def test_spec2_window_edge_at_local_midnight_not_utc(fliggy):
    # The window is the 365 local days ending 2026-11-22: it starts 2025-11-23 local.
    inside = order(t("2025-11-23 00:10"), "12000")  # = 2025-11-22 16:10 UTC: still inside
    outside = order(t("2025-11-22 23:50"), "100")  # = 2025-11-22 15:50 UTC: outside
    a = assess(fliggy, [inside, outside], AT)
    assert a.growth == 6000  # floor(12000 / 2)
    assert a.tier == "F2"
    # nothing new: the 2025-11-23 order leaves on 2025-11-23 + 365 days = 2026-11-23
    assert a.drops_on == date(2026, 11, 23)
    assert a.drops_to == "F1"


def test_spec1_refund_reverses_growth_and_miles_proportionally(fliggy):
    o = order("2026-05-01", "101", order_id="A")  # 50 experience, 50 miles
    r1 = refund("2026-05-02", "A", "30")  # floor(50 x 30 / 101) = 14
    r2 = refund("2026-05-03", "A", "30")  # cumulative floor(50 x 60 / 101) = 29 -> 15 more
    a = assess(fliggy, [o, r1, r2], AT)
    assert a.breakdown["purchase"] == 50 - 29
    assert a.points.balance == 50 - 29
    full = assess(fliggy, [o, r1, r2, refund("2026-05-04", "A", "500")], AT)
    assert full.breakdown["purchase"] == 0  # never reverses more than was earned
    assert full.points.balance == 0


def test_spec2_miles_sign_in_streak_rewards(fliggy):
    days = ["2026-11-01", "2026-11-02", "2026-11-03"] + [f"2026-11-{d:02d}" for d in range(5, 14)]
    events = [ev("signed_in", d) for d in days]
    # run 1: 1+2+3 = 6; gap on 11-04; run 2 of 9 days: 1+2+...+7+7+7 = 42
    a = assess(fliggy, events, AT)
    assert a.points.balance == 6 + 42
    assert (a.streak.current, a.streak.longest) == (0, 9)


def test_spec2_joint_memberships(fliggy):
    events = [order("2026-06-01", "12000")]  # 6,000 -> F2
    stays = [
        ev("trip_completed", f"2026-0{m}-01", category="hotel", partner="jade_palace")
        for m in (2, 3)
    ]
    old_stay = ev("trip_completed", "2025-12-01", category="hotel", partner="jade_palace")
    a = assess(fliggy, [*events, *stays, old_stay], AT)
    by_code = {j.partner: j for j in a.joint_memberships}
    assert by_code["sunrise_inn"].partner_tier == "gold"  # direct: F2 -> gold
    jade = by_code["jade_palace"]
    # fast track: F2 -> gold after 3 stays this year; 2 done (the 2025 one is last year)
    assert (jade.partner_tier, jade.stays, jade.stays_needed) == (None, 2, 1)
    third = ev("trip_completed", "2026-04-01", category="hotel", partner="jade_palace")
    jade = {j.partner: j for j in assess(fliggy, [*events, *stays, third], AT).joint_memberships}
    assert jade["jade_palace"].partner_tier == "gold"
    assert jade["meridian_airways"].stays == 0


def test_spec10_fliggy_object(fliggy):
    result = evaluate(fliggy, [order("2026-06-01", "100")], AT)
    assert list(result) == [
        "program",
        "at",
        "tier",
        "growth",
        "breakdown",
        "next_tier",
        "to_next",
        "restricted",
        "points_balance",
        "streak",
        "badges",
    ]
    assert result["breakdown"] == {"purchase": 50, "interaction": 0, "operation": 0}
    assert result["badges"] == {}
    assert result["restricted"] is False
