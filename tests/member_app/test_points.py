"""Points: rules decide what is earned, the ledger records every change, the balance row
equals the ledger's sum and never goes below zero (SPEC 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from member_app.db import transaction
from member_app.errors import InsufficientPoints
from member_app.models import LedgerEntry
from member_app.services.events import ingest_events
from member_app.services.points import (
    balance_of,
    ledger_sum,
    lock_account,
    spend,
    sync_points,
)
from member_app.services.signin import sign_in
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import NOW, give_points, make_members, run_threads


def _order(event_id: str, member: int, amount: str, at: str = "2026-11-01T10:00:00+08:00") -> dict:
    return {"id": event_id, "member": member, "type": "order_paid", "at": at,
            "order_id": f"o-{event_id}", "amount": amount, "category": "food", "payment": "jdpay"}


def _check(engine, member_id: int) -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        total = ledger_sum(session=session, member_id=member_id)
        assert total == balance_of(session=session, member_id=member_id)
        return total


def test_credits_refunds_and_expiry_land_in_the_ledger(engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    with transaction(engine) as session:
        ingest_events(session=session, events=[
            _order("e1", alice.id, "1000.00", "2025-03-01T10:00:00+08:00"),
            _order("e2", alice.id, "500.00"),
            {"id": "r2", "member": alice.id, "type": "order_refunded",
             "at": "2026-11-02T10:00:00+08:00", "order_id": "o-e2", "amount": "250.00"},
        ], now=NOW)
    with transaction(engine) as session:
        assessment = sync_points(session=session, member=alice, now=NOW)
    # 100 beans (2025, usable through 2026-12-31) + 50 - 25 reversed
    assert assessment.points_balance == 125 == _check(engine, alice.id)
    with transaction(engine) as session:
        lock_account(session=session, member_id=alice.id)
        spend(session=session, member=alice, points=30, reason="redeem", ref="t:1", now=NOW)
    later = datetime(2027, 1, 1, 1, 0, tzinfo=UTC)  # after 2026-12-31 local
    with transaction(engine) as session:
        assessment = sync_points(session=session, member=alice, now=later)
    # FIFO: the 30 came from the 2025 lot, its other 70 expired; 25 of 2026 remain
    assert assessment.points_balance == 25 == _check(engine, alice.id)
    with transaction(engine) as session:
        reasons = [e.reason for e in session.exec(select(LedgerEntry).order_by(LedgerEntry.id))]
    assert reasons == ["shopping", "shopping", "reverse", "redeem", "expire"]
    with transaction(engine) as session:  # syncing again changes nothing
        sync_points(session=session, member=alice, now=later)
        assert len(session.exec(select(LedgerEntry)).all()) == 5


def test_concurrent_spends_never_take_the_balance_below_zero(engine) -> None:  # type: ignore[no-untyped-def]
    (bob,) = make_members(engine, 1)
    give_points(engine, [bob], 100)

    def spend_ten(i: int) -> int:
        def work(session):  # type: ignore[no-untyped-def]
            sync_points(session=session, member=bob, now=NOW)
            return spend(session=session, member=bob, points=30, reason="redeem",
                         ref=f"t:{i}", now=NOW)
        return run_in_transaction(engine, work)

    results, errors = run_threads(20, spend_ten)
    assert len(results) == 3
    assert all(isinstance(error, InsufficientPoints) for error in errors) and len(errors) == 17
    assert _check(engine, bob.id) == 10


def test_sign_in_once_a_day_with_streak_rewards(engine) -> None:  # type: ignore[no-untyped-def]
    (carol,) = make_members(engine, 1)
    rewards = []
    for day in range(9):
        now = NOW + timedelta(days=day)
        with transaction(engine) as session:
            first = sign_in(session=session, member=carol, now=now)
        with transaction(engine) as session:
            second = sign_in(session=session, member=carol, now=now + timedelta(minutes=5))
        assert (second.already, second.reward) == (True, 0)
        assert not first.already and first.streak == day + 1
        rewards.append(first.reward)
    assert rewards == [1, 2, 3, 4, 5, 6, 7, 7, 7]
    assert _check(engine, carol.id) == sum(rewards)


def test_concurrent_double_sign_in_rewards_once(engine) -> None:  # type: ignore[no-untyped-def]
    (dave,) = make_members(engine, 1)
    results, errors = run_threads(10, lambda _i: run_in_transaction(
        engine, lambda session: sign_in(session=session, member=dave, now=NOW)))
    assert errors == []
    assert sorted(r.already for r in results) == [False] + [True] * 9
    assert _check(engine, dave.id) == 1


@pytest.mark.parametrize("points", [0, -5])
def test_spend_refuses_non_positive(engine, points: int) -> None:  # type: ignore[no-untyped-def]
    (erin,) = make_members(engine, 1)
    with pytest.raises(Exception), transaction(engine) as session:  # noqa: B017,PT011
        lock_account(session=session, member_id=erin.id)
        spend(session=session, member=erin, points=points, reason="redeem", ref="x", now=NOW)
    assert _check(engine, erin.id) == 0


def test_same_batch_twice_and_concurrently_through_the_api_counts_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    from tests.member_app.conftest import auth_header, platform_header

    (frank,) = make_members(engine, 1)
    batch = [_order(f"b{i}", frank.id, "100.00") for i in range(30)]
    answers, errors = run_threads(6, lambda _i: client.post(
        "/api/v1/events", json=batch, headers=platform_header()).json())
    assert errors == []
    assert sorted(a["accepted"] for a in answers) == [0] * 5 + [30]
    again = client.post("/api/v1/events", json=batch, headers=platform_header()).json()
    assert again == {"accepted": 0, "duplicates": 30}
    me = client.get("/api/v1/me", headers=auth_header(frank)).json()
    assert me["points_balance"] == 300 == _check(engine, frank.id)


from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("earn"), st.integers(1, 500)),
    st.tuples(st.just("spend"), st.integers(1, 400)),
    st.tuples(st.just("refund"), st.integers(1, 100)),
    st.tuples(st.just("wait"), st.integers(1, 400)),
), min_size=1, max_size=12)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
@example(operations=[("earn", 1), ("earn", 1), ("earn", 1), ("spend", 3), ("refund", 10)])
def test_ledger_sum_equals_balance_whatever_happens(engine, operations) -> None:  # type: ignore[no-untyped-def]
    import uuid

    (member,) = make_members(engine, 1, prefix="h" + uuid.uuid4().hex[:8])
    now = NOW
    orders: list[str] = []
    spent = refunded_after_spending = False
    for step, (kind, amount) in enumerate(operations):
        refunded_after_spending |= kind == "refund" and spent and bool(orders)
        with transaction(engine) as session:
            if kind == "earn":
                event_id = f"{member.id}-o{step}"
                orders.append(event_id)
                ingest_events(session=session, events=[_order(
                    event_id, member.id, f"{amount * 10}.00", now.isoformat())], now=now)
            elif kind == "refund" and orders:
                ingest_events(session=session, events=[{
                    "id": f"{member.id}-r{step}", "member": member.id, "type": "order_refunded",
                    "at": now.isoformat(), "order_id": f"o-{orders[-1]}",
                    "amount": f"{amount}.00"}], now=now)
            elif kind == "wait":
                now += timedelta(days=amount)
            sync_points(session=session, member=member, now=now)
        if kind == "spend":
            try:
                with transaction(engine) as session:
                    spend(session=session, member=member, points=amount, reason="redeem",
                          ref=f"s{step}", now=now)
                spent = True
            except InsufficientPoints:
                pass
        with transaction(engine) as session:
            state = sync_points(session=session, member=member, now=now)
            assert state.points_balance == balance_of(session=session, member_id=member.id)
        total = _check(engine, member.id)
        # Only a refund of points already spent can take the balance below zero (SPEC 6): a
        # debt, which is then exactly what the balance lacks.
        assert total >= 0 or (refunded_after_spending and state.points.debt == -total)
