"""Coupons used at checkout (platform only) and the JD tier coupons (birthday, gift pack)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.models import Coupon, Member
from member_app.services.coupons import issue_coupons
from member_app.services.events import ingest_events
from member_app.services.market import list_coupon
from tests.member_app.conftest import NOW, auth_header, make_members, platform_header


def _coupon(engine, member: Member, **overrides) -> int:  # type: ignore[no-untyped-def]
    values = {"member_id": member.id, "issued_to": member.id,
              "source_key": f"test:{overrides.get('name', 'c')}", "name": "badge_bronze",
              "face_value_fen": 500, "min_spend_fen": 5000, "category": "food",
              "valid_from": NOW - timedelta(days=1), "valid_until": NOW + timedelta(days=30),
              "transferable": True, "issued_at": NOW}
    with transaction(engine) as session:
        coupon = Coupon(**{**values, **overrides})
        session.add(coupon)
        session.flush()
        return coupon.id


def _use(client, coupon_id: int, member: Member, order: str = "order-1", amount: int = 6000,  # type: ignore[no-untyped-def]
         category: str | None = "food", headers: dict | None = None):
    body = {"member": member.username, "order_id": order, "order_amount_fen": amount}
    if category is not None:
        body["category"] = category
    return client.post(f"/api/v1/coupons/{coupon_id}/use", json=body,
                       headers=headers if headers is not None else platform_header())


def test_a_coupon_is_used_once_and_the_same_order_replays(engine, client) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    coupon_id = _coupon(engine, alice)
    first = _use(client, coupon_id, alice)
    assert first.status_code == 200, first.text
    assert first.json()["discount_fen"] == 500 and first.json()["replayed"] is False
    again = _use(client, coupon_id, alice)
    assert again.status_code == 200 and again.json()["replayed"] is True
    other = _use(client, coupon_id, alice, order="order-2")
    assert other.status_code == 409 and other.json()["error"] == "coupon_used"
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(alice)).json()
    assert [c["id"] for c in wallet["used"]] == [coupon_id]
    assert wallet["used"][0]["used_order_id"] == "order-1"


def test_unusable_coupons_are_refused_and_nothing_changes(engine, client) -> None:  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    expired = _coupon(engine, alice, name="x", valid_until=NOW - timedelta(seconds=1))
    future = _coupon(engine, alice, name="f", valid_from=NOW + timedelta(days=1))
    listed = _coupon(engine, alice, name="l")
    plain = _coupon(engine, alice, name="p")
    with transaction(engine) as session:
        list_coupon(session=session, member=session.get(Member, alice.id), coupon_id=listed,
                    price=100, now=NOW)
    cases = [(expired, {}, 409, "coupon_expired"), (future, {}, 409, "coupon_not_yet_valid"),
             (listed, {}, 409, "coupon_listed"), (plain, {"amount": 4999}, 409,
                                                  "min_spend_not_met"),
             (plain, {"category": "books"}, 409, "category_mismatch"),
             (plain, {"member": bob}, 404, "unknown_coupon"),
             (plain, {"amount": 0}, 422, "invalid_input"),
             (plain, {"headers": auth_header(alice)}, 403, None)]
    for coupon_id, extra, status, code in cases:
        member = extra.pop("member", alice)
        answer = _use(client, coupon_id, member, **extra)
        assert answer.status_code == status, (coupon_id, extra, answer.text)
        if code:
            assert answer.json()["error"] == code
    with transaction(engine) as session:
        assert {c.status for c in session.exec(select(Coupon))} == {"unused"}
    assert _use(client, plain, alice, amount=5000).status_code == 200  # exactly the minimum


def test_birthday_coupon_once_a_year_in_the_birthday_month(engine, client) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/members", json={"username": "bday", "password": "long enough",
                                                  "program": "jd", "birthday": "1990-11-30"})
    assert answer.status_code == 201
    other = client.post("/api/v1/members", json={"username": "nobday", "password": "long enough",
                                                 "program": "jd"})
    with transaction(engine) as session:
        member = session.get(Member, answer.json()["id"])
        assert member.birthday == date(1990, 11, 30)
        # Registering stored the first standing, and with it the birthday month's coupon.
        assert issue_coupons(session=session, member=member, now=NOW) == 0
        plain = session.get(Member, other.json()["id"])
        assert issue_coupons(session=session, member=plain, now=NOW) == 0
        assert issue_coupons(session=session, member=member, now=NOW + timedelta(days=20)) == 0
        coupon = session.exec(select(Coupon).where(Coupon.member_id == member.id)).one()
    assert coupon.source_key == "tier:birthday:2026" and not coupon.transferable
    headers = auth_header(plain)
    assert client.put("/api/v1/me/birthday", json={"birthday": "1991-02-29"},
                      headers=headers).status_code == 422
    assert client.put("/api/v1/me/birthday", json={"birthday": "1992-11-01"},
                      headers=headers).status_code == 200
    again = client.put("/api/v1/me/birthday", json={"birthday": "1992-12-01"}, headers=headers)
    assert again.status_code == 409 and again.json()["error"] == "birthday_set"


def test_gift_pack_once_per_tier_reached(engine) -> None:  # type: ignore[no-untyped-def]
    (dora,) = make_members(engine, 1)
    events = [
        {"id": "iv", "member": dora.id, "type": "identity_verified",
         "at": "2026-01-01T10:00:00+08:00"},
        {"id": "wx", "member": dora.id, "type": "account_bound", "at": "2026-01-01T10:00:00+08:00",
         "channel": "wechat"},
        {"id": "qq", "member": dora.id, "type": "account_bound", "at": "2026-01-01T10:00:00+08:00",
         "channel": "qq"},
        {"id": "big", "member": dora.id, "type": "order_paid", "at": "2026-05-01T10:00:00+08:00",
         "order_id": "o-big", "amount": "5000.00", "category": "food", "payment": "other"},
    ]
    with transaction(engine) as session:
        ingest_events(session=session, events=events, now=NOW)
        member = session.get(Member, dora.id)
        issue_coupons(session=session, member=member, now=NOW)
        issue_coupons(session=session, member=member, now=NOW + timedelta(days=3))
        keys = sorted(c.source_key for c in session.exec(select(Coupon)))
    assert "tier:gift_pack:bronze" in keys
    assert keys.count("tier:gift_pack:bronze") == 1
