"""SPEC 13 collect-to-claim: Alipay's daily subsidy waits as a bubble until the member taps it.

Expected figures are worked out by hand from SPEC 3 and 13 (rules.bubbles states the readings:
seven local days counting the day of the offer; refunds reverse the subsidy in proportion).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from rules import assess, evaluate, explain
from tests.rules.rules_helpers import collect, ev, order, refund, t
from tests.support.subsidy import id_drawing as subsidy_id_drawing
from tests.support.subsidy import subsidy_drawn


def id_drawing(points: int, prefix: str = "pay") -> str:
    return subsidy_id_drawing(points, prefix)


def test_a_sign_in_point_waits_until_tapped_and_counts_once(alipay):
    signed = ev("signed_in", "2026-11-20 08:00", id="s1")
    waiting = assess(alipay, [signed], t("2026-11-20 09:00"))
    assert waiting.points.balance == 0
    assert [(b.bubble, b.source, b.points, b.offered_on, b.last_day) for b in waiting.bubbles] \
        == [("s1", "sign_in", 1, date(2026, 11, 20), date(2026, 11, 26))]
    assert waiting.points_pending == 1
    tapped = [signed, collect(signed), collect(signed, minutes=5)]  # a double tap
    after = assess(alipay, tapped, t("2026-11-20 09:00"))
    assert (after.points.balance, after.points_pending, after.bubbles) == (1, 0, ())
    notes = {row["id"]: row["note"] for row in explain(alipay, tapped, t("2026-11-20 09:00"))}
    assert notes[tapped[2].id] == "bubble s1 already collected: nothing more"


def test_a_bubble_lapses_after_seven_local_days_counting_the_offer_day(alipay):
    # offered Tuesday 2026-11-10; collectable through Monday 2026-11-16 23:59:59 Shanghai
    signed = ev("signed_in", "2026-11-10 08:00", id="s1")
    last_moment = collect(signed, at=t("2026-11-16 23:59"))
    too_late = collect(signed, at=t("2026-11-17 00:00"))
    assert assess(alipay, [signed, last_moment], t("2026-11-22 12:00")).points.balance == 1
    late = assess(alipay, [signed, too_late], t("2026-11-22 12:00"))
    assert (late.points.balance, late.points_pending) == (0, 0)
    assert [b.bubble for b in assess(alipay, [signed], t("2026-11-16 23:00")).bubbles] == ["s1"]
    assert assess(alipay, [signed], t("2026-11-17 00:00")).bubbles == ()
    notes = {row["id"]: row["note"] for row in explain(alipay, [signed, too_late],
                                                         t("2026-11-22 12:00"))}
    assert notes[too_late.id] == "bubble s1 lapsed after 2026-11-16: nothing collected"
    assert notes["s1"] == "streak day 1; bubble lapsed uncollected after 2026-11-16"


def test_a_collection_before_its_offer_or_of_an_unknown_id_changes_nothing(alipay):
    signed = ev("signed_in", "2026-11-20 08:00", id="s1")
    early = collect(signed, at=t("2026-11-20 07:59"))
    unknown = ev("points_collected", "2026-11-20 09:00", bubble="nobody")
    second_sign_in = ev("signed_in", "2026-11-20 10:00", id="s2")  # the day's point went to s1
    a = assess(alipay, [signed, early, unknown, second_sign_in, collect(second_sign_in)],
               t("2026-11-20 12:00"))
    assert (a.points.balance, a.points_pending) == (0, 1)


def test_an_order_subsidy_is_a_bubble_beside_the_credited_shopping_points(alipay):
    paid = order("2026-11-20 10:00", "1000", order_id="A", id=id_drawing(5))
    a = assess(alipay, [paid], t("2026-11-20 12:00"))
    # floor(1000 / 20) = 50 points credited at once; the random 5 waits
    assert (a.points.balance, a.points_pending) == (50, 5)
    assert [(b.source, b.points) for b in a.bubbles] == [("order", 5)]
    assert assess(alipay, [paid, collect(paid)], t("2026-11-20 12:00")).points.balance == 55


def test_a_refund_reverses_the_order_lot_first_then_the_bubble(alipay):
    paid = order("2026-11-20 10:00", "1000", order_id="A", id=id_drawing(5))
    part = refund("2026-11-20 11:00", "A", "400")
    at = t("2026-11-20 12:00")
    # SPEC 1 over the order's 50 points and its 5 together: floor(55 x 400 / 1000) = 22,
    # taken from the order's lot (50 -> 28); the waiting bubble keeps its 5
    before = assess(alipay, [paid, part], at)
    assert (before.points.balance, before.points_pending) == (28, 5)
    tapped_after = assess(alipay, [paid, part, collect(paid, minutes=90)], at)
    assert (tapped_after.points.balance, tapped_after.points_pending) == (33, 0)
    tapped_before = assess(alipay, [paid, collect(paid), part], at)
    assert (tapped_before.points.balance, tapped_before.points_pending) == (33, 0)
    # the rest refunded: all 55 reversed, the lot's 50 then the bubble's 5
    everything = refund("2026-11-20 11:30", "A", "600")
    assert assess(alipay, [paid, part, everything], at).bubbles == ()  # refunded away
    collected = assess(alipay, [paid, collect(paid), part, everything], at)
    assert (collected.points.balance, collected.points_pending) == (0, 0)


def test_a_collected_subsidy_is_reversed_with_one_floor_over_the_whole_order(alipay):
    """The review's case: 50 points and a subsidy of 3, collected, then 250 of 1,000 refunded:
    floor(53 x 250 / 1000) = 13 reversed, 40 left (two floors would leave 41)."""
    paid = order("2026-11-20 10:00", "1000", order_id="A", id=id_drawing(3))
    events = [paid, collect(paid), refund("2026-11-20 11:00", "A", "250")]
    assert assess(alipay, events, t("2026-11-20 12:00")).points.balance == 40


def test_before_collect_from_the_subsidy_is_credited_at_once(alipay):
    """A deployment with history switches over on a day: what was earned before it stays."""
    import dataclasses

    switched = dataclasses.replace(alipay, alipay=dataclasses.replace(
        alipay.alipay, collect_from=date(2026, 11, 20)))
    old_day = ev("signed_in", "2026-11-19 08:00", id="s19")
    old_order = order("2026-11-19 10:00", "100", order_id="A", id=id_drawing(4))
    new_day = ev("signed_in", "2026-11-20 08:00", id="s20")
    a = assess(switched, [old_day, old_order, new_day], t("2026-11-20 12:00"))
    # the 19th: 1 + floor(100 / 20) = 5 + its 4, at once; the 20th's point waits
    assert (a.points.balance, a.points_pending) == (1 + 5 + 4, 1)
    assert [b.bubble for b in a.bubbles] == ["s20"]


def test_a_collected_lot_is_earned_when_collected(alipay):
    signed = ev("signed_in", "2026-12-31 22:00", id="s1")
    tapped = collect(signed, at=t("2027-01-02 09:00"))
    lot = assess(alipay, [signed, tapped], t("2027-01-03 12:00")).points.lots[0]
    # SPEC 6: the end of the calendar year after the year it was earned (2027)
    assert (lot.reason, lot.earned_on, lot.expires_on) == ("sign_in", date(2027, 1, 2),
                                                           date(2028, 12, 31))


def test_a_bubble_is_named_by_the_raw_event_id_even_one_that_looks_like_a_rules_key(alipay):
    paid = order("2026-11-20 10:00", "100", order_id="A", id="wealth:2026-10")
    points = subsidy_drawn("wealth:2026-10")
    a = assess(alipay, [paid, collect(paid)], t("2026-11-20 12:00"))
    assert a.points.balance == 5 + points  # floor(100 / 20) = 5, and the bubble


def test_other_programmes_ignore_collections_and_report_no_pending(jd):
    signed = ev("signed_in", "2026-11-20 08:00", id="s1")
    out = evaluate(jd, [signed, collect(signed)], t("2026-11-20 12:00"))
    assert "points_pending" not in out


def test_the_command_reports_points_pending_beside_the_balance(tmp_path):
    lines = [
        {"id": "s1", "type": "signed_in", "at": "2026-11-20T08:00:00+08:00"},
        {"id": "s2", "type": "signed_in", "at": "2026-11-21T08:00:00+08:00"},
        {"id": "c1", "type": "points_collected", "at": "2026-11-21T08:01:00+08:00",
         "bubble": "s2"},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    done = subprocess.run([sys.executable, "-m", "rules", "evaluate", "--program", "alipay",
                           "--at", "2026-11-22T12:00:00+08:00", str(path)],
                          capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    keys = list(out)
    assert keys[keys.index("points_balance") + 1] == "points_pending"
    # every day's point is 1 (the ladder is [1]): s2's collected, s1's still waiting
    assert (out["points_balance"], out["points_pending"]) == (1, 1)


def test_a_collection_at_the_very_instant_of_its_offer_counts_whichever_id_sorts_first(alipay):
    at = t("2026-11-20 12:00")
    for offering_id, collection_id in (("a-first", "z-after"), ("z-offer", "a-collect")):
        paid = order("2026-11-20 10:00", "100", order_id="A", id=offering_id)
        signed = ev("signed_in", "2026-11-20 10:00", id=offering_id + "-s")
        tapped = [ev("points_collected", "2026-11-20 10:00", id=collection_id + suffix,
                     bubble=offering.id) for suffix, offering in (("o", paid), ("s", signed))]
        a = assess(alipay, [paid, signed, *tapped], at)
        # floor(100 / 20) = 5, the order's draw, the sign-in's 1
        expected = 5 + subsidy_drawn(offering_id) + 1
        assert (a.points.balance, a.points_pending) == (expected, 0), offering_id
