"""PLUS savings (SPEC 13, issue #15): the statement against hand-computed figures, for a PLUS
member (this year and since joining) and for a member who never had it (the last 12 months).
NOW is 2026-11-22 12:00 in Shanghai; JD beans: 100 beans = 1 yuan, so a bean is a fen."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.models import Coupon, Member
from member_app.services.intake import accept_events
from tests.member_app.conftest import NOW, auth_header, make_members, platform_header

SAVINGS = "/api/v1/me/plus/savings"
LATER = NOW + timedelta(days=1)


def _events(engine, member: Member, now, *events: dict) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        accept_events(session=session, now=now, events=[
            {"member": member.id, "category": "food", **event} for event in events])


def _order(event_id: str, at: str, amount: str, **extra: object) -> dict:
    return {"id": event_id, "type": "order_paid", "at": at, "order_id": event_id,
            "amount": amount, **extra}


def _use_plus_coupon(client, engine, member: Member, source_prefix: str, order: str,  # type: ignore[no-untyped-def]
                     amount: int) -> None:
    with transaction(engine) as session:
        coupon = session.exec(select(Coupon).where(
            Coupon.member_id == member.id, Coupon.source_key.startswith(source_prefix))  # type: ignore[union-attr]
            .order_by(Coupon.id)).first()
    assert coupon is not None
    used = client.post(f"/api/v1/coupons/{coupon.id}/use", headers=platform_header(), json={
        "member": member.username, "order_id": order, "order_amount_fen": amount,
        "category": "shipping" if "shipping" in source_prefix else "food"})
    assert used.status_code == 200, used.text


def test_a_plus_members_statement_adds_up_by_hand(client, engine, clock, sandbox) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    joined = client.post("/api/v1/me/plus", json={"plan": "annual"},
                         headers={**auth_header(member), "Idempotency-Key": "join"})
    assert joined.status_code == 200, joined.text  # 149 yuan paid, November's coupons granted
    clock.now = LATER
    _events(engine, member, LATER,
            _order("before", "2026-10-01T10:00:00+08:00", "300"),  # before PLUS: nothing extra
            _order("big", "2026-11-23T10:00:00+08:00", "500"),  # 500 beans, not 50: +450
            _order("half", "2026-11-23T11:00:00+08:00", "200"),  # 200, not 20 ...
            {"id": "back", "type": "order_refunded", "at": "2026-11-23T11:30:00+08:00",
             "order_id": "half", "amount": "100"},  # ... half back: 100 against 10: +90
            _order("deal", "2026-11-23T12:00:00+08:00", "80", special=True))  # no rebate
    _use_plus_coupon(client, engine, member, "plus:free_shipping:", "ship-1", 1000)  # 6 yuan
    _use_plus_coupon(client, engine, member, "plus:plus_pack_10_off_99", "pack-1", 12000)  # 10
    answer = client.get(SAVINGS, headers=auth_header(member, LATER))
    assert answer.status_code == 200, answer.text
    expected = {"extra_beans": 540, "extra_beans_fen": 540, "free_shipping_used": 1,
                "free_shipping_fen": 600, "pack_used": 1, "pack_fen": 1000, "video_months": 1,
                "video_fen": 1500, "fee_fen": 14900, "saved_fen": 540 + 600 + 1000 + 1500,
                "net_fen": 3640 - 14900}
    body = answer.json()
    assert body["member"] is True and body["would_have"] is None
    assert body["this_year"] == expected and body["since_joining"] == expected


def test_a_trial_and_a_tier_voucher_save_nothing(client, engine, clock, sandbox) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    client.post("/api/v1/me/plus", json={"plan": "trial"},
                headers={**auth_header(member), "Idempotency-Key": "trial"})
    with transaction(engine) as session:
        session.add(Coupon(member_id=member.id, issued_to=member.id, source_key="tier:x:1",
                           name="free_shipping", face_value_fen=600, category="shipping",
                           valid_from=NOW, valid_until=NOW + timedelta(days=9),
                           issued_at=NOW))
    _use_plus_coupon(client, engine, member, "tier:x", "ship-t", 1000)
    body = client.get(SAVINGS, headers=auth_header(member)).json()
    # a trial brings no video month and costs nothing; the tier's voucher is not PLUS's
    assert body["since_joining"] == {
        "extra_beans": 0, "extra_beans_fen": 0, "free_shipping_used": 0, "free_shipping_fen": 0,
        "pack_used": 0, "pack_fen": 0, "video_months": 0, "video_fen": 0, "fee_fen": 0,
        "saved_fen": 0, "net_fen": 0}


def test_a_member_without_plus_sees_the_last_twelve_months(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    _events(engine, member, NOW,
            _order("old", "2025-11-30T10:00:00+08:00", "1000"),  # November 2025: not counted
            _order("jan", "2026-01-05T10:00:00+08:00", "1000"),  # 100 beans; PLUS: 1,000: +900
            _order("nov", "2026-11-02T10:00:00+08:00", "59.90"),  # 5; PLUS 50: +45
            _order("gone", "2026-11-03T10:00:00+08:00", "500"),
            {"id": "all-back", "type": "order_refunded", "at": "2026-11-04T10:00:00+08:00",
             "order_id": "gone", "amount": "500"},  # refunded in full: nothing either way
            _order("deal", "2026-11-05T10:00:00+08:00", "900", special=True))
    body = client.get(SAVINGS, headers=auth_header(member)).json()
    assert body["member"] is False and body["this_year"] is None
    assert body["would_have"] == {
        "extra_beans": 945, "extra_beans_fen": 945, "free_shipping_used": 0,
        "free_shipping_fen": 0, "pack_used": 0, "pack_fen": 0, "video_months": 1,
        "video_fen": 1500, "fee_fen": 14900, "saved_fen": 945 + 1500,
        "net_fen": 2445 - 14900}


def test_plus_savings_is_refused_outside_jd(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="a")
    answer = client.get(SAVINGS, headers=auth_header(member))
    assert answer.status_code == 409 and answer.json()["error"] == "plus_not_offered"
