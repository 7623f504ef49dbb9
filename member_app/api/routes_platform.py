"""The commerce platform: events in, monthly settlement, payment and coupon callbacks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from member_app.api.deps import DbDep, NowDep, PlatformDep
from member_app.api.schemas import CouponUseRequest, SettlementRequest
from member_app.services.coupon_use import use_coupon
from member_app.services.intake import accept_events
from member_app.services.payments import confirm_payment
from member_app.services.settlement import settle_month

router = APIRouter(prefix="/api/v1", tags=["platform"])


@router.post("/events")
def post_events(_platform: PlatformDep, db: DbDep, now: NowDep,
                events: list[Any] = Body(...)) -> dict:  # noqa: B008  (FastAPI idiom)
    result = db.run(lambda session: accept_events(session=session, events=events, now=now))
    return {"accepted": result.accepted, "duplicates": result.duplicates}


@router.post("/settlements")
def post_settlement(body: SettlementRequest, _platform: PlatformDep, db: DbDep,
                    now: NowDep) -> dict:
    result = db.run(lambda session: settle_month(session=session, month=body.month, now=now))
    return {"members": result.members, "month": result.month, "ran": result.ran}


@router.post("/payments/{order_id}/confirm")
def post_confirm_payment(_platform: PlatformDep, db: DbDep, now: NowDep,
                         order_id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict:
    """The provider's notification, relayed by the platform. No body: the outcome is asked of
    the provider itself, so this call can only make us look again, never fake a payment."""
    return db.run(lambda session: confirm_payment(session=session, order_id=order_id, now=now))


@router.post("/coupons/{coupon_id}/use")
def post_use_coupon(body: CouponUseRequest, _platform: PlatformDep, db: DbDep, now: NowDep,
                    coupon_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> dict:
    """Checkout used the member's coupon on an order (the same order again replays)."""
    return db.run(lambda session: use_coupon(
        session=session, coupon_id=coupon_id, member_ref=body.member, order_id=body.order_id,
        order_amount_fen=body.order_amount_fen, category=body.category, now=now))
