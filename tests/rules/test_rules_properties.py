"""Properties of SPEC 1-6 over random histories (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import Debit, assess, load_program, parse_event
from tests.rules.rules_helpers import CST

AT = datetime(2026, 11, 22, 12, 0, tzinfo=CST)
START = AT - timedelta(days=500)
PROGRAMS = {code: load_program(code) for code in ("jd", "fliggy", "alipay")}
SIMPLE = [
    "signed_in",
    "liked",
    "note_posted",
    "comment_posted",
    "question_answered",
    "identity_verified",
    "invitation_granted",
]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def histories(draw, with_refunds=True):
    count = draw(st.integers(0, 40))
    events, orders = [], []
    for i in range(count):
        at = START + timedelta(minutes=draw(st.integers(0, 500 * 24 * 60 + 600)))
        base = {"id": f"e{i}", "at": at.isoformat()}
        kind = draw(
            st.sampled_from(
                [
                    "order",
                    "refund",
                    "simple",
                    "bill",
                    "trip",
                    "task",
                    "review",
                    "wealth",
                    "bound",
                    "risk",
                ]
            )
        )
        if kind == "order" or (kind == "refund" and not orders):
            orders.append(f"o{i}")
            base.update(
                type="order_paid",
                order_id=f"o{i}",
                amount=str(draw(st.integers(0, 4_000_000)) / 100),
                category=draw(st.sampled_from(["food", "books", "home"])),
                special=draw(st.booleans()),
                payment=draw(st.sampled_from(["jdpay", "alipay", "other"])),
            )
        elif kind == "refund":
            if not with_refunds:
                continue
            base.update(
                type="order_refunded",
                order_id=draw(st.sampled_from(orders)),
                amount=str(draw(st.integers(0, 2_000_000)) / 100),
            )
        elif kind == "simple":
            base.update(type=draw(st.sampled_from(SIMPLE)))
        elif kind == "bill":
            base.update(type="bill_paid", bill_kind="utility")
        elif kind == "trip":
            base.update(
                type="trip_completed",
                category=draw(st.sampled_from(["hotel", "flight"])),
                partner="jade_palace",
            )
        elif kind == "task":
            base.update(
                type="task_completed",
                task="t",
                growth=draw(st.integers(0, 3000)),
                points=draw(st.integers(0, 50)),
            )
        elif kind == "review":
            base.update(
                type=draw(st.sampled_from(["review_posted", "photo_review_posted"])),
                order_id=draw(st.sampled_from(orders or ["x"])),
            )
        elif kind == "wealth":
            if not with_refunds:  # a balance is a state, not an earning: may lower growth
                continue
            day = (at.date() - timedelta(days=draw(st.integers(0, 3)))).isoformat()
            base.update(
                type="wealth_balance", date=day, balance=str(draw(st.integers(0, 10_000_000)))
            )
        elif kind == "bound":
            base.update(type="account_bound", channel=draw(st.sampled_from(["wechat", "qq"])))
        else:
            if not with_refunds:  # a risk flag may lower the JD score by design
                continue
            base.update(
                type="risk_flag",
                kind=draw(st.sampled_from(["credit", "reputation"])),
                level=draw(st.sampled_from(["good", "fair", "poor"])),
            )
        events.append(parse_event(base))
    return events


programs = st.sampled_from(sorted(PROGRAMS))


def fingerprint(a):
    return (
        a.tier,
        a.growth,
        dict(a.breakdown),
        a.points.balance,
        a.points.expiring,
        a.streak,
        a.drops_on,
        {k: v.spent for k, v in a.badges.items()},
    )


@SETTINGS
@given(programs, histories(), st.randoms(use_true_random=False))
def test_spec10_shuffling_and_duplicates_change_nothing(code, events, rnd):
    program = PROGRAMS[code]
    expected = fingerprint(assess(program, events, AT))
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert fingerprint(assess(program, shuffled, AT)) == expected
    doubled = shuffled + [rnd.choice(events) for _ in range(len(events) // 2)] if events else []
    rnd.shuffle(doubled)
    assert fingerprint(assess(program, doubled, AT)) == expected


@SETTINGS
@given(programs, histories())
def test_spec2_4_caps_are_never_exceeded(code, events):
    program = PROGRAMS[code]
    a = assess(program, events, AT)
    if code == "alipay":
        rules = program.alipay
        for month in a.monthly.values():
            assert month["shopping"] <= rules.shopping_monthly_cap
            assert month["life"] <= rules.life_monthly_cap
            assert month["wealth"] <= rules.wealth_monthly_cap
    elif code == "fliggy":
        per_day: dict = {}
        for c in a.contributions:
            if "interaction" in c.growth:
                day = c.at.astimezone(program.tz).date()
                per_day[day] = per_day.get(day, 0) + c.growth["interaction"]
        assert all(v <= program.fliggy.interaction_daily_cap for v in per_day.values())
    else:
        rules = program.jd
        items = a.settlement.items
        for row in (
            "amount",
            "order",
            "category",
            "month",
            "review",
            "photo_review",
            "question",
            "jdpay",
            "sign_in",
        ):
            assert items.get(row, 0) <= getattr(rules, f"{row}_cap")


@SETTINGS
@given(programs, histories())
def test_spec1_reversal_never_exceeds_earning(code, events):
    a = assess(PROGRAMS[code], events, AT)
    for lot in a.points.lots:
        assert 0 <= lot.reversed <= lot.amount
        assert lot.remaining >= 0
    assert all(v >= 0 for v in a.breakdown.values())
    by_event = {c.event_id: c for c in a.contributions}
    assert sum(sum(c.growth.get(s, 0) for c in by_event.values()) for s in a.breakdown) == sum(
        a.breakdown.values()
    )


@SETTINGS
@given(
    programs,
    histories(),
    st.lists(st.integers(1, 200), max_size=6),
    st.randoms(use_true_random=False),
)
def test_spec6_balance_is_the_ledger_view_and_debt_only_when_short(code, events, spends, rnd):
    """The balance equals the ledger's view (earned - reversed - expired - spent, each counted
    once), is the lots' remaining points minus the debt, and a debt exists only when the
    replay's points could not cover a debit or a claw-back."""
    program = PROGRAMS[code]
    debits = [Debit(START + timedelta(days=rnd.randrange(520)), n, "spend") for n in spends]
    a = assess(program, events, AT, debits=debits)
    p = a.points
    counted = sum(d.points for d in debits if d.at <= AT)
    assert p.balance == p.earned - p.reversed - p.expired - counted
    assert p.balance == sum(lot.remaining for lot in p.lots) - p.debt
    assert p.debt >= 0 and all(lot.remaining >= 0 for lot in p.lots)
    if p.debt:
        assert p.balance < 0 and all(lot.remaining == 0 for lot in p.lots)
    if not debits:
        assert p.debt == 0 and p.balance >= 0


@SETTINGS
@given(programs, histories(with_refunds=False), histories(with_refunds=False))
def test_spec1_adding_a_non_refund_event_never_lowers_growth(code, events, extra):
    program = PROGRAMS[code]
    before = assess(program, events, AT).growth
    for event in extra[:3]:
        fields = dict(event.fields)
        if event.type == "order_paid":
            fields["order_id"] = f"new-{fields['order_id']}"  # a new order, not a repeat
        fresh = replace(event, id=f"new-{event.id}", fields=fields)
        assert assess(program, [*events, fresh], AT).growth >= before


def test_spec1_large_random_history_is_order_independent():
    rng = random.Random(5)
    program = PROGRAMS["jd"]
    events = []
    for i in range(2000):
        at = START + timedelta(minutes=rng.randrange(500 * 24 * 60))
        events.append(
            parse_event(
                {
                    "id": f"x{i}",
                    "type": "order_paid",
                    "at": at.isoformat(),
                    "order_id": f"o{i % 1500}",
                    "amount": str(rng.randrange(1, 900)),
                    "category": f"c{i % 30}",
                }
            )
        )
    expected = fingerprint(assess(program, events, AT))
    rng.shuffle(events)
    assert fingerprint(assess(program, events, AT)) == expected
