"""`settle_jd_counts` (settlement from counts a database aggregates) equals `settle_jd` on the
same events whenever it answers, and answers unless the events hold a refund, a risk flag, an
order id paid twice or an hour bucket that straddles a local midnight. The counts are made here
the way the SQL of `member_app.services.settlement` makes them."""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import JDCounts, settle_jd, settle_jd_counts
from rules.localtime import add_months, instant_key, start_of_day
from tests.rules.test_rules_jd_rows import SETTLEMENT_DAYS, jd_histories
from tests.rules.test_rules_properties import PROGRAMS, SETTINGS, histories

HOUR = 3_600_000_000
ZONES = ["Asia/Shanghai", "Asia/Kathmandu", "Australia/Lord_Howe", "Europe/London"]


def counts_of(program, events, day) -> JDCounts:
    """What the settlement SQL counts, from events with unique ids."""
    end = instant_key(start_of_day(program, day))
    start = instant_key(start_of_day(program, add_months(day, -program.jd.months)))
    before = [e for e in events if instant_key(e.at) < end]
    window = [e for e in before if instant_key(e.at) >= start]

    def of(kind, events_):
        return [e for e in events_ if e.type == kind]

    orders = of("order_paid", window)
    return JDCounts(
        identity_verified=len(of("identity_verified", before)),
        wechat_bound=sum(e.fields["channel"] == "wechat" for e in of("account_bound", before)),
        qq_bound=sum(e.fields["channel"] == "qq" for e in of("account_bound", before)),
        refunds=len(of("order_refunded", before)),
        risk_flags=len(of("risk_flag", before)),
        orders_paid=len(of("order_paid", before)),
        order_ids=len({e.fields["order_id"] for e in of("order_paid", before)}),
        order_amounts_fen=[int(e.fields["amount"] * 100) for e in orders],
        order_hours={instant_key(e.at) // HOUR for e in orders},
        categories=len({e.fields["category"] for e in orders}),
        jdpay_orders=sum(e.fields["payment"] == "jdpay" for e in orders),
        reviewed_orders=len({e.fields["order_id"] for e in of("review_posted", window)}),
        photo_reviewed_orders=len(
            {e.fields["order_id"] for e in of("photo_review_posted", window)}
        ),
        questions=len(of("question_answered", window)),
        sign_in_hours={instant_key(e.at) // HOUR for e in of("signed_in", window)},
    )


def unique(events):
    first = {}
    for event in events:
        first.setdefault(event.id, event)
    return list(first.values())


@SETTINGS
@given(
    st.one_of(histories(with_refunds=False), jd_histories()),
    st.sampled_from(SETTLEMENT_DAYS),
    st.sampled_from(ZONES),
)
def test_settle_jd_counts_equals_settle_jd(events, day, zone):
    program = PROGRAMS["jd"]
    if zone != "Asia/Shanghai":
        program = dataclasses.replace(program, timezone=zone, tz=ZoneInfo(zone))
    events = unique(events)
    counts = counts_of(program, events, day)
    got = settle_jd_counts(program, counts, day)
    expected = settle_jd(program, events, day)
    simple = not counts.refunds and not counts.risk_flags and counts.orders_paid == counts.order_ids
    if zone == "Asia/Shanghai" and simple:
        assert got is not None  # +08:00 since 1991: every UTC hour is on one local day
    if got is not None:
        assert got == expected
        assert list(got.items) == list(expected.items)
        assert list(got.parts) == list(expected.parts)
        assert list(got.risk) == list(expected.risk)


def test_settle_jd_counts_refuses_what_counts_cannot_decide():
    program = PROGRAMS["jd"]
    day = date(2026, 11, 1)
    empty = JDCounts(0, 0, 0, 0, 0, 0, 0, [], [], 0, 0, 0, 0, 0, [])
    assert settle_jd_counts(program, empty, day) == settle_jd(program, [], day)
    for change in ({"refunds": 1}, {"risk_flags": 2}, {"orders_paid": 2, "order_ids": 1}):
        assert settle_jd_counts(program, dataclasses.replace(empty, **change), day) is None
    with pytest.raises(ValueError):
        settle_jd_counts(program, empty, date(2026, 11, 2))
