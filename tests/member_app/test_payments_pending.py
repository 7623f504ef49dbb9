"""Pending payments: a pending charge holds the order, confirm_payment decides it once."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.models import CatalogItem, LedgerEntry, PaymentOrder, PlusPeriod, Redemption
from member_app.services.payments import PENDING_TIMEOUT, confirm_payment
from member_app.services.points import balance_of, ledger_sum
from tests.member_app.conftest import NOW, auth_header, give_points, make_members, platform_header

EARBUDS = "earbuds"


def _earbuds(engine) -> CatalogItem:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return session.exec(select(CatalogItem).where(CatalogItem.cash_fen > 0)).first()


def _pending_redemption(engine, client, member, key: str = "k1") -> dict:  # type: ignore[no-untyped-def]
    item = _earbuds(engine)
    answer = client.post("/api/v1/me/redemptions", headers={**auth_header(member),
                         "Idempotency-Key": key},
                         json={"item_id": item.id, "quantity": 1, "payment_token": "tok_pending"})
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["status"] == "pending" and body["order_id"]
    return body


def _state(engine, member_id: int, item_id: int) -> tuple[int, int, int | None, list[str]]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        balance = balance_of(session=session, member_id=member_id)
        assert balance == ledger_sum(session=session, member_id=member_id)
        stock = session.get(CatalogItem, item_id).stock
        statuses = [r.status for r in session.exec(select(Redemption))]
        entries = len(session.exec(select(LedgerEntry)).all())
    return balance, entries, stock, statuses


def test_pending_then_succeeded_completes_once(engine, client, sandbox) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    give_points(engine, [alice], 5000)
    item = _earbuds(engine)
    body = _pending_redemption(engine, client, alice)
    held = _state(engine, alice.id, item.id)
    assert held[0] == 3000 and held[2] == item.stock - 1 and held[3] == ["pending"]
    # still pending at the provider: nothing changes
    answer = client.post(f"/api/v1/payments/{body['order_id']}/confirm", headers=platform_header())
    assert answer.status_code == 200 and answer.json()["changed"] is False
    sandbox.settle(order_id=body["order_id"], succeeded=True)
    first = client.post(f"/api/v1/payments/{body['order_id']}/confirm", headers=platform_header())
    again = client.post(f"/api/v1/payments/{body['order_id']}/confirm", headers=platform_header())
    assert first.json() == {"order_id": body["order_id"], "purpose": "redemption",
                            "status": "succeeded", "changed": True}
    assert again.json()["changed"] is False and again.json()["status"] == "succeeded"
    after = _state(engine, alice.id, item.id)
    assert after == (3000, held[1], held[2], ["completed"])
    # the same Idempotency-Key replays the first answer and takes nothing more
    replay = client.post("/api/v1/me/redemptions", headers={**auth_header(alice),
                         "Idempotency-Key": "k1"},
                         json={"item_id": item.id, "quantity": 1, "payment_token": "tok_pending"})
    assert replay.status_code == 202 and replay.headers["Idempotent-Replayed"] == "true"
    assert _state(engine, alice.id, item.id) == after


def test_pending_then_declined_releases_the_hold(engine, client, sandbox) -> None:  # type: ignore[no-untyped-def]
    (bob,) = make_members(engine, 1)
    give_points(engine, [bob], 5000)
    item = _earbuds(engine)
    body = _pending_redemption(engine, client, bob)
    sandbox.settle(order_id=body["order_id"], succeeded=False)
    with transaction(engine) as session:
        answer = confirm_payment(session=session, order_id=body["order_id"], now=NOW)
    assert answer["status"] == "declined" and answer["changed"] is True
    released = _state(engine, bob.id, item.id)
    assert released[0] == 5000 and released[2] == item.stock and released[3] == ["released"]
    with transaction(engine) as session:  # twice changes nothing
        assert confirm_payment(session=session, order_id=body["order_id"],
                               now=NOW)["changed"] is False
        refs = [e.ref for e in session.exec(select(LedgerEntry).order_by(LedgerEntry.id))]
    assert _state(engine, bob.id, item.id) == released
    assert refs[-2:] == [f"spend:redemption:{body['id']}", f"release:redemption:{body['id']}"]
    # the released points spend normally afterwards (the hold left the rules replay)
    spend = client.post("/api/v1/me/redemptions", headers={**auth_header(bob),
                        "Idempotency-Key": "k2"}, json={"item_id": item.id, "quantity": 2})
    assert spend.status_code == 201, spend.text
    assert spend.json()["balance"] == 1000


def test_a_charge_pending_too_long_is_cancelled_and_released(engine, client, sandbox,
                                                             clock) -> None:  # type: ignore[no-untyped-def]
    (carol,) = make_members(engine, 1)
    give_points(engine, [carol], 5000)
    body = _pending_redemption(engine, client, carol)
    clock.now = NOW + PENDING_TIMEOUT + timedelta(minutes=1)
    answer = client.post(f"/api/v1/payments/{body['order_id']}/confirm", headers=platform_header())
    assert answer.json()["status"] == "expired"
    assert sandbox.status(order_id=body["order_id"]).status == "declined"  # cannot succeed now
    sandbox.settle(order_id=body["order_id"], succeeded=True)  # too late: stays declined
    assert sandbox.status(order_id=body["order_id"]).status == "declined"
    with transaction(engine) as session:
        assert balance_of(session=session, member_id=carol.id) == 5000


def test_pending_plus_fee_opens_plus_when_paid(engine, client, sandbox) -> None:  # type: ignore[no-untyped-def]
    (dave,) = make_members(engine, 1)
    headers = {**auth_header(dave), "Idempotency-Key": "plus-1"}
    answer = client.post("/api/v1/me/plus", headers=headers,
                         json={"plan": "annual", "payment_token": "tok_pending"})
    assert answer.status_code == 202 and answer.json()["status"] == "pending"
    assert client.get("/api/v1/me/plus", headers=auth_header(dave)).json()["active"] is False
    order_id = answer.json()["order_id"]
    sandbox.settle(order_id=order_id, succeeded=True)
    for _ in range(2):
        client.post(f"/api/v1/payments/{order_id}/confirm", headers=platform_header())
    with transaction(engine) as session:
        periods = session.exec(select(PlusPeriod)).all()
        order = session.get(PaymentOrder, order_id)
    assert len(periods) == 1 and periods[0].ref == f"order:{order_id}"
    assert order.status == "succeeded"
    assert client.get("/api/v1/me/plus", headers=auth_header(dave)).json()["active"] is True


def test_confirm_is_platform_only_and_unknown_orders_are_404(engine, client) -> None:  # type: ignore[no-untyped-def]
    (erin,) = make_members(engine, 1)
    assert client.post("/api/v1/payments/x/confirm", headers=auth_header(erin)).status_code == 403
    assert client.post("/api/v1/payments/x/confirm").status_code == 401
    missing = client.post("/api/v1/payments/nope/confirm", headers=platform_header())
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_order"


def test_concurrent_confirms_decide_once(engine, client, sandbox) -> None:  # type: ignore[no-untyped-def]
    from member_app.services.unit import run_in_transaction
    from tests.member_app.conftest import run_threads

    (fay,) = make_members(engine, 1)
    give_points(engine, [fay], 5000)
    body = _pending_redemption(engine, client, fay)
    sandbox.settle(order_id=body["order_id"], succeeded=False)
    results, errors = run_threads(8, lambda _i: run_in_transaction(
        engine, lambda session: confirm_payment(session=session, order_id=body["order_id"],
                                                now=NOW)))
    assert errors == []
    assert sorted(r["changed"] for r in results) == [False] * 7 + [True]
    with transaction(engine) as session:
        assert balance_of(session=session, member_id=fay.id) == 5000
        assert ledger_sum(session=session, member_id=fay.id) == 5000
