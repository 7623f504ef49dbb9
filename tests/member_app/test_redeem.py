"""Redemption (SPEC 6, 11): stock and points never oversold, Idempotency-Key semantics,
points + cash through the payment sandbox, games with published odds and verifiable draws."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from member_app.db import transaction
from member_app.models import CatalogItem, IdempotencyRecord, Redemption
from member_app.services import games
from member_app.services.catalog import ensure_catalog
from member_app.services.points import balance_of, ledger_sum
from member_app.services.redeem import redeem
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import NOW, auth_header, give_points, make_members, run_threads

LIMITED = {"code": "limited_mug", "kind": "own", "program": None, "points": 100,
           "name_zh": "杯子", "name_en": "Mug", "stock": 10}


def _item(engine, code: str) -> CatalogItem:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return session.exec(select(CatalogItem).where(CatalogItem.code == code)).one()


def _consistent(engine, member_ids) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        for member_id in member_ids:
            assert ledger_sum(session=session, member_id=member_id) == balance_of(
                session=session, member_id=member_id) >= 0


def test_200_concurrent_redemptions_of_a_stock_of_10(engine, sandbox) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        ensure_catalog(session=session, items=(LIMITED,))
    item = _item(engine, "limited_mug")
    members = make_members(engine, 200)
    give_points(engine, members, 1000)

    def attempt(i: int) -> int:
        return run_in_transaction(engine, lambda session: redeem(
            session=session, member=members[i], item_id=item.id, quantity=1,
            idempotency_key=f"k{i}", now=NOW)).status

    statuses, errors = run_threads(200, attempt)
    assert errors == []
    assert sorted(statuses) == [201] * 10 + [409] * 190
    assert _item(engine, "limited_mug").stock == 0
    with transaction(engine) as session:
        assert len(session.exec(select(Redemption)).all()) == 10
    _consistent(engine, [m.id for m in members])


def test_same_key_20_times_at_once_is_one_effect_one_answer(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 1000)
    item = _item(engine, "tree_donation")
    headers = {**auth_header(member), "Idempotency-Key": "same-key"}

    def post(_i: int):  # type: ignore[no-untyped-def]
        response = client.post("/api/v1/me/redemptions", headers=headers,
                               json={"item_id": item.id, "quantity": 2})
        return response.status_code, response.json()

    answers, errors = run_threads(20, post)
    assert errors == []
    assert {status for status, _ in answers} == {201}
    assert len({str(body) for _, body in answers}) == 1
    assert answers[0][1]["points_spent"] == 400 and answers[0][1]["balance"] == 600
    with transaction(engine) as session:
        assert len(session.exec(select(Redemption)).all()) == 1
        assert balance_of(session=session, member_id=member.id) == 600
    reused = client.post("/api/v1/me/redemptions", headers=headers,
                         json={"item_id": item.id, "quantity": 3})
    assert reused.status_code == 422 and reused.json()["error"] == "idempotency_key_reused"


def test_a_first_409_replays_as_409_and_keys_are_per_member(client, engine) -> None:  # type: ignore[no-untyped-def]
    poor, rich = make_members(engine, 2)
    give_points(engine, [rich], 5000)
    item = _item(engine, "video_vip_month")  # 1500 points, limit 1 per member
    body = {"item_id": item.id, "quantity": 1}
    first = client.post("/api/v1/me/redemptions", json=body,
                        headers={**auth_header(poor), "Idempotency-Key": "k"})
    assert first.status_code == 409 and first.json()["error"] == "insufficient_points"
    give_points(engine, [poor], 5000, tag="later")
    again = client.post("/api/v1/me/redemptions", json=body,
                        headers={**auth_header(poor), "Idempotency-Key": "k"})
    assert again.status_code == 409 and again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    # the same key string belongs to each member separately
    ok = client.post("/api/v1/me/redemptions", json=body,
                     headers={**auth_header(rich), "Idempotency-Key": "k"})
    assert ok.status_code == 201
    limit = client.post("/api/v1/me/redemptions", json=body,
                        headers={**auth_header(rich), "Idempotency-Key": "k2"})
    assert limit.status_code == 409 and limit.json()["error"] == "limit_reached"
    missing = client.post("/api/v1/me/redemptions", json=body, headers=auth_header(rich))
    assert missing.status_code == 422
    _consistent(engine, [poor.id, rich.id])


def test_points_plus_cash_goes_through_the_sandbox(client, engine, sandbox) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 10_000)
    item = _item(engine, "earbuds_points_cash")
    headers = auth_header(member)
    declined = client.post("/api/v1/me/redemptions", headers={**headers, "Idempotency-Key": "a"},
                           json={"item_id": item.id, "payment_token": "tok_decline"})
    assert declined.status_code == 409 and declined.json()["error"] == "payment_declined"
    assert _item(engine, "earbuds_points_cash").stock == 100  # nothing taken
    paid = client.post("/api/v1/me/redemptions", headers={**headers, "Idempotency-Key": "b"},
                       json={"item_id": item.id})
    assert paid.status_code == 201 and paid.json()["cash_fen"] == 3900
    assert paid.json()["balance"] == 8000
    again = client.post("/api/v1/me/redemptions", headers={**headers, "Idempotency-Key": "b"},
                        json={"item_id": item.id})
    assert again.json() == paid.json()
    assert sandbox.calls == 2  # the replay did not charge again
    assert _item(engine, "earbuds_points_cash").stock == 99
    _consistent(engine, [member.id])


def test_games_publish_odds_below_the_fee_and_draws_verify(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 10_000)
    listed = {i["code"]: i for i in client.get("/api/v1/catalog",
                                               headers=auth_header(member)).json()["items"]}
    card = listed["scratch_card"]
    assert Decimal(card["game"]["expected_value"]) < card["points"]
    assert sum(Decimal(p["odds"]) for p in card["game"]["prizes"]) == 1
    response = client.post("/api/v1/me/redemptions",
                           headers={**auth_header(member), "Idempotency-Key": "g"},
                           json={"item_id": card["id"], "quantity": 20})
    assert response.status_code == 201
    prizes = response.json()["prizes"]
    proof = response.json()["draw"]
    item = _item(engine, "scratch_card")
    # The ticket seed is the one the sheet committed to before the draw (member + key) ...
    assert proof["commitment"] == games.ticket_commitment(item.seed, member.id, "g")
    for ticket, prize in enumerate(prizes):
        assert games.verify_draw(item.game, proof["seed"], proof["commitment"],
                                 response.json()["id"], ticket, prize)
    assert response.json()["balance"] == 10_000 - 2000 + sum(prizes)
    _consistent(engine, [member.id])


def test_jd_bean_items_are_for_jd_only(client, engine) -> None:  # type: ignore[no-untyped-def]
    (fliggy,) = make_members(engine, 1, program="fliggy", prefix="f")
    codes = {i["code"] for i in client.get("/api/v1/catalog",
                                           headers=auth_header(fliggy)).json()["items"]}
    assert "jd_phone_topup_10" not in codes and "fliggy_lounge_pass" in codes
    assert "tree_donation" not in codes  # each programme has its own catalog
    item = _item(engine, "jd_phone_topup_10")
    response = client.post("/api/v1/me/redemptions",
                           headers={**auth_header(fliggy), "Idempotency-Key": "x"},
                           json={"item_id": item.id})
    assert response.status_code == 404
    with transaction(engine) as session:
        assert session.exec(select(IdempotencyRecord)).first() is None  # 404s are not kept
