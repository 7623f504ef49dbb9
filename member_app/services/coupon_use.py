"""Using a coupon at checkout (SPEC 7): the commerce platform marks it used for an order.

The owner's account row is locked first (as listing and buying do), so a coupon cannot be
used while it is being listed or sold, and the conditional UPDATE (`status = 'unused'` and
still this owner) is the backstop. Using it again for the SAME order answers the first use
(the platform may retry a lost answer); for another order it is 409 `coupon_used`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from member_app.errors import Conflict, InvalidInput, NotFound
from member_app.models import Coupon, Listing, id_of
from member_app.services.members import find_member
from member_app.services.points import lock_account

MAX_ID = 2**31 - 1
SHIPPING = "shipping"  # free-shipping vouchers pay the shipping fee, whatever is bought


def use_coupon(*, session: Session, coupon_id: int, member_ref: int | str, order_id: str,
               order_amount_fen: int, category: str | None, now: datetime) -> dict[str, Any]:
    """{coupon_id, member_id, order_id, discount_fen, used_at, replayed}; 404 unknown (or not
    this member's) coupon; 409 coupon_used, coupon_expired, coupon_not_yet_valid,
    coupon_listed, category_mismatch, min_spend_not_met."""
    _check_input(coupon_id, order_id, order_amount_fen, category)
    member = find_member(session=session, ref=member_ref)
    lock_account(session=session, member_id=id_of(member))
    coupon = session.exec(select(Coupon).where(Coupon.id == coupon_id)
                          .execution_options(populate_existing=True)).first()
    if coupon is None or coupon.member_id != member.id:
        raise NotFound(f"coupon {coupon_id} not found", code="unknown_coupon")
    if coupon.status == "used":
        if coupon.used_order_id == order_id:
            return _answer(coupon, order_amount_fen, replayed=True)
        raise Conflict(f"coupon {coupon_id} was already used", code="coupon_used")
    _refuse_unusable(session, coupon, order_amount_fen, category, now)
    used = session.exec(
        update(Coupon).where(col(Coupon.id) == coupon.id, col(Coupon.member_id) == member.id,
                             col(Coupon.status) == "unused")
        .values(status="used", used_at=now, used_order_id=order_id))
    if used.rowcount != 1:
        raise Conflict(f"coupon {coupon_id} was already used", code="coupon_used")
    session.refresh(coupon)
    return _answer(coupon, order_amount_fen, replayed=False)


def _check_input(coupon_id: Any, order_id: Any, amount: Any, category: Any) -> None:
    if isinstance(coupon_id, bool) or not isinstance(coupon_id, int) \
            or not 1 <= coupon_id <= MAX_ID:
        raise InvalidInput("coupon id: a positive integer")
    if not isinstance(order_id, str) or not 1 <= len(order_id) <= 128 \
            or not order_id.isprintable():
        raise InvalidInput("order_id: 1-128 printable characters")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= 10**12:
        raise InvalidInput("order_amount_fen: a positive integer number of fen")
    if category is not None and (not isinstance(category, str) or len(category) > 32):
        raise InvalidInput("category: at most 32 characters")


def _refuse_unusable(session: Session, coupon: Coupon, amount: int, category: str | None,
                     now: datetime) -> None:
    if coupon.valid_from > now:
        raise Conflict(f"coupon {coupon.id} is valid from {coupon.valid_from.isoformat()}",
                       code="coupon_not_yet_valid")
    if coupon.valid_until <= now:
        raise Conflict(f"coupon {coupon.id} has expired", code="coupon_expired")
    listed = session.exec(select(Listing.id).where(Listing.coupon_id == coupon.id,
                                                   Listing.status == "open")).first()
    if listed is not None:
        raise Conflict(f"coupon {coupon.id} is listed on the market (listing {listed}); "
                       "withdraw it first", code="coupon_listed")
    if coupon.category not in (None, SHIPPING) and category != coupon.category:
        raise Conflict(f"coupon {coupon.id} is for {coupon.category} only",
                       code="category_mismatch")
    if amount < coupon.min_spend_fen:
        raise Conflict(f"coupon {coupon.id} needs an order of at least "
                       f"{coupon.min_spend_fen} fen", code="min_spend_not_met")


def _answer(coupon: Coupon, amount: int, *, replayed: bool) -> dict[str, Any]:
    return {"coupon_id": coupon.id, "member_id": coupon.member_id,
            "order_id": coupon.used_order_id, "discount_fen": min(coupon.face_value_fen, amount),
            "used_at": coupon.used_at.isoformat() if coupon.used_at else None,
            "replayed": replayed}
