"""The points history names what each line was about in a member's terms, never an internal id."""

from __future__ import annotations

import re

from sqlmodel import select

import rules
from member_app.db import transaction
from member_app.models import CatalogItem, Member
from member_app.presenters.points import ledger_rows
from member_app.services.events import ingest_events
from member_app.services.overview import current_standing
from member_app.services.points import ledger_page
from member_app.services.signin import sign_in
from tests.member_app.conftest import NOW, auth_header, make_members

INTERNAL_ID = re.compile(r"#\d|spend:|release:|earn#|listing:|redemption:|signin:|wealth:|game:")


def _history(engine, member: Member, lang: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        fresh = session.get(Member, member.id)
        current_standing(session=session, member=fresh, now=NOW)  # what fell due is written
        lines = ledger_page(session=session, member=fresh)
    return [(row.reason, row.ref) for row in ledger_rows(rules.load_program("jd"), lines, lang)]


def test_orders_items_and_coupons_are_named_and_no_internal_id_shows(client, engine) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    with transaction(engine) as session:
        ingest_events(session=session, events=[
            {"id": f"pay-{m.id}", "member": m.id, "type": "order_paid",
             "at": "2026-10-01T10:00:00+08:00", "order_id": f"28234567890{m.id}",
             "amount": "5000.00", "category": "food", "payment": "other"}
            for m in (seller, buyer)], now=NOW)
        sign_in(session=session, member=session.get(Member, buyer.id), now=NOW)
        tree = session.exec(select(CatalogItem).where(CatalogItem.code == "tree_donation")).one()
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(seller)).json()
    coupon = next(c for c in wallet["unused"] if c["name"] == "badge_silver")
    listing = client.post("/api/v1/market/listings", headers=auth_header(seller),
                          json={"coupon_id": coupon["id"], "price": 100}).json()
    assert client.post(f"/api/v1/market/listings/{listing['id']}/buy",
                       headers={**auth_header(buyer), "Idempotency-Key": "b"}).status_code == 200
    assert client.post("/api/v1/me/redemptions", headers={**auth_header(buyer),
                       "Idempotency-Key": "r"}, json={"item_id": tree.id,
                                                     "quantity": 1}).status_code == 201

    buyer_zh = _history(engine, buyer, "zh")
    assert ("京豆兑换", "兑换商品：公益种树") in buyer_zh
    assert ("卡券市场购买", "卡券：银牌勋章券") in buyer_zh
    assert ("购物返京豆", f"订单号 28234567890{buyer.id}") in buyer_zh
    assert ("每日签到", "") in buyer_zh
    seller_en = _history(engine, seller, "en")
    assert ("Coupon market sale", "Coupon: Silver badge coupon") in seller_en
    for _reason, ref in buyer_zh + seller_en + _history(engine, buyer, "en"):
        assert not INTERNAL_ID.search(ref), ref


def test_the_history_filters_earned_and_spent(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    with transaction(engine) as session:
        ingest_events(session=session, events=[
            {"id": "pay", "member": member.id, "type": "order_paid",
             "at": "2026-10-01T10:00:00+08:00", "order_id": "2823456789012",
             "amount": "5000.00", "category": "food", "payment": "other"}], now=NOW)
        tree = session.exec(select(CatalogItem).where(CatalogItem.code == "tree_donation")).one()
    assert client.post("/api/v1/me/redemptions", headers={**auth_header(member),
                       "Idempotency-Key": "r"}, json={"item_id": tree.id,
                                                     "quantity": 1}).status_code == 201
    with transaction(engine) as session:
        fresh = session.get(Member, member.id)
        pages = {d: [line.points for line in ledger_page(session=session, member=fresh,
                                                          direction=d)]
                 for d in ("all", "income", "spending")}
    # 5,000 yuan earns 500 beans; the tree costs 200 (hand-computed, SPEC 4 and 6).
    assert pages == {"all": [-200, 500], "income": [500], "spending": [-200]}
