"""Coupons and the market (SPEC 7): issuance once, listing rules, one buyer per listing,
ownership and points moving together, the 24-hour transfer lock."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.errors import Conflict
from member_app.models import Coupon, Listing, Member
from member_app.services.coupons import issue_coupons
from member_app.services.events import ingest_events
from member_app.services.market import buy, list_coupon
from member_app.services.points import balance_of, ledger_sum
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import NOW, auth_header, give_points, make_members, run_threads


def _big_spender(engine, member) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        ingest_events(session=session, events=[
            {"id": f"big-{member.id}", "member": member.id, "type": "order_paid",
             "at": "2026-10-01T10:00:00+08:00", "order_id": f"big-{member.id}",
             "amount": "2500.00", "category": "food", "payment": "other"}], now=NOW)


def _badge_coupon(client, member) -> dict:  # type: ignore[no-untyped-def]
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(member)).json()
    return next(c for c in wallet["unused"] if c["name"] == "badge_silver")


def test_badge_coupons_are_issued_once_per_level(client, engine) -> None:  # type: ignore[no-untyped-def]
    (seller,) = make_members(engine, 1)
    _big_spender(engine, seller)
    for _ in range(3):
        wallet = client.get("/api/v1/me/coupons", headers=auth_header(seller)).json()
    names = sorted(c["name"] for c in wallet["unused"])
    assert names == ["badge_bronze", "badge_silver"]
    with transaction(engine) as session:
        assert issue_coupons(session=session, member=seller, now=NOW) == 0


def test_list_buy_and_the_rules_around_it(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer, other = make_members(engine, 3)
    _big_spender(engine, seller)
    give_points(engine, [buyer, other], 5000)
    coupon = _badge_coupon(client, seller)  # 15 yuan -> at most 1500 beans
    too_dear = client.post("/api/v1/market/listings", headers=auth_header(seller),
                           json={"coupon_id": coupon["id"], "price": 1501})
    assert too_dear.status_code == 422 and too_dear.json()["error"] == "price_above_face_value"
    not_mine = client.post("/api/v1/market/listings", headers=auth_header(buyer),
                           json={"coupon_id": coupon["id"], "price": 100})
    assert not_mine.status_code == 404
    listed = client.post("/api/v1/market/listings", headers=auth_header(seller),
                         json={"coupon_id": coupon["id"], "price": 1000})
    assert listed.status_code == 201
    listing_id = listed.json()["id"]
    own = client.post(f"/api/v1/market/listings/{listing_id}/buy",
                      headers={**auth_header(seller), "Idempotency-Key": "x"})
    assert own.status_code == 409 and own.json()["error"] == "own_listing"
    assert [entry["id"] for entry in client.get(
        "/api/v1/market/listings", headers=auth_header(buyer)).json()["listings"]] == [listing_id]
    bought = client.post(f"/api/v1/market/listings/{listing_id}/buy",
                         headers={**auth_header(buyer), "Idempotency-Key": "b1"})
    assert bought.status_code == 200
    assert bought.json() == {"coupon_id": coupon["id"], "price": 1000, "balance": 4000,
                             "listing_id": listing_id}
    late = client.post(f"/api/v1/market/listings/{listing_id}/buy",
                       headers={**auth_header(other), "Idempotency-Key": "o1"})
    assert late.status_code == 409 and late.json()["error"] == "sold"
    with transaction(engine) as session:
        assert session.get(Coupon, coupon["id"]).member_id == buyer.id
        assert balance_of(session=session, member_id=seller.id) == ledger_sum(
            session=session, member_id=seller.id)
    me = client.get("/api/v1/me", headers=auth_header(seller)).json()
    assert me["points_balance"] == 250 + 950  # 2500 yuan rebate + price less 5%
    relist = client.post("/api/v1/market/listings", headers=auth_header(buyer),
                         json={"coupon_id": coupon["id"], "price": 500})
    assert relist.status_code == 409 and relist.json()["error"] == "transfer_locked"


def test_withdraw_only_by_the_owner(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, stranger = make_members(engine, 2)
    _big_spender(engine, seller)
    coupon = _badge_coupon(client, seller)
    listing_id = client.post("/api/v1/market/listings", headers=auth_header(seller),
                             json={"coupon_id": coupon["id"], "price": 10}).json()["id"]
    assert client.delete(f"/api/v1/market/listings/{listing_id}",
                         headers=auth_header(stranger)).status_code == 404
    assert client.delete(f"/api/v1/market/listings/{listing_id}",
                         headers=auth_header(seller)).status_code == 204
    assert client.delete(f"/api/v1/market/listings/{listing_id}",
                         headers=auth_header(seller)).json()["error"] == "sold"


def test_expiry_ends_a_listing(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    _big_spender(engine, seller)
    give_points(engine, [buyer], 5000)
    coupon = _badge_coupon(client, seller)
    listing_id = client.post("/api/v1/market/listings", headers=auth_header(seller),
                             json={"coupon_id": coupon["id"], "price": 10}).json()["id"]
    clock.now = NOW + timedelta(days=91)
    headers = auth_header(buyer, now=clock.now)
    assert client.get("/api/v1/market/listings", headers=headers).json() == {"listings": []}
    response = client.post(f"/api/v1/market/listings/{listing_id}/buy",
                           headers={**headers, "Idempotency-Key": "late"})
    assert response.status_code == 409


def test_100_concurrent_buys_one_winner(engine, client) -> None:  # type: ignore[no-untyped-def]
    seller, *buyers = make_members(engine, 101)
    _big_spender(engine, seller)
    give_points(engine, buyers, 2000)
    coupon = _badge_coupon(client, seller)
    listing_id = client.post("/api/v1/market/listings", headers=auth_header(seller),
                             json={"coupon_id": coupon["id"], "price": 1200}).json()["id"]

    def attempt(i: int):  # type: ignore[no-untyped-def]
        return run_in_transaction(engine, lambda session: buy(
            session=session, member=buyers[i], listing_id=listing_id,
            idempotency_key=f"k{i}", now=NOW))

    outcomes, errors = run_threads(100, attempt)
    assert errors == []
    winners = [o for o in outcomes if o.status == 200]
    assert len(winners) == 1
    assert {o.body["error"] for o in outcomes if o.status != 200} == {"sold"}
    with transaction(engine) as session:
        owner = session.get(Coupon, coupon["id"]).member_id
        listing = session.get(Listing, listing_id)
        assert owner == listing.buyer_id
        spent = [b.id for b in buyers if balance_of(session=session, member_id=b.id) == 800]
        assert spent == [owner]
        for member in [seller, *buyers]:
            assert ledger_sum(session=session, member_id=member.id) == balance_of(
                session=session, member_id=member.id)
        assert len(session.exec(select(Listing).where(Listing.status == "sold")).all()) == 1


def test_the_demo_has_a_listing_for_the_market(engine) -> None:  # type: ignore[no-untyped-def]
    from member_app.demo import load_demo
    from member_app.models import Member
    from member_app.services.market import open_listings

    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
    with transaction(engine) as session:
        buyer = session.exec(select(Member).where(Member.username == "demo_jd_new")).one()
        listings = open_listings(session=session, member=buyer, now=NOW)
    assert len(listings) == 1 and not listings[0]["own"]


def test_ledger_page_is_keyset_paged(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    for n in range(3):
        give_points(engine, [member], 10 + n, tag=f"g{n}")
    first = client.get("/api/v1/me/ledger?limit=2", headers=auth_header(member)).json()["entries"]
    assert [e["points"] for e in first] == [12, 11]
    rest = client.get(f"/api/v1/me/ledger?limit=2&before_id={first[-1]['id']}",
                      headers=auth_header(member)).json()["entries"]
    assert [e["points"] for e in rest] == [10]


def _sell_and_buy(client, engine, price: int):  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2, prefix=f"p{price}x")
    _big_spender(engine, seller)
    give_points(engine, [buyer], 5000, tag=f"g{price}")
    coupon = _badge_coupon(client, seller)  # 15 yuan: at most 1,500 beans
    before = client.get("/api/v1/me", headers=auth_header(seller)).json()["points_balance"]
    listing = client.post("/api/v1/market/listings", headers=auth_header(seller),
                          json={"coupon_id": coupon["id"], "price": price}).json()
    bought = client.post(f"/api/v1/market/listings/{listing['id']}/buy",
                         headers={**auth_header(buyer), "Idempotency-Key": "k"})
    assert bought.status_code == 200
    after = client.get("/api/v1/me", headers=auth_header(seller)).json()["points_balance"]
    return seller, buyer, coupon, after - before


def test_the_fee_is_rounded_down_at_prices_that_do_not_divide_evenly(client, engine) -> None:  # type: ignore[no-untyped-def]
    # SPEC 7: a 5% fee, rounded down. 5% of 299 is 14.95 -> 14 (285 to the seller; rounding
    # up would give 284); of 19 it is 0.95 -> 0 (the seller gets all 19).
    for price, proceeds in ((299, 285), (19, 19), (1000, 950)):
        *_, received = _sell_and_buy(client, engine, price)
        assert received == proceeds, price


def test_a_bought_coupon_is_locked_for_exactly_24_hours(client, engine) -> None:  # type: ignore[no-untyped-def]
    _, buyer, coupon, _ = _sell_and_buy(client, engine, 500)
    just_before = NOW + timedelta(hours=24) - timedelta(microseconds=1)
    with transaction(engine) as session:
        member = session.get(Member, buyer.id)
        try:
            list_coupon(session=session, member=member, coupon_id=coupon["id"], price=400,
                        now=just_before)
        except Conflict as error:
            assert error.code == "transfer_locked"
        else:
            raise AssertionError("listed before the 24-hour lock ended")
    with transaction(engine) as session:
        member = session.get(Member, buyer.id)
        listing = list_coupon(session=session, member=member, coupon_id=coupon["id"],
                              price=400, now=NOW + timedelta(hours=24))
    assert listing is not None
