"""Operators see the coupon market and withdraw listings (SPEC 12, issue #14).

- A withdrawal ends the listing as the seller's own withdrawal does (`market.end_as_withdrawn`:
  the coupon never left the seller, so no owner or balance changes), and keeps the operator's
  reason on the listing, where the seller's list of listings shows it.
- A buyer may be racing the operator. The seller's account is locked first, the lock
  `market.buy` takes too (with the buyer's), so the two run one after the other, and the
  listing is ended by the same conditional UPDATE (`WHERE status = 'open'`) a sale uses: exactly
  one of them wins, the other is refused (the buyer 409 `sold`, the operator 409
  `listing_not_open`) and changes nothing.
- The same Idempotency-Key again answers the listing as it is (withdrawn) and writes nothing;
  it is looked up under that lock, so two deliveries of one key take turns.
- The audit entry (before, after, reason) is written in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from member_app.errors import Conflict, IdempotencyKeyReused, InvalidInput, NotFound
from member_app.models import Coupon, Listing, Member, Operator, id_of
from member_app.services.audit import earlier_request, record_audit
from member_app.services.coupons import describe
from member_app.services.market import checked_id, end_as_withdrawn
from member_app.services.operators import require_admin
from member_app.services.points import lock_account

STATUSES = ("all", "open", "sold", "withdrawn")
MAX_REASON = 500
MAX_PAGE = 500
ACTION = "market.withdraw"
AUDITED = ("status", "seller_id", "coupon_id", "price", "closed_at", "withdrawn_reason")


def operator_listings(*, session: Session, now: datetime, status: str = "all",
                      limit: int = 100) -> list[dict[str, Any]]:
    """Listings of every programme, newest first, with seller, buyer and coupon."""
    if status not in STATUSES:
        raise InvalidInput(f"status: one of {', '.join(STATUSES)}")
    query = _with_names()
    if status != "all":
        query = query.where(Listing.status == status)
    rows = session.exec(query.order_by(col(Listing.id).desc())
                        .limit(max(1, min(int(limit), MAX_PAGE)))).all()
    return _views(session, rows, now)


def withdraw_listing(*, session: Session, operator: Operator, listing_id: int, reason: str,
                     now: datetime, request_key: str | None = None) -> dict[str, Any]:
    """Admins only: ends an open listing, with a reason the seller sees; the listing as
    operators see it after. 404 `unknown_listing`; 409 `listing_not_open`."""
    require_admin(operator)
    listing_id = checked_id(listing_id, "listing_id")
    reason = _reason(reason)
    seller_id = session.exec(select(Listing.seller_id).where(Listing.id == listing_id)).first()
    if seller_id is None:
        raise NotFound(f"listing {listing_id} not found", code="unknown_listing")
    lock_account(session=session, member_id=seller_id)  # market.buy's lock: one at a time
    listing = session.exec(select(Listing).where(Listing.id == listing_id)
                           .with_for_update()).one()
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action=ACTION)
    if earlier is not None:
        if earlier.subject != _subject(listing_id) or earlier.reason != reason:
            raise IdempotencyKeyReused("Idempotency-Key: already used for another withdrawal",
                                       code="idempotency_key_reused")
        return _listing(session, listing_id, now)
    if listing.status != "open":
        raise Conflict(f"listing {listing_id} is {listing.status}, no longer open",
                       code="listing_not_open")
    before = _audited(listing)
    end_as_withdrawn(session=session, listing_id=listing_id, now=now, reason=reason,
                     operator_id=id_of(operator))
    session.expire(listing)  # the UPDATE went around the ORM
    record_audit(session=session, operator=operator, action=ACTION,
                 subject=_subject(listing_id), before=before, after=_audited(listing),
                 reason=reason, now=now, request_key=request_key)
    return _listing(session, listing_id, now)


def _with_names() -> Any:
    """Listings with their coupon and the names of their seller and buyer."""
    seller, buyer = aliased(Member), aliased(Member)
    return (select(Listing, Coupon, seller.username, buyer.username)
            .join(Coupon, col(Coupon.id) == Listing.coupon_id)
            .join(seller, col(seller.id) == Listing.seller_id)
            .outerjoin(buyer, col(buyer.id) == Listing.buyer_id))


def _listing(session: Session, listing_id: int, now: datetime) -> dict[str, Any]:
    (view,) = _views(session, session.exec(_with_names().where(Listing.id == listing_id)).all(),
                     now)
    return view


def _views(session: Session, rows: Sequence[Any], now: datetime) -> list[dict[str, Any]]:
    by = {listing.withdrawn_by for listing, *_ in rows if listing.withdrawn_by is not None}
    operators = dict(session.exec(select(Operator.id, Operator.name)
                                  .where(col(Operator.id).in_(by))).all()) if by else {}
    return [_view(listing, coupon, now, seller_name, buyer_name,
                  operators.get(listing.withdrawn_by))
            for listing, coupon, seller_name, buyer_name in rows]


def _view(listing: Listing, coupon: Coupon, now: datetime, seller_name: str,
          buyer_name: str | None, operator_name: str | None) -> dict[str, Any]:
    return {"id": listing.id, "status": listing.status, "price": listing.price,
            "seller": {"id": listing.seller_id, "username": seller_name},
            "buyer": ({"id": listing.buyer_id, "username": buyer_name}
                      if listing.buyer_id is not None else None),
            "coupon": describe(coupon, now),
            "created_at": listing.created_at.isoformat(),
            "closed_at": listing.closed_at.isoformat() if listing.closed_at else None,
            "withdrawn_by": operator_name, "withdrawn_reason": listing.withdrawn_reason}


def _audited(listing: Listing) -> dict[str, Any]:
    values = {key: getattr(listing, key) for key in AUDITED}
    values["closed_at"] = listing.closed_at.isoformat() if listing.closed_at else None
    return values


def _subject(listing_id: int) -> str:
    return f"listing:{listing_id}"


def _reason(reason: str) -> str:
    """Required: the seller is shown it. No NUL (PostgreSQL text cannot hold one)."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > MAX_REASON or "\x00" in text:
        raise InvalidInput(f"reason: why, in 1-{MAX_REASON} characters (the seller is shown "
                           "it)")
    return text
