"""The commerce platform: events in, monthly settlement, payment and coupon callbacks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

import rules
from member_app.api.deps import DbDep, NowDep, PlatformDep
from member_app.api.openapi import PLATFORM_AUTH, errors
from member_app.api.schemas import MAX_ID, CouponUseRequest, SettlementRequest
from member_app.services.coupon_use import use_coupon
from member_app.services.events import MAX_BATCH
from member_app.services.intake import accept_events
from member_app.services.payments import confirm_payment
from member_app.services.settlement import settle_month

router = APIRouter(prefix="/api/v1", tags=["platform"], responses=PLATFORM_AUTH)
# The body stays `list[Any]` at run time: `rules.parse_event` is the one place that knows an
# event, and names the index and field of the first bad one. The schema states the shape it
# checks first; each type's own fields are in SPEC section 1 (docs/domain.md).
EVENTS_SCHEMA = {
    "type": "array", "maxItems": MAX_BATCH,
    "items": {
        "type": "object", "required": ["member", "id", "type", "at"],
        "properties": {
            "member": {"anyOf": [{"type": "integer"}, {"type": "string"}],
                       "description": "the member's id or username"},
            "id": {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 128,
                              "pattern": "^[^\\x00]*$"}, {"type": "integer"}],
                   "description": "the event's id: the same id again counts once"},
            "type": {"enum": list(rules.EVENT_TYPES)},
            "at": {"type": "string", "description": "ISO 8601 with a UTC offset"},
        },
    },
}


@router.post("/events", responses=errors({
    422: "the first bad event, by index and field (`events[3].amount: ...`): a malformed "
         "event, one its type's rules refuse, or a member that does not exist; nothing is "
         "stored",
}))
def post_events(_platform: PlatformDep, db: DbDep, now: NowDep,
                events: list[Any] = Body(json_schema_extra=EVENTS_SCHEMA),  # noqa: B008
                ) -> dict:
    result = db.run(lambda session: accept_events(session=session, events=events, now=now))
    return {"accepted": result.accepted, "duplicates": result.duplicates}


@router.post("/settlements", responses=errors({422: "not a month as YYYY-MM (`invalid_input`)"}))
def post_settlement(body: SettlementRequest, _platform: PlatformDep, db: DbDep,
                    now: NowDep) -> dict:
    result = db.run(lambda session: settle_month(session=session, month=body.month, now=now))
    return {"members": result.members, "month": result.month, "ran": result.ran}


@router.post("/payments/{order_id}/confirm", responses=errors({
    404: "no such payment order (`unknown_order`)"}))
def post_confirm_payment(_platform: PlatformDep, db: DbDep, now: NowDep,
                         order_id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict:
    """The provider's notification, relayed by the platform. No body: the outcome is asked of
    the provider itself, so this call can only make us look again, never fake a payment."""
    return db.run(lambda session: confirm_payment(session=session, order_id=order_id, now=now))


@router.post("/coupons/{coupon_id}/use", responses=errors({
    404: "no such member, or no such coupon of theirs (`unknown_member`, `unknown_coupon`)",
    409: "the coupon cannot pay for this order (`coupon_used`, `coupon_expired`, "
         "`coupon_not_yet_valid`, `coupon_listed`, `category_mismatch`, `min_spend_not_met`)",
}))
def post_use_coupon(body: CouponUseRequest, _platform: PlatformDep, db: DbDep, now: NowDep,
                    coupon_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict:
    """Checkout used the member's coupon on an order (the same order again replays)."""
    return db.run(lambda session: use_coupon(
        session=session, coupon_id=coupon_id, member_ref=body.member, order_id=body.order_id,
        order_amount_fen=body.order_amount_fen, category=body.category, now=now))
