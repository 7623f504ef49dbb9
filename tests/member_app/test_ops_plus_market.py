"""Operators issue and list PLUS codes and withdraw market listings (SPEC 12, issue #14):
codes answered once and never again, labels instead of codes in lists and the CSV, a
withdrawal that gives the coupon back with a reason the seller sees, and exactly one winner
when buyers race an operator for a listing."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.errors import AppError
from member_app.models import AuditEntry, Coupon, Listing, Member, Operator, PlusCode
from member_app.services.market import buy
from member_app.services.ops_market import withdraw_listing
from member_app.services.ops_plus import issue_plus_codes, plus_codes_csv
from member_app.services.plus import code_hash, issue_code_batch
from member_app.services.points import balance_of, ledger_sum
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import (
    NOW,
    auth_header,
    give_points,
    make_members,
    operator_header,
    run_threads,
)
from tests.member_app.test_market import _coupon

LABEL = re.compile(r"^([A-Z2-9]{8})-(\d{4})$")
CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
WITHDRAW = "/api/v1/ops/market/listings/{}/withdraw"


def _audit(engine) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def _listed(client, engine, seller: Member, price: int = 1000) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A 15-yuan transferable coupon of the seller's, listed at `price`: (coupon, listing)."""
    coupon_id = _coupon(engine, seller, f"ops-{seller.id}-{price}")
    listed = client.post("/api/v1/market/listings", headers=auth_header(seller),
                         json={"coupon_id": coupon_id, "price": price})
    assert listed.status_code == 201, listed.text
    return coupon_id, listed.json()["id"]


def test_viewers_and_members_change_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, member = make_members(engine, 2)
    _, listing_id = _listed(client, engine, seller)
    viewer = operator_header(client, engine, "vera", "viewer")
    changes = [("/api/v1/ops/plus-codes", {"count": 3, "days": 30}),
               (WITHDRAW.format(listing_id), {"reason": "counterfeit"})]
    for url, body in changes:
        refused = client.post(url, headers=viewer, json=body)
        assert (refused.status_code, refused.json()["error"]) == (403, "admin_required"), url
        by_member = client.post(url, headers=auth_header(member), json=body)
        assert (by_member.status_code, by_member.json()["error"]) == (403, "wrong_audience")
    for url in ("/api/v1/ops/plus-codes", "/api/v1/ops/plus-codes.csv",
                "/api/v1/ops/market/listings"):
        assert client.get(url, headers=viewer).status_code == 200, url  # viewers read
        by_member = client.get(url, headers=auth_header(member))
        assert (by_member.status_code, by_member.json()["error"]) == (403, "wrong_audience")
        assert client.get(url).json()["error"] == "missing_token"
    with transaction(engine) as session:
        assert session.exec(select(PlusCode)).all() == []
        listing = session.get(Listing, listing_id)
        assert (listing.status, listing.closed_at, listing.withdrawn_reason) == ("open", None,
                                                                                 None)
    assert _audit(engine) == []


def test_issued_codes_are_shown_once_work_once_and_are_listed_by_label(client, engine) -> None:  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    admin = operator_header(client, engine, "ada", "admin")
    issued = client.post("/api/v1/ops/plus-codes", headers=admin,
                         json={"count": 3, "days": 30, "reason": "partner promo"})
    assert issued.status_code == 201, issued.text
    assert issued.headers["cache-control"] == "no-store"
    body = issued.json()
    batch = body["batch"]
    assert (body["count"], body["days"], body["created_at"]) == (3, 30,
                                                                 "2026-11-22T04:00:00+00:00")
    assert [code["label"] for code in body["codes"]] == [f"{batch}-0001", f"{batch}-0002",
                                                        f"{batch}-0003"]
    assert LABEL.match(body["codes"][0]["label"])
    assert all(CODE.match(code["code"]) for code in body["codes"])
    assert len({code["code"] for code in body["codes"]}) == 3
    # Only hashes are stored: no column holds the code or any part of it.
    with transaction(engine) as session:
        rows = session.exec(select(PlusCode).order_by(PlusCode.id)).all()
    assert [(row.code_hash, row.label, row.batch, row.days) for row in rows] == [
        (code_hash(code["code"]), code["label"], batch, 30) for code in body["codes"]]
    assert not any(code["code"][:4] in (row.label or "") for row in rows for code in body["codes"])

    second = body["codes"][1]
    used = client.post("/api/v1/me/plus", json={"plan": "code", "code": second["code"]},
                       headers={**auth_header(alice), "Idempotency-Key": "code-1"})
    assert used.status_code == 200, used.text
    assert used.json()["active_until"] == "2026-12-22T04:00:00+00:00"  # NOW + 30 days
    again = client.post("/api/v1/me/plus", json={"plan": "code", "code": second["code"]},
                        headers={**auth_header(bob), "Idempotency-Key": "code-2"})
    assert (again.status_code, again.json()["error"]) == (409, "code_used")

    listed = client.get("/api/v1/ops/plus-codes", headers=admin).json()["codes"]
    assert [(row["label"], row["status"], row["used_by"], row["used_by_username"],
             row["used_at"]) for row in listed] == [
        (f"{batch}-0003", "unused", None, None, None),
        (f"{batch}-0002", "used", alice.id, "m0", "2026-11-22T04:00:00+00:00"),
        (f"{batch}-0001", "unused", None, None, None)]
    assert {row["days"] for row in listed} == {30}
    assert {row["created_at"] for row in listed} == {"2026-11-22T04:00:00+00:00"}
    assert not any(code["code"] in str(listed) for code in body["codes"])
    used_only = client.get("/api/v1/ops/plus-codes?status=used", headers=admin).json()["codes"]
    assert [row["label"] for row in used_only] == [f"{batch}-0002"]
    unused = client.get("/api/v1/ops/plus-codes?status=unused", headers=admin).json()["codes"]
    assert [row["label"] for row in unused] == [f"{batch}-0003", f"{batch}-0001"]
    assert client.get("/api/v1/ops/plus-codes?status=lost", headers=admin).status_code == 422

    (entry,) = _audit(engine)
    assert (entry.action, entry.subject, entry.before, entry.after, entry.reason) == (
        "plus_codes.issue", f"plus_batch:{batch}", None,
        {"batch": batch, "count": 3, "days": 30}, "partner promo")
    assert not any(code["code"] in str(entry.after) for code in body["codes"])


def test_the_csv_has_a_header_and_a_row_per_code_in_the_order_issued(client, engine) -> None:  # type: ignore[no-untyped-def]
    # A username a spreadsheet would run as a formula (made directly: registration refuses it).
    (sneaky,) = make_members(engine, 1, prefix="=HYPERLINK(1)")
    admin = operator_header(client, engine, "ada", "admin")
    first = client.post("/api/v1/ops/plus-codes", headers=admin,
                        json={"count": 2, "days": 365}).json()
    second = client.post("/api/v1/ops/plus-codes", headers=admin,
                         json={"count": 1, "days": 7}).json()
    later = client.app.state.clock.now = NOW + timedelta(minutes=30)
    assert client.post("/api/v1/me/plus", json={"plan": "code",
                                                "code": first["codes"][0]["code"]},
                       headers={**auth_header(sneaky, now=later), "Idempotency-Key": "k"}
                       ).status_code == 200
    answer = client.get("/api/v1/ops/plus-codes.csv", headers=admin)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="plus-codes.csv"'
    made = "2026-11-22T04:00:00+00:00"
    a, b = first["batch"], second["batch"]
    assert list(csv.reader(io.StringIO(answer.text))) == [
        ["id", "label", "batch", "days", "created_at", "status", "used_by",
         "used_by_username", "used_at"],
        ["1", f"{a}-0001", a, "365", made, "used", str(sneaky.id), "'=HYPERLINK(1)0",
         "2026-11-22T04:30:00+00:00"],
        ["2", f"{a}-0002", a, "365", made, "unused", "", "", ""],
        ["3", f"{b}-0001", b, "7", made, "unused", "", "", ""],
    ]
    assert answer.text.count("\r\n") == 4
    one_batch = client.get(f"/api/v1/ops/plus-codes.csv?batch={b}&status=unused", headers=admin)
    assert [row[1] for row in csv.reader(io.StringIO(one_batch.text))] == ["label", f"{b}-0001"]
    used = client.get("/api/v1/ops/plus-codes.csv?status=used", headers=admin)
    assert [row[1] for row in csv.reader(io.StringIO(used.text))] == ["label", f"{a}-0001"]
    assert client.get("/api/v1/ops/plus-codes.csv?batch=nope", headers=admin).status_code == 422
    # The command line makes its codes through the same service: they have labels too.
    with transaction(engine) as session:
        cli = issue_code_batch(session=session, count=2, days=30, now=NOW)
        text = plus_codes_csv(session=session, batch=cli.batch)
    assert [row[1] for row in csv.reader(io.StringIO(text))][1:] == [f"{cli.batch}-0001",
                                                                     f"{cli.batch}-0002"]


def test_issuing_is_bounded_and_refusals_make_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    for body in ({"count": 0, "days": 30}, {"count": 1001, "days": 30},
                 {"count": 1, "days": 0}, {"count": 1, "days": 3661},
                 {"count": "3", "days": 30}, {"count": 1}, {"count": 1, "days": 1, "x": 1},
                 {"count": 1, "days": 1, "reason": "a\x00b"}):
        refused = client.post("/api/v1/ops/plus-codes", headers=admin, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["detail"].split(":")[0] in ("count", "days", "x", "reason"), body
    assert client.post("/api/v1/ops/plus-codes", headers=admin,
                       json={"count": 1000, "days": 3660}).status_code == 201
    with transaction(engine) as session:
        admin_row = session.exec(select(Operator).where(Operator.name == "ada")).one()
        for count, days, message in ((1001, 30, "count: from 1 to 1000"),
                                     (1, 3661, "days: from 1 to 3660"),
                                     (True, 30, "count: from 1 to 1000")):
            try:
                issue_plus_codes(session=session, operator=admin_row, count=count, days=days,
                                 now=NOW)
                raise AssertionError("not refused")
            except AppError as error:
                assert (error.status, error.detail) == (422, message)
        assert len(session.exec(select(PlusCode)).all()) == 1000
    assert [entry.after["count"] for entry in _audit(engine)] == [1000]


def test_the_same_key_never_shows_the_codes_again(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    keyed = {**admin, "Idempotency-Key": "issue-1"}
    first = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 2, "days": 30})
    assert first.status_code == 201
    again = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 2, "days": 30})
    assert (again.status_code, again.json()["error"]) == (409, "codes_already_issued")
    assert first.json()["batch"] in again.json()["detail"]
    assert not any(code["code"] in again.text for code in first.json()["codes"])
    other = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 3, "days": 30})
    assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
    with transaction(engine) as session:
        assert len(session.exec(select(PlusCode)).all()) == 2
    assert [(entry.action, entry.request_key) for entry in _audit(engine)] == [
        ("plus_codes.issue", "issue-1")]


def test_two_deliveries_of_one_key_at_once_issue_one_batch(client, engine) -> None:  # type: ignore[no-untyped-def]
    operator_header(client, engine, "ada", "admin")
    with transaction(engine) as session:
        admin = session.exec(select(Operator).where(Operator.name == "ada")).one()

    def deliver(_: int) -> tuple[int, str]:
        try:
            answer = run_in_transaction(engine, lambda session: issue_plus_codes(
                session=session, operator=admin, count=5, days=30, now=NOW,
                request_key="twice"))
            return 201, answer["batch"]
        except AppError as error:
            return error.status, error.code

    outcomes, errors = run_threads(4, deliver)
    assert errors == []
    assert sorted(status for status, _ in outcomes) == [201, 409, 409, 409]
    (batch,) = [value for status, value in outcomes if status == 201]
    with transaction(engine) as session:
        assert {row.batch for row in session.exec(select(PlusCode)).all()} == {batch}
        assert len(session.exec(select(PlusCode)).all()) == 5
    assert len(_audit(engine)) == 1


def test_an_operator_withdrawal_gives_the_coupon_back_and_tells_the_seller(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, other = make_members(engine, 2)
    coupon_id, listing_id = _listed(client, engine, seller, price=1200)
    _, others_listing = _listed(client, engine, other, price=800)
    admin = operator_header(client, engine, "ada", "admin")
    open_ones = client.get("/api/v1/ops/market/listings?status=open", headers=admin).json()
    assert [(row["id"], row["seller"]["username"], row["price"], row["status"])
            for row in open_ones["listings"]] == [(others_listing, "m1", 800, "open"),
                                                  (listing_id, "m0", 1200, "open")]
    blank = client.post(WITHDRAW.format(listing_id), headers=admin, json={"reason": "   "})
    assert blank.status_code == 422 and blank.json()["detail"].startswith("reason")
    assert client.post(WITHDRAW.format(listing_id), headers=admin, json={}).status_code == 422
    unknown = client.post(WITHDRAW.format(999999), headers=admin, json={"reason": "spam"})
    assert (unknown.status_code, unknown.json()["error"]) == (404, "unknown_listing")
    client.app.state.clock.now = NOW + timedelta(minutes=5)
    withdrawn = client.post(WITHDRAW.format(listing_id), headers=admin,
                            json={"reason": "  Counterfeit coupon reported  "})
    assert withdrawn.status_code == 200, withdrawn.text
    view = withdrawn.json()
    assert {key: view[key] for key in ("id", "status", "price", "seller", "buyer", "closed_at",
                                       "withdrawn_by", "withdrawn_reason")} == {
        "id": listing_id, "status": "withdrawn", "price": 1200,
        "seller": {"id": seller.id, "username": "m0"}, "buyer": None,
        "closed_at": "2026-11-22T04:05:00+00:00", "withdrawn_by": "ada",
        "withdrawn_reason": "Counterfeit coupon reported"}
    assert (view["coupon"]["id"], view["coupon"]["state"]) == (coupon_id, "unused")
    again = client.post(WITHDRAW.format(listing_id), headers=admin, json={"reason": "twice"})
    assert (again.status_code, again.json()["error"]) == (409, "listing_not_open")

    # The seller: the listing says why, the coupon is back in the wallet and can be listed.
    seller_headers = auth_header(seller, now=NOW + timedelta(minutes=5))
    mine = client.get("/api/v1/me/listings", headers=seller_headers).json()["listings"]
    assert [(row["id"], row["status"], row["withdrawn_by_operator"], row["withdrawn_reason"],
             row["closed_at"]) for row in mine] == [
        (listing_id, "withdrawn", True, "Counterfeit coupon reported",
         "2026-11-22T04:05:00+00:00")]
    wallet = client.get("/api/v1/me/coupons", headers=seller_headers).json()
    assert coupon_id in [coupon["id"] for coupon in wallet["unused"]]
    market = client.get("/api/v1/market/listings", headers=seller_headers).json()["listings"]
    assert [row["id"] for row in market] == [others_listing]
    relisted = client.post("/api/v1/market/listings", headers=seller_headers,
                           json={"coupon_id": coupon_id, "price": 1100})
    assert relisted.status_code == 201
    # A seller's own withdrawal carries no reason and no operator.
    assert client.delete(f"/api/v1/market/listings/{relisted.json()['id']}",
                         headers=seller_headers).status_code == 204
    mine = client.get("/api/v1/me/listings", headers=seller_headers).json()["listings"]
    assert [(row["status"], row["withdrawn_by_operator"], row["withdrawn_reason"])
            for row in mine] == [("withdrawn", False, None),
                                 ("withdrawn", True, "Counterfeit coupon reported")]
    with transaction(engine) as session:
        assert session.get(Coupon, coupon_id).member_id == seller.id
        assert balance_of(session=session, member_id=seller.id) == 0  # nothing moved
    (entry,) = _audit(engine)
    assert (entry.action, entry.subject, entry.reason) == (
        "market.withdraw", f"listing:{listing_id}", "Counterfeit coupon reported")
    assert entry.before == {"status": "open", "seller_id": seller.id, "coupon_id": coupon_id,
                            "price": 1200, "closed_at": None, "withdrawn_reason": None}
    assert entry.after == {"status": "withdrawn", "seller_id": seller.id,
                           "coupon_id": coupon_id, "price": 1200,
                           "closed_at": "2026-11-22T04:05:00+00:00",
                           "withdrawn_reason": "Counterfeit coupon reported"}
    every = client.get("/api/v1/ops/market/listings", headers=admin).json()["listings"]
    assert [(row["status"], row["withdrawn_by"]) for row in every] == [
        ("withdrawn", None), ("open", None), ("withdrawn", "ada")]


def test_a_seller_sees_how_each_of_their_listings_ended(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    give_points(engine, [buyer], 2000)
    admin = operator_header(client, engine, "ada", "admin")
    sold_coupon, sold = _listed(client, engine, seller, price=500)
    _, own = _listed(client, engine, seller, price=600)
    _, pulled = _listed(client, engine, seller, price=700)
    _, still_open = _listed(client, engine, seller, price=800)
    short = _coupon(engine, seller, "short", valid_until=NOW + timedelta(minutes=20))
    lapsed = client.post("/api/v1/market/listings", headers=auth_header(seller),
                         json={"coupon_id": short, "price": 900}).json()["id"]
    assert client.post(f"/api/v1/market/listings/{sold}/buy",
                       headers={**auth_header(buyer), "Idempotency-Key": "b"}
                       ).status_code == 200
    assert client.delete(f"/api/v1/market/listings/{own}",
                         headers=auth_header(seller)).status_code == 204
    assert client.post(WITHDRAW.format(pulled), headers=admin,
                       json={"reason": "price looks like a typo"}).status_code == 200
    later = client.app.state.clock.now = NOW + timedelta(minutes=30)
    mine = client.get("/api/v1/me/listings", headers=auth_header(seller, now=later)).json()
    assert [(row["id"], row["price"], row["status"], row["withdrawn_by_operator"],
             row["withdrawn_reason"]) for row in mine["listings"]] == [
        (lapsed, 900, "expired", False, None),
        (still_open, 800, "open", False, None),
        (pulled, 700, "withdrawn", True, "price looks like a typo"),
        (own, 600, "withdrawn", False, None),
        (sold, 500, "sold", False, None)]
    # The sold coupon as it was listed: nothing of what the buyer does with it.
    assert mine["listings"][-1]["coupon"] == {
        "id": sold_coupon, "name": "badge_silver", "face_value_fen": 1500, "min_spend_fen": 0,
        "category": None, "valid_until": "2026-12-22T04:00:00+00:00"}
    assert client.get("/api/v1/me/listings", headers=auth_header(buyer, now=later)
                      ).json() == {"listings": []}


def test_a_sold_listing_cannot_be_withdrawn(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    give_points(engine, [buyer], 2000)
    _, listing_id = _listed(client, engine, seller, price=1000)
    assert client.post(f"/api/v1/market/listings/{listing_id}/buy",
                       headers={**auth_header(buyer), "Idempotency-Key": "b"}
                       ).status_code == 200
    admin = operator_header(client, engine, "ada", "admin")
    refused = client.post(WITHDRAW.format(listing_id), headers=admin, json={"reason": "late"})
    assert (refused.status_code, refused.json()["error"]) == (409, "listing_not_open")
    sold = client.get("/api/v1/ops/market/listings?status=sold", headers=admin).json()
    assert [(row["id"], row["buyer"], row["withdrawn_reason"]) for row in sold["listings"]] == [
        (listing_id, {"id": buyer.id, "username": "m1"}, None)]
    assert client.get("/api/v1/ops/market/listings?status=withdrawn", headers=admin
                      ).json() == {"listings": []}
    assert _audit(engine) == []


def test_the_same_key_replays_a_withdrawal(client, engine) -> None:  # type: ignore[no-untyped-def]
    (seller,) = make_members(engine, 1)
    _, listing_id = _listed(client, engine, seller)
    _, second_id = _listed(client, engine, seller, price=900)
    admin = operator_header(client, engine, "ada", "admin")
    keyed = {**admin, "Idempotency-Key": "pull-1"}
    answers = [client.post(WITHDRAW.format(listing_id), headers=keyed, json={"reason": "spam"})
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    other_reason = client.post(WITHDRAW.format(listing_id), headers=keyed,
                               json={"reason": "fraud"})
    assert (other_reason.status_code, other_reason.json()["error"]) == (
        422, "idempotency_key_reused")
    other_listing = client.post(WITHDRAW.format(second_id), headers=keyed,
                                json={"reason": "spam"})
    assert (other_listing.status_code, other_listing.json()["error"]) == (
        422, "idempotency_key_reused")
    codes_with_it = client.post("/api/v1/ops/plus-codes", headers=keyed,
                                json={"count": 1, "days": 1})
    assert (codes_with_it.status_code, codes_with_it.json()["error"]) == (
        422, "idempotency_key_reused")
    with transaction(engine) as session:
        assert session.get(Listing, second_id).status == "open"
        assert session.exec(select(PlusCode)).all() == []
    assert [(entry.action, entry.request_key) for entry in _audit(engine)] == [
        ("market.withdraw", "pull-1")]


def test_buyers_racing_an_operator_leave_exactly_one_winner(client, engine) -> None:  # type: ignore[no-untyped-def]
    """20 threads at once on one listing (price 1000): 14 buyers with 2000 points each and 6
    withdrawals by an admin. Either one buyer has the coupon (1000 spent, the seller 950 for
    it: 1000 less 5%) and every withdrawal is 409, or the listing is withdrawn and every buy is
    409 `sold` and nobody's points moved."""
    seller, *buyers = make_members(engine, 15)
    give_points(engine, buyers, 2000)
    coupon_id, listing_id = _listed(client, engine, seller, price=1000)
    operator_header(client, engine, "ada", "admin")
    with transaction(engine) as session:
        admin = session.exec(select(Operator).where(Operator.name == "ada")).one()

    def act(i: int) -> tuple[str, int, str | None]:
        if i < len(buyers):
            outcome = run_in_transaction(engine, lambda session: buy(
                session=session, member=buyers[i], listing_id=listing_id,
                idempotency_key=f"race-{i}", now=NOW))
            return ("buy", outcome.status, outcome.body.get("error"))
        try:
            run_in_transaction(engine, lambda session: withdraw_listing(
                session=session, operator=admin, listing_id=listing_id, reason="moderation",
                now=NOW, request_key=f"pull-{i}"))
            return ("withdraw", 200, None)
        except AppError as error:
            return ("withdraw", error.status, error.code)

    outcomes, errors = run_threads(20, act)
    assert errors == []
    winners = [(kind, status) for kind, status, _ in outcomes if status == 200]
    assert len(winners) == 1
    losers = {(kind, status, code) for kind, status, code in outcomes if status != 200}
    assert losers <= {("buy", 409, "sold"), ("withdraw", 409, "listing_not_open")}
    with transaction(engine) as session:
        listing = session.get(Listing, listing_id)
        owner = session.get(Coupon, coupon_id).member_id
        balances = {member.id: balance_of(session=session, member_id=member.id)
                    for member in [seller, *buyers]}
        for member in [seller, *buyers]:
            assert ledger_sum(session=session, member_id=member.id) == balances[member.id]
    entries = [entry for entry in _audit(engine) if entry.action == "market.withdraw"]
    if winners[0][0] == "buy":
        assert (listing.status, listing.withdrawn_reason) == ("sold", None)
        assert owner == listing.buyer_id
        assert balances[seller.id] == 950
        assert sorted(balances[b.id] for b in buyers) == [1000] + [2000] * 13
        assert balances[owner] == 1000
        assert entries == []
    else:
        assert (listing.status, listing.withdrawn_reason, listing.buyer_id) == (
            "withdrawn", "moderation", None)
        assert owner == seller.id
        assert balances == {seller.id: 0, **{b.id: 2000 for b in buyers}}
        assert len(entries) == 1 and entries[0].after["status"] == "withdrawn"


def test_the_seller_reads_the_platforms_reason_on_the_coupons_page() -> None:
    from datetime import UTC, datetime

    from member_app.presenters.coupons import withdrawn_notices

    now = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
    row = {"coupon": {"name": "free_shipping"}, "withdrawn_by_operator": True,
           "withdrawn_reason": "重复挂单", "closed_at": "2026-11-20T04:00:00+00:00"}
    own = {**row, "withdrawn_by_operator": False, "withdrawn_reason": None}
    old = {**row, "closed_at": "2026-10-01T04:00:00+00:00"}  # past the 30 days
    (notice,) = withdrawn_notices([row, own, old], now, "zh")
    assert notice.startswith("平台下架了你出售的「") and notice.endswith("原因：重复挂单")
    assert "Reason: 重复挂单" in withdrawn_notices([row], now, "en")[0]
