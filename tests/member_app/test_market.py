"""Coupons and the market (SPEC 7): issuance once, listing rules, one buyer per listing,
ownership and points moving together, the 24-hour transfer lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
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


# What a mutation run (bench/mutation.py) showed no test pinned: each refusal's own code, the
# price bounds, what the market lists and in which order, and that buying or withdrawing ends
# that one listing and records who and when.

def _coupon(engine, owner: Member, name: str, **overrides) -> int:  # type: ignore[no-untyped-def]
    values = {"member_id": owner.id, "issued_to": owner.id, "source_key": f"test:{name}",
              "name": "badge_silver", "face_value_fen": 1500, "min_spend_fen": 0,
              "category": None, "valid_from": NOW - timedelta(days=1),
              "valid_until": NOW + timedelta(days=30), "transferable": True, "issued_at": NOW}
    with transaction(engine) as session:
        coupon = Coupon(**{**values, **overrides})
        session.add(coupon)
        session.flush()
        return coupon.id


def _list(client, member: Member, coupon_id: int, price: int = 100):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/market/listings", headers=auth_header(member),
                       json={"coupon_id": coupon_id, "price": price})


def _buy(client, member: Member, listing_id: int, key: str = "k"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/market/listings/{listing_id}/buy",
                       headers={**auth_header(member), "Idempotency-Key": key})


def _refusal(response) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]  # {"error": code, "detail": text}
    return response.status_code, body["error"]


def test_each_listing_refusal_has_its_own_code(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, stranger = make_members(engine, 2)
    first, second = _coupon(engine, seller, "first"), _coupon(engine, seller, "second")
    used = _coupon(engine, seller, "used", status="used", used_at=NOW, used_order_id="o-1")
    expired = _coupon(engine, seller, "expired", valid_until=NOW)  # its last instant has passed
    bound = _coupon(engine, seller, "bound", transferable=False)
    theirs = _coupon(engine, stranger, "theirs")
    assert _refusal(_list(client, seller, theirs)) == (404, "unknown_coupon")
    assert _refusal(_list(client, seller, 999999)) == (404, "unknown_coupon")
    assert _refusal(_list(client, seller, used)) == (409, "coupon_not_available")
    assert _refusal(_list(client, seller, expired)) == (409, "coupon_not_available")
    assert _refusal(_list(client, seller, bound)) == (409, "not_transferable")
    assert _refusal(_list(client, seller, first, price=0)) == (422, "invalid_input")
    listed = _list(client, seller, first)
    assert listed.status_code == 201
    assert _refusal(_list(client, seller, first)) == (409, "already_listed")
    # One open listing per coupon, not per seller; a withdrawn listing no longer counts.
    assert _list(client, seller, second).status_code == 201
    assert client.delete(f"/api/v1/market/listings/{listed.json()['id']}",
                         headers=auth_header(seller)).status_code == 204
    assert _list(client, seller, first).status_code == 201


def test_the_price_is_1_point_up_to_the_face_value_at_the_cash_rate(client, engine) -> None:  # type: ignore[no-untyped-def]
    # SPEC 7: at most the face value at the cash rate: JD 100 beans = 1 yuan, and the programmes
    # without a cash rate 100 points = 1 yuan too. A 15-yuan coupon: 1 .. 1,500.
    (jd_seller,) = make_members(engine, 1)
    (fliggy_seller,) = make_members(engine, 1, program="fliggy", prefix="f")
    for seller in (jd_seller, fliggy_seller):
        top, bottom = _coupon(engine, seller, "top"), _coupon(engine, seller, "bottom")
        assert _refusal(_list(client, seller, top, price=1501)) == (422, "price_above_face_value")
        assert _list(client, seller, top, price=1500).status_code == 201
        assert _list(client, seller, bottom, price=1).status_code == 201


def test_ids_and_prices_must_be_positive_integers(engine) -> None:  # type: ignore[no-untyped-def]
    from member_app.errors import InvalidInput, NotFound
    from member_app.services.market import MAX_ID, withdraw

    (seller,) = make_members(engine, 1)
    coupon = _coupon(engine, seller, "c")
    with transaction(engine) as session:
        member = session.get(Member, seller.id)
        for price in (0, -5, True, 2.5, "100"):
            with pytest.raises(InvalidInput):
                list_coupon(session=session, member=member, coupon_id=coupon, price=price,
                            now=NOW)
        for bad in (0, -1, True, MAX_ID + 1, "7"):
            with pytest.raises(InvalidInput):
                list_coupon(session=session, member=member, coupon_id=bad, price=100, now=NOW)
            with pytest.raises(InvalidInput):
                buy(session=session, member=member, listing_id=bad, idempotency_key="k",
                    now=NOW)
            with pytest.raises(InvalidInput):
                withdraw(session=session, member=member, listing_id=bad, now=NOW)
        # The largest id the column holds is an id: unknown, not invalid.
        with pytest.raises(NotFound):
            list_coupon(session=session, member=member, coupon_id=MAX_ID, price=100, now=NOW)
        with pytest.raises(NotFound):
            buy(session=session, member=member, listing_id=MAX_ID, idempotency_key="k", now=NOW)
        with pytest.raises(NotFound):
            withdraw(session=session, member=member, listing_id=MAX_ID, now=NOW)


def test_the_market_shows_open_listings_of_the_programme_cheapest_first(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer, other = make_members(engine, 3)
    (flyer,) = make_members(engine, 1, program="fliggy", prefix="f")
    give_points(engine, [other], 5000)
    coupons = [_coupon(engine, seller, f"c{i}") for i in range(5)]
    ids = [_list(client, seller, c, price).json()["id"]
           for c, price in zip(coupons, (300, 100, 100, 50, 70), strict=True)]
    assert client.delete(f"/api/v1/market/listings/{ids[3]}",
                         headers=auth_header(seller)).status_code == 204
    assert _buy(client, other, ids[4]).status_code == 200
    fliggy_coupon = _coupon(engine, flyer, "f")
    fliggy_listing = _list(client, flyer, fliggy_coupon, 10).json()["id"]

    def shown(member: Member) -> list[tuple[int, int, bool, int]]:
        listings = client.get("/api/v1/market/listings", headers=auth_header(member)).json()
        assert all(set(entry) == {"id", "price", "own", "coupon"}
                   for entry in listings["listings"])
        return [(e["id"], e["price"], e["own"], e["coupon"]["id"]) for e in listings["listings"]]

    # Withdrawn and sold listings are gone; equal prices keep the listing order.
    assert shown(buyer) == [(ids[1], 100, False, coupons[1]), (ids[2], 100, False, coupons[2]),
                            (ids[0], 300, False, coupons[0])]
    assert [own for _, _, own, _ in shown(seller)] == [True, True, True]
    assert shown(flyer) == [(fliggy_listing, 10, True, fliggy_coupon)]


def test_a_listing_leaves_the_market_at_its_coupons_last_instant(engine) -> None:  # type: ignore[no-untyped-def]
    from member_app.services.market import open_listings

    seller, buyer = make_members(engine, 2)
    end = NOW + timedelta(hours=1)
    coupon = _coupon(engine, seller, "short", valid_until=end)
    with transaction(engine) as session:
        listing = list_coupon(session=session, member=session.get(Member, seller.id),
                              coupon_id=coupon, price=100, now=NOW).id
    with transaction(engine) as session:
        member = session.get(Member, buyer.id)
        before = open_listings(session=session, member=member, now=end - timedelta(microseconds=1))
        assert [entry["id"] for entry in before] == [listing]
        assert open_listings(session=session, member=member, now=end) == []


def test_buying_ends_that_listing_only_and_records_buyer_and_time(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer, second_seller = make_members(engine, 3)
    give_points(engine, [buyer], 5000)
    sold_coupon, kept_coupon = _coupon(engine, seller, "a"), _coupon(engine, second_seller, "b")
    sold = _list(client, seller, sold_coupon, 400).json()["id"]
    kept = _list(client, second_seller, kept_coupon, 200).json()["id"]
    assert _buy(client, buyer, sold, key="k1").json()["balance"] == 4600
    # The same key for another listing is another request: refused, not replayed.
    assert _refusal(_buy(client, buyer, kept, key="k1")) == (422, "idempotency_key_reused")
    with transaction(engine) as session:
        listing = session.get(Listing, sold)
        assert (listing.status, listing.buyer_id, listing.closed_at) == ("sold", buyer.id, NOW)
        other = session.get(Listing, kept)
        assert (other.status, other.buyer_id, other.closed_at) == ("open", None, None)
        moved, stayed = session.get(Coupon, sold_coupon), session.get(Coupon, kept_coupon)
        assert (moved.member_id, moved.locked_until) == (buyer.id, NOW + timedelta(hours=24))
        assert (stayed.member_id, stayed.locked_until) == (second_seller.id, None)
    newest = client.get("/api/v1/me/ledger?limit=1", headers=auth_header(buyer)).json()
    assert [(e["points"], e["reason"]) for e in newest["entries"]] == [(-400, "market_buy")]
    newest = client.get("/api/v1/me/ledger?limit=1", headers=auth_header(seller)).json()
    assert [(e["points"], e["event_id"]) for e in newest["entries"]] == [
        (380, f"market-sale:{sold}")]  # 400 less floor(5% of 400)


def test_only_an_open_listing_of_the_buyers_programme_can_be_bought(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    (flyer,) = make_members(engine, 1, program="fliggy", prefix="f")
    give_points(engine, [buyer, flyer], 5000)
    listing = _list(client, seller, _coupon(engine, seller, "a")).json()["id"]
    withdrawn = _list(client, seller, _coupon(engine, seller, "b")).json()["id"]
    assert client.delete(f"/api/v1/market/listings/{withdrawn}",
                         headers=auth_header(seller)).status_code == 204
    assert _refusal(_buy(client, flyer, listing)) == (404, "unknown_listing")
    assert _refusal(_buy(client, buyer, 999999)) == (404, "unknown_listing")
    assert _refusal(_buy(client, buyer, withdrawn)) == (409, "sold")
    with transaction(engine) as session:
        assert session.get(Listing, withdrawn).buyer_id is None
        assert balance_of(session=session, member_id=buyer.id) == 5000
        assert balance_of(session=session, member_id=flyer.id) == 5000


def test_withdrawing_ends_that_listing_only(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, other_seller = make_members(engine, 2)
    mine = _list(client, seller, _coupon(engine, seller, "a")).json()["id"]
    theirs = _list(client, other_seller, _coupon(engine, other_seller, "b")).json()["id"]
    assert _refusal(client.delete(f"/api/v1/market/listings/{theirs}",
                                  headers=auth_header(seller))) == (404, "unknown_listing")
    assert _refusal(client.delete("/api/v1/market/listings/999999",
                                  headers=auth_header(seller))) == (404, "unknown_listing")
    assert client.delete(f"/api/v1/market/listings/{mine}",
                         headers=auth_header(seller)).status_code == 204
    with transaction(engine) as session:
        ended, other = session.get(Listing, mine), session.get(Listing, theirs)
        assert (ended.status, ended.closed_at) == ("withdrawn", NOW)
        assert (other.status, other.closed_at) == ("open", None)
