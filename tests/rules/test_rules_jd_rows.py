"""`settle_jd_rows` (settlement from stored, already-validated rows) equals `settle_jd` on the
parsed events: refunds (partial, full, before their payment, after the settlement day), risk
flags, account items before and after the settlement day, repeated order ids, duplicate event
ids (equal and differing), events of other programs, rows in any order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import parse_event, settle_jd, settle_jd_rows
from tests.rules.test_rules_properties import PROGRAMS, SETTINGS, histories

SETTLEMENT_DAYS = [date(2026, m, 1) for m in (1, 6, 10, 11, 12)] + [date(2025, 12, 1)]


def stored(event):
    """An Event as the app stores it: UTC `at`, fields as JSON values (amounts as strings)."""
    fields = {}
    for name, value in event.fields.items():
        fields[name] = str(value) if isinstance(value, Decimal) else (
            value.isoformat() if isinstance(value, date) else value)
    return (event.id, event.type, event.at.astimezone(UTC), fields)


@st.composite
def jd_histories(draw):
    events = draw(histories())
    extra = draw(st.lists(st.sampled_from(["order_dup", "refund_early", "event_dup"]), max_size=3))
    for i, kind in enumerate(extra):
        if not events:
            break
        base = draw(st.sampled_from(events))
        if kind == "event_dup":  # the same id again, the same or another event
            events.append(draw(st.sampled_from([base, parse_event(
                {"id": base.id, "type": "signed_in",
                 "at": (base.at + timedelta(minutes=draw(st.integers(-5, 5)))).isoformat()})])))
        elif base.type == "order_paid":
            shift = timedelta(minutes=draw(st.integers(-3000, 3000)))
            fields = dict(base.fields, amount=str(base.fields["amount"]))
            if kind == "order_dup":  # the same order id paid again
                obj = {"id": f"d{i}", "type": "order_paid", **fields}
            else:  # a refund that may come before its payment
                obj = {"id": f"r{i}", "type": "order_refunded", "order_id": fields["order_id"],
                       "amount": fields["amount"]}
            events.append(parse_event({**obj, "at": (base.at + shift).isoformat()}))
    return draw(st.permutations(events))


@SETTINGS
@given(jd_histories(), st.sampled_from(SETTLEMENT_DAYS))
def test_settle_jd_rows_equals_settle_jd(events, day):
    program = PROGRAMS["jd"]
    expected = settle_jd(program, events, day)
    got = settle_jd_rows(program, [stored(e) for e in events], day)
    assert got == expected
    assert list(got.items) == list(expected.items)  # rows in the same order too
    assert list(got.parts) == list(expected.parts)


def test_settle_jd_rows_takes_numbers_missing_payment_and_any_iterable():
    program = PROGRAMS["jd"]
    at = datetime(2026, 10, 3, 2, tzinfo=UTC)
    rows = [
        ("a", "order_paid", at, {"order_id": "o", "amount": 123.4, "category": "food"}),
        ("b", "order_refunded", at + timedelta(hours=1), {"order_id": "o", "amount": 3}),
        ("c", "signed_in", at, {}),
        ("d", "bill_paid", at, {"bill_kind": "utility"}),
    ]
    events = [parse_event({"id": i, "type": t, "at": a.isoformat(), **f}) for i, t, a, f in rows]
    day = date(2026, 11, 1)
    assert settle_jd_rows(program, iter(rows), day) == settle_jd(program, events, day)
    assert settle_jd_rows(program, [], day) == settle_jd(program, [], day)
    with pytest.raises(ValueError):
        settle_jd_rows(program, rows, date(2026, 11, 2))
