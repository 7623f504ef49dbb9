"""Hostile input on every endpoint: always a 4xx JSON `{"error", "detail"}`, never a 5xx,
and nothing changed (SPEC 11)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from member_app.db import transaction
from tests.member_app.conftest import auth_header, give_points, make_members, platform_header

TABLES = ("event", "ledger_entry", "redemption", "listing", "coupon", "idempotency_record",
          "plus_period", "member", "member_settlement")


def snapshot(engine) -> tuple:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        counts = tuple(session.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()  # noqa: S608
                       for t in TABLES)
        balances = session.execute(text("SELECT COALESCE(SUM(balance), 0) FROM points_account")
                                   ).scalar_one()
        stock = session.execute(text("SELECT COALESCE(SUM(stock), 0) FROM catalog_item")
                                ).scalar_one()
        owners = session.execute(text("SELECT COALESCE(SUM(member_id * id), 0) FROM coupon")
                                 ).scalar_one()
    return counts, balances, stock, owners


def assert_refused(response, *statuses: int) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.text)
    body = response.json()
    assert set(body) == {"error", "detail"} and "Traceback" not in body["detail"]


@pytest.fixture
def world(client, engine):  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    give_points(engine, [alice, bob], 3000)
    with transaction(engine) as session:  # alice owns a transferable coupon listed for sale
        session.execute(text(
            "INSERT INTO coupon (member_id, issued_to, source_key, name, face_value_fen, "
            "min_spend_fen, valid_from, valid_until, transferable, status, issued_at) VALUES "
            "(:m, :m, 'test', 'test', 1000, 0, :a, :b, :t, 'unused', :a)"),
            {"m": alice.id, "a": "2026-01-01 00:00:00+00:00", "b": "2027-06-01 00:00:00+00:00",
             "t": True})
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(alice)).json()
    coupon_id = wallet["unused"][0]["id"]
    listing = client.post("/api/v1/market/listings", headers=auth_header(alice),
                          json={"coupon_id": coupon_id, "price": 500}).json()["id"]
    return {"alice": alice, "bob": bob, "coupon": coupon_id, "listing": listing}


HOSTILE_NUMBERS = [-1, 0, -(2**63), 2**63, 10**30, 1.5, "1", None, True, [], {}, "1e9",
                   float("inf")]


def test_redemptions_refuse_hostile_bodies(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    headers = {**auth_header(world["bob"]), "Idempotency-Key": "h"}
    before = snapshot(engine)
    for value in HOSTILE_NUMBERS:
        for body in ({"item_id": value, "quantity": 1}, {"item_id": 2, "quantity": value}):
            raw = json.dumps(body, allow_nan=True)
            response = client.post("/api/v1/me/redemptions", content=raw,
                                   headers={**headers, "Content-Type": "application/json"})
            assert_refused(response, 422)
    for body in ([], "x", {"item_id": 2, "quantity": 1, "extra": 1}, {}):
        assert_refused(client.post("/api/v1/me/redemptions", json=body, headers=headers), 422)
    assert_refused(client.post("/api/v1/me/redemptions", content=b"{not json",
                               headers={**headers, "Content-Type": "application/json"}), 422)
    assert_refused(client.post("/api/v1/me/redemptions", json={"item_id": 2},
                               headers=auth_header(world["bob"])), 422)  # no key
    assert_refused(client.post("/api/v1/me/redemptions", json={"item_id": 2},
                               headers={**headers, "Idempotency-Key": "k" * 300}), 422)
    assert snapshot(engine) == before


def test_market_refuses_hostile_and_foreign_ids(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    bob = auth_header(world["bob"])
    before = snapshot(engine)
    for price in HOSTILE_NUMBERS + [1001, 10**9]:
        raw = json.dumps({"coupon_id": world["coupon"], "price": price}, allow_nan=True)
        response = client.post("/api/v1/market/listings", content=raw,
                               headers={**bob, "Content-Type": "application/json"})
        assert_refused(response, 404, 422)  # not bob's coupon, or a bad price
    for listing in ("-1", "0", "abc", str(2**40), "1.5", "%00"):
        assert_refused(client.post(f"/api/v1/market/listings/{listing}/buy",
                                   headers={**bob, "Idempotency-Key": "x"}), 404, 422)
        assert_refused(client.delete(f"/api/v1/market/listings/{listing}", headers=bob), 404, 422)
    assert_refused(client.delete(f"/api/v1/market/listings/{world['listing']}", headers=bob), 404)
    assert_refused(client.post("/api/v1/market/listings/999999/buy",
                               headers={**bob, "Idempotency-Key": "y"}), 404)
    alice = auth_header(world["alice"])
    for price in (0, -5, 1001):
        assert_refused(client.post("/api/v1/market/listings", headers=alice,
                                   json={"coupon_id": world["coupon"], "price": price}), 409, 422)
    assert snapshot(engine) == before


def test_events_refuse_hostile_batches(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    good = {"id": "e1", "member": world["alice"].id, "type": "order_paid",
            "at": "2026-11-01T10:00:00+08:00", "order_id": "o", "amount": "10.00",
            "category": "food"}
    batches = [
        {}, "x", [1], [None], [good, {**good, "id": "e2", "amount": "-5"}],
        [{**good, "amount": "1e30"}], [{**good, "amount": "NaN"}], [{**good, "amount": 10**40}],
        [{**good, "type": "steal_points"}], [{**good, "member": 999999}],
        [{**good, "member": None}], [{**good, "at": "2026-11-01T10:00:00"}],
        [{**good, "id": "x" * 500}], [{**good, "member": [1]}],
        [{**good, "id": f"e{i}"} for i in range(1001)],
        [{**good, "type": "task_completed", "task": "t", "points": 10**12}],
        [{**good, "type": "task_completed", "task": "t", "points": -100}],
        # Not ASCII digits: not member 1 or 2 (str.isdigit accepts them); NUL: not a username
        # PostgreSQL could even compare.
        [{**good, "member": "²"}], [{**good, "member": "١"}], [{**good, "member": "\x00"}],
        [{**good, "member": "m0\x00"}],
        # Outside SPEC 10's local range: these overflowed into a 500.
        [{**good, "at": "9999-12-31T23:00:00-14:00"}],
        [{**good, "at": "0001-01-01T00:00:00+14:00"}],
        [{**good, "at": "1969-12-31T15:59:59+00:00"}],
    ]
    before = snapshot(engine)
    for batch in batches:
        response = client.post("/api/v1/events", json=batch, headers=platform_header())
        assert_refused(response, 422)
    detail = client.post("/api/v1/events", json=[good, {**good, "id": "e2", "amount": "-5"}],
                         headers=platform_header()).json()["detail"]
    assert detail.startswith("events[1].amount")
    assert snapshot(engine) == before


def test_oversized_bodies_are_413(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    big = b"[" + b" " * (1024 * 1024 + 10) + b"]"
    response = client.post("/api/v1/events", content=big,
                           headers={**platform_header(), "Content-Type": "application/json"})
    assert_refused(response, 413)

    def chunks():  # no Content-Length: streamed
        for _ in range(20):
            yield b" " * 100_000

    streamed = client.post("/api/v1/events", content=chunks(),
                           headers={**platform_header(), "Content-Type": "application/json"})
    assert_refused(streamed, 413)
    assert snapshot(engine) == before


def test_members_and_login_refuse_hostile_input(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    for body in ({"username": "'; DROP TABLE member;--", "password": "x" * 10},
                 {"username": "Alice", "password": "x" * 10},
                 {"username": "ok_name", "password": "x" * 5000},
                 {"username": "ok_name", "password": "x" * 10, "program": "evil"},
                 {"username": 5, "password": "x" * 10}, {"username": "ok_name"}, [], "x",
                 {"username": "ok_name\n", "password": "x" * 10}):
        assert_refused(client.post("/api/v1/members", json=body), 422)
    assert_refused(client.post("/api/v1/auth/token", data={"username": "m0"}), 422)
    assert_refused(client.post("/api/v1/auth/token",
                               data={"username": "m0", "password": "p" * 500_000}), 401)
    assert_refused(client.get("/api/v1/me/ledger?limit=0", headers=auth_header(world["bob"])), 422)
    assert_refused(client.get("/api/v1/me/ledger?before_id=abc",
                              headers=auth_header(world["bob"])), 422)
    assert_refused(client.post("/api/v1/me/plus", json={"plan": "gold"},
                               headers={**auth_header(world["bob"]), "Idempotency-Key": "p"}), 422)
    assert_refused(client.get("/api/v1/nowhere"), 404)
    assert_refused(client.put("/api/v1/me/sign-in"), 405)
    counts, balances, stock, owners = snapshot(engine)
    assert (counts[:7], balances, stock, owners) == (before[0][:7], *before[1:])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                        children, max_size=4),
    max_leaves=10,
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(["item_id", "quantity", "payment_token", "x"]),
                            json_values, max_size=4))
def test_fuzzed_redemptions_never_5xx_and_stay_consistent(client, engine, world, body) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/me/redemptions", json=body,
                           headers={**auth_header(world["bob"]),
                                    "Idempotency-Key": json.dumps(body)[:200]})
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "detail"}
    with transaction(engine) as session:
        total = session.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger_entry "
                                     "WHERE member_id = :m"), {"m": world["bob"].id}).scalar_one()
        balance = session.execute(text("SELECT balance FROM points_account WHERE member_id = :m"),
                                  {"m": world["bob"].id}).scalar() or 0
    assert total == balance >= 0


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.dictionaries(
    st.sampled_from(["id", "member", "type", "at", "amount", "order_id", "category", "points"]),
    json_values, max_size=8), max_size=3))
def test_fuzzed_events_are_refused_whole(client, engine, world, events) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    response = client.post("/api/v1/events", json=events, headers=platform_header())
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert snapshot(engine) == before


def test_nul_where_postgresql_cannot_store_it_is_refused_not_a_500(client, engine, world) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL text cannot hold NUL, not even to compare: each of these was a 500 there
    (Schemathesis on the PostgreSQL e2e server, issue #12 finding 10)."""
    before = snapshot(engine)
    event = {"id": "e\x00", "member": world["alice"].id, "type": "task_completed",
             "at": "2026-11-01T10:00:00+08:00", "task": "welcome", "points": 5}
    refused = client.post("/api/v1/events", json=[event], headers=platform_header())
    assert_refused(refused, 422)
    assert refused.json()["detail"] == "events[0].id: must not contain NUL"
    assert_refused(client.post("/api/v1/payments/a%00b/confirm", headers=platform_header()), 404)
    login = client.post("/api/v1/auth/token", data={"username": "m\x00", "password": "x" * 9})
    assert_refused(login, 401)
    assert snapshot(engine) == before
