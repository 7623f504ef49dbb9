"""Operators run the catalog (SPEC 12, issue #14): items of the four spending ways made and
edited through the API, checked as catalog files are, paused and resumed, and stock that an
admin raises or lowers while members redeem, never below what was redeemed."""

from __future__ import annotations

from sqlmodel import select

from member_app.db import transaction
from member_app.models import AuditEntry, CatalogItem, Operator, Redemption
from member_app.services.catalog import ensure_catalog
from member_app.services.ops_catalog import change_stock
from member_app.services.redeem import redeem
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import (
    NOW,
    auth_header,
    give_points,
    make_members,
    operator_header,
    run_threads,
)

MUG = {"program": "jd", "code": "ops_mug", "kind": "own", "points": 300, "stock": 3,
       "name": {"zh": "京东定制马克杯", "en": "JD mug"},
       "note": {"zh": "陶瓷，350 毫升", "en": "Ceramic, 350 ml"}, "picture": "gift",
       "reason": "winter campaign"}



def _audit(engine) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def test_an_admin_adds_an_item_members_see_and_a_viewer_cannot(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    viewer = operator_header(client, engine, "vera", "viewer")
    admin = operator_header(client, engine, "ada", "admin")
    refused = client.post("/api/v1/ops/catalog", headers=viewer, json=MUG)
    assert (refused.status_code, refused.json()["error"]) == (403, "admin_required")
    member_refused = client.post("/api/v1/ops/catalog", headers=auth_header(member), json=MUG)
    assert (member_refused.status_code, member_refused.json()["error"]) == (403,
                                                                            "wrong_audience")
    made = client.post("/api/v1/ops/catalog", headers=admin, json=MUG)
    assert made.status_code == 201, made.text
    assert {key: made.json()[key] for key in ("code", "points", "stock_left", "redeemed",
                                              "active", "managed_by", "picture")} == {
        "code": "ops_mug", "points": 300, "stock_left": 3, "redeemed": 0, "active": True,
        "managed_by": "operator", "picture": "gift"}
    again = client.post("/api/v1/ops/catalog", headers=admin, json=MUG)
    assert (again.status_code, again.json()["error"]) == (409, "code_taken")
    # What a member of the programme sees, with the operator's own note; not other programmes.
    shown = [item for item in client.get("/api/v1/catalog", headers=auth_header(member)
                                         ).json()["items"] if item["code"] == "ops_mug"]
    assert [(item["points"], item["notes"]["en"]) for item in shown] == [(300,
                                                                          "Ceramic, 350 ml")]
    (flier,) = make_members(engine, 1, program="fliggy", prefix="f")
    assert "ops_mug" not in {item["code"] for item in client.get(
        "/api/v1/catalog", headers=auth_header(flier)).json()["items"]}
    (entry,) = [entry for entry in _audit(engine) if entry.action == "catalog.create"]
    assert (entry.subject, entry.before, entry.after["stock_left"], entry.reason) == (
        "catalog:ops_mug", None, 3, "winter campaign")


def test_an_item_is_checked_as_a_catalog_file_is_and_refusals_write_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    cases = [
        ({**MUG, "kind": "points_cash"}, "cash_fen: above 0 exactly for points_cash items"),
        ({**MUG, "kind": "jd_bean", "program": "fliggy"}, "kind: jd_bean items are JD's only"),
        ({**MUG, "kind": "activity"}, "game: required for activity items"),
    ]
    for body, message in cases:
        answer = client.post("/api/v1/ops/catalog", headers=admin, json=body)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"] == "invalid_catalog" and message in answer.json()["detail"]
    schema_refused = client.post("/api/v1/ops/catalog", headers=admin,
                                 json={**MUG, "points": 0})
    assert schema_refused.status_code == 422
    with transaction(engine) as session:
        assert session.exec(select(CatalogItem).where(CatalogItem.code == "ops_mug")
                            ).first() is None
    assert _audit(engine) == []


def test_edits_pauses_and_resumes_are_audited_and_files_leave_them(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 5000)
    admin = operator_header(client, engine, "ada", "admin")
    url = "/api/v1/ops/catalog/tree_donation"
    before = client.get(url, headers=admin).json()
    assert before["managed_by"] == "file"
    edited = client.patch(url, headers=admin, json={"points": before["points"] + 50,
                                                    "reason": "price review"})
    assert edited.status_code == 200, edited.text
    assert (edited.json()["points"], edited.json()["managed_by"]) == (before["points"] + 50,
                                                                      "operator")
    paused = client.patch(url, headers=admin, json={"active": False})
    assert paused.json()["active"] is False
    member_catalog = client.get("/api/v1/catalog", headers=auth_header(member)).json()["items"]
    assert "tree_donation" not in {item["code"] for item in member_catalog}
    refused = client.post("/api/v1/me/redemptions", json={"item_id": before["id"], "quantity": 1},
                          headers={**auth_header(member), "Idempotency-Key": "paused-1"})
    assert refused.status_code == 404
    # A restart syncs the catalog files: the operator's price and pause stay.
    with transaction(engine) as session:
        ensure_catalog(session=session)
    after_restart = client.get(url, headers=admin).json()
    assert (after_restart["points"], after_restart["active"]) == (before["points"] + 50, False)
    client.patch(url, headers=admin, json={"active": True})
    assert client.post("/api/v1/me/redemptions", json={"item_id": before["id"], "quantity": 1},
                       headers={**auth_header(member), "Idempotency-Key": "resumed-1"}
                       ).json()["points_spent"] == before["points"] + 50
    edits = [(entry.before, entry.after, entry.reason) for entry in _audit(engine)
             if entry.action == "catalog.edit"]
    assert edits == [
        ({"points": before["points"], "managed_by": "file"},
         {"points": before["points"] + 50, "managed_by": "operator"}, "price review"),
        ({"active": True}, {"active": False}, ""),
        ({"active": False}, {"active": True}, ""),
    ]
    nothing = client.patch(url, headers=admin, json={"reason": "just looking"})
    assert (nothing.status_code, nothing.json()["error"]) == (422, "invalid_input")
    game = client.patch("/api/v1/ops/catalog/tree_donation", headers=admin,
                        json={"game": {"prizes": []}})
    assert game.status_code == 422  # a game's odds are not editable: not in the schema


def test_stock_goes_up_and_down_but_never_below_what_was_redeemed(client, engine) -> None:  # type: ignore[no-untyped-def]
    members = make_members(engine, 4)
    give_points(engine, members, 1000)
    admin = operator_header(client, engine, "ada", "admin")
    item_id = client.post("/api/v1/ops/catalog", headers=admin, json=MUG).json()["id"]
    for i in range(2):
        assert client.post("/api/v1/me/redemptions", json={"item_id": item_id, "quantity": 1},
                           headers={**auth_header(members[i]), "Idempotency-Key": f"r{i}"}
                           ).status_code == 201
    stock_url = "/api/v1/ops/catalog/ops_mug/stock"
    too_many = client.post(stock_url, headers=admin, json={"change": -2})
    assert (too_many.status_code, too_many.json()["error"]) == (409, "stock_below_redeemed")
    assert "1 left" in too_many.json()["detail"]
    raised = client.post(stock_url, headers=admin, json={"change": 5, "reason": "restock"})
    assert (raised.json()["stock_left"], raised.json()["redeemed"]) == (6, 2)
    lowered = client.post(stock_url, headers=admin, json={"change": -6})
    assert (lowered.json()["stock_left"], lowered.json()["redeemed"]) == (0, 2)
    zero = client.post(stock_url, headers=admin, json={"change": 0})
    assert zero.status_code == 422
    unlimited = client.post("/api/v1/ops/catalog/tree_donation/stock", headers=admin,
                            json={"change": 1})
    assert (unlimited.status_code, unlimited.json()["error"]) == (409, "unlimited_stock")
    stock_entries = [(entry.before, entry.after) for entry in _audit(engine)
                     if entry.action == "catalog.stock"]
    assert stock_entries == [({"stock_left": 1}, {"stock_left": 6, "change": 5}),
                             ({"stock_left": 6}, {"stock_left": 0, "change": -6})]
    listed = client.get("/api/v1/ops/catalog/ops_mug/redemptions", headers=admin).json()
    assert sorted(row["username"] for row in listed["redemptions"]) == ["m0", "m1"]


def test_20_redemptions_racing_an_admin_lowering_stock(client, engine, sandbox) -> None:  # type: ignore[no-untyped-def]
    """30 units; 20 members redeem one each while an admin tries to remove 15, then 10, then
    5 more. Whatever the order, every unit is redeemed or removed at most once: what is left
    is 30 minus the redemptions that succeeded minus the removals that succeeded, and never
    below zero; each refused removal changed nothing."""
    members = make_members(engine, 20)
    give_points(engine, members, 1000)
    admin_headers = operator_header(client, engine, "ada", "admin")
    item_id = client.post("/api/v1/ops/catalog", headers=admin_headers,
                          json={**MUG, "stock": 30}).json()["id"]
    with transaction(engine) as session:
        admin = session.exec(select(Operator).where(Operator.name == "ada")).one()
    removals = [-15, -10, -5]

    def act(i: int) -> tuple[str, int, int]:
        if i >= 20:
            change = removals[i - 20]
            try:
                run_in_transaction(engine, lambda session: change_stock(
                    session=session, operator=admin, code="ops_mug", change=change, now=NOW))
                return ("removal", change, 200)
            except Exception as error:  # noqa: BLE001  (the refusal is the outcome we count)
                return ("removal", change, getattr(error, "status", 500))
        status = run_in_transaction(engine, lambda session: redeem(
            session=session, member=members[i], item_id=item_id, quantity=1,
            idempotency_key=f"race-{i}", now=NOW)).status
        return ("redemption", 1, status)

    outcomes, errors = run_threads(23, act)
    assert errors == []
    redeemed = sum(1 for kind, _, status in outcomes if kind == "redemption" and status == 201)
    removed = -sum(change for kind, change, status in outcomes
                   if kind == "removal" and status == 200)
    assert {status for kind, _, status in outcomes if kind == "removal"} <= {200, 409}
    assert {status for kind, _, status in outcomes if kind == "redemption"} <= {201, 409}
    with transaction(engine) as session:
        left = session.exec(select(CatalogItem.stock).where(CatalogItem.code == "ops_mug")).one()
        rows = session.exec(select(Redemption).where(Redemption.item_id == item_id)).all()
    assert left == 30 - redeemed - removed >= 0
    assert len(rows) == redeemed
    stock_entries = [entry for entry in _audit(engine) if entry.action == "catalog.stock"]
    assert sorted(entry.after["change"] for entry in stock_entries) == sorted(
        change for kind, change, status in outcomes if kind == "removal" and status == 200)
    # The total removals asked (30) exceed what 20 redemptions leave: something was refused
    # or redeemed short, yet the units add up exactly.
    assert redeemed + removed <= 30


def test_the_same_idempotency_key_replays_an_operators_change(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    admin = operator_header(client, engine, "ada", "admin")

    def keyed(key: str) -> dict[str, str]:
        return {**admin, "Idempotency-Key": key}

    made = [client.post("/api/v1/ops/catalog", headers=keyed("new-mug"), json=MUG)
            for _ in range(2)]
    assert [answer.status_code for answer in made] == [201, 201]
    assert made[0].json() == made[1].json()
    stock_url = "/api/v1/ops/catalog/ops_mug/stock"
    raised = [client.post(stock_url, headers=keyed("add-4"), json={"change": 4})
              for _ in range(2)]
    assert [answer.json()["stock_left"] for answer in raised] == [7, 7]
    other = client.post(stock_url, headers=keyed("add-4"), json={"change": 5})
    assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
    flag_url = f"/api/v1/ops/members/{member.id}/risk-flags"
    flag = {"kind": "credit", "level": "poor", "reason": "chargebacks"}
    flagged = [client.post(flag_url, headers=keyed("flag-1"), json=flag).json()
               for _ in range(2)]
    assert flagged[0] == flagged[1] and flagged[0]["before"] is None
    entries = [(entry.action, entry.request_key) for entry in _audit(engine)]
    assert entries == [("catalog.create", "new-mug"), ("catalog.stock", "add-4"),
                       ("risk_flag.set", "flag-1")]
    # An edit that changes nothing (a double tap's second event) writes no entry either.
    for _ in range(2):
        client.patch("/api/v1/ops/catalog/ops_mug", headers=admin, json={"active": False})
    assert [entry.action for entry in _audit(engine)].count("catalog.edit") == 1


def test_a_member_is_never_charged_a_price_they_were_not_shown(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 5000)
    admin = operator_header(client, engine, "ada", "admin")
    item = client.post("/api/v1/ops/catalog", headers=admin, json=MUG).json()  # 300 beans
    client.patch("/api/v1/ops/catalog/ops_mug", headers=admin, json={"points": 900})
    url, headers = "/api/v1/me/redemptions", {**auth_header(member), "Idempotency-Key": "p-1"}
    refused = client.post(url, headers=headers, json={"item_id": item["id"], "shown_points": 300,
                                                      "shown_cash_fen": 0})
    assert (refused.status_code, refused.json()["error"]) == (409, "price_changed")
    again = client.post(url, headers=headers, json={"item_id": item["id"], "shown_points": 300,
                                                    "shown_cash_fen": 0})
    assert again.status_code == 409  # the refusal is the key's answer, replayed
    with transaction(engine) as session:
        assert session.exec(select(Redemption)).all() == []
    shown_now = client.post(url, headers={**auth_header(member), "Idempotency-Key": "p-2"},
                            json={"item_id": item["id"], "shown_points": 900})
    assert (shown_now.status_code, shown_now.json()["points_spent"]) == (201, 900)
    assert shown_now.json()["balance"] == 5000 - 900
