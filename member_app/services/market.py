"""The coupon market (SPEC 7): list an idle coupon for points, buy, withdraw.

- Price: 1 .. face value at the program's cash rate (JD 100 beans = 1 yuan; the others have no
  cash rate in SPEC, so 100 points = 1 yuan too, `DEFAULT_POINTS_PER_YUAN`).
- Members trade within their own program (points of different programs are different money),
  and demo members only with demo members: a demo account's password is public, so a real
  member must never sell to or buy from one (a listing of the other kind is "not found").
- Buying locks both members' accounts in id order, closes the listing with a conditional UPDATE
  (`WHERE status = 'open'`: one buyer wins, the others get 409 `sold`), spends the buyer's
  points, moves the coupon (conditional on the seller still owning it) with a 24-hour transfer
  lock, and credits the seller the price less floor(5%) -- all in one transaction. The seller's
  proceeds enter as a `task_completed` event so they become a FIFO lot with an expiry.
- A listing whose coupon has expired is not shown and cannot be bought: expiry ends it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

import rules
from member_app.errors import Conflict, InvalidInput, NotFound, OwnListing, Sold
from member_app.models import Coupon, Listing, Member, id_of
from member_app.services.coupons import coupon_state, describe
from member_app.services.idempotency import Outcome, run_once
from member_app.services.ledger_sync import lock_accounts
from member_app.services.points import credit_via_event, lock_account, locked_standing, spend
from member_app.services.programmes import in_force

DEFAULT_POINTS_PER_YUAN = 100
MAX_ID = 2**31 - 1


def fee_percent(program: rules.Program) -> int:
    """What the market keeps from a sale under `program` (the version in force at the sale;
    SPEC 7: 5%)."""
    return program.market.fee_percent


def transfer_lock(program: rules.Program) -> timedelta:
    """How long a bought coupon stays with its buyer (SPEC 7: 24 hours)."""
    return timedelta(hours=program.market.transfer_lock_hours)


def points_per_yuan(program: rules.Program) -> int:
    return program.points_per_yuan or DEFAULT_POINTS_PER_YUAN


def max_price(coupon: Coupon, program: rules.Program) -> int:
    return coupon.face_value_fen * points_per_yuan(program) // 100


def checked_id(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{name}: a positive integer id")
    return value


def list_coupon(*, session: Session, member: Member, coupon_id: int, price: int,
                now: datetime) -> Listing:
    coupon_id = checked_id(coupon_id, "coupon_id")
    if isinstance(price, bool) or not isinstance(price, int) or price < 1:
        raise InvalidInput("price: a positive integer number of points")
    lock_account(session=session, member_id=id_of(member))
    coupon = session.get(Coupon, coupon_id)
    if coupon is None or coupon.member_id != member.id:
        raise NotFound(f"coupon {coupon_id} not found", code="unknown_coupon")
    if coupon_state(coupon, now) != "unused":
        raise Conflict(f"coupon {coupon_id} is {coupon_state(coupon, now)}",
                       code="coupon_not_available")
    if not coupon.transferable:
        raise Conflict(f"coupon {coupon_id} is not transferable", code="not_transferable")
    if coupon.locked_until is not None and coupon.locked_until > now:
        raise Conflict(f"coupon {coupon_id} was just bought; transferable again at "
                       f"{coupon.locked_until.isoformat()}", code="transfer_locked")
    ceiling = max_price(coupon, in_force(session=session, code=member.program, at=now))
    if price > ceiling:
        raise InvalidInput(f"price: at most {ceiling} points (the face value)",
                           code="price_above_face_value")
    if session.exec(select(Listing.id).where(Listing.coupon_id == coupon.id,
                                             Listing.status == "open")).first():
        raise Conflict(f"coupon {coupon_id} is already listed", code="already_listed")
    listing = Listing(coupon_id=id_of(coupon), seller_id=id_of(member), price=price,
                      created_at=now)
    session.add(listing)
    session.flush()
    return listing


def open_listings(*, session: Session, member: Member, now: datetime) -> list[dict[str, Any]]:
    """Open listings of this member's program and kind (demo or real) whose coupon is still
    valid, cheapest first."""
    rows = session.exec(
        select(Listing, Coupon)
        .join(Coupon, col(Coupon.id) == Listing.coupon_id)
        .join(Member, col(Member.id) == Listing.seller_id)
        .where(Listing.status == "open", Coupon.valid_until > now,
               Coupon.member_id == Listing.seller_id, Member.program == member.program,
               Member.is_demo == member.is_demo)
        .order_by(col(Listing.price), col(Listing.id)).limit(500)
    ).all()
    return [{"id": listing.id, "price": listing.price, "own": listing.seller_id == member.id,
             "coupon": describe(coupon, now)} for listing, coupon in rows]


def buy(*, session: Session, member: Member, listing_id: int, idempotency_key: str | None,
        now: datetime) -> Outcome:
    """200 {coupon_id, price, balance}; 409 sold / own_listing; 404 unknown listing."""
    listing_id = checked_id(listing_id, "listing_id")
    seller_id = session.exec(select(Listing.seller_id).where(Listing.id == listing_id)).first()
    lock_accounts(session=session,
                  member_ids=[id_of(member)] + ([seller_id] if seller_id else []))
    return run_once(session=session, member=member, key=idempotency_key, scope="market_buy",
                    params={"listing_id": listing_id}, now=now, status=200,
                    action=lambda: _buy(session, member, listing_id, now))


def _buy(session: Session, member: Member, listing_id: int, now: datetime) -> dict[str, Any]:
    listing = session.get(Listing, listing_id)
    seller = session.get(Member, listing.seller_id) if listing else None
    if (listing is None or seller is None or seller.program != member.program
            or seller.is_demo != member.is_demo):
        raise NotFound(f"listing {listing_id} not found", code="unknown_listing")
    if listing.seller_id == member.id:
        raise OwnListing("you cannot buy your own listing")
    coupon = session.get(Coupon, listing.coupon_id)
    if listing.status == "open" and (coupon is None or coupon_state(coupon, now) != "unused"):
        raise Sold(f"listing {listing_id} has ended (the coupon expired)")
    closed = session.exec(
        update(Listing).where(col(Listing.id) == listing_id, col(Listing.status) == "open")
        .values(status="sold", buyer_id=member.id, closed_at=now))
    if closed.rowcount != 1:
        raise Sold(f"listing {listing_id} is no longer open")
    locked_standing(session=session, member=member, now=now)
    figures = in_force(session=session, code=seller.program, at=now)  # of the moment of sale
    balance = spend(session=session, member=member, points=listing.price, reason="market_buy",
                    ref=f"listing:{listing_id}", now=now)
    moved = session.exec(
        update(Coupon).where(col(Coupon.id) == listing.coupon_id,
                             col(Coupon.member_id) == seller.id, col(Coupon.status) == "unused")
        .values(member_id=member.id, locked_until=now + transfer_lock(figures)))
    if moved.rowcount != 1:
        raise Sold(f"listing {listing_id}: the coupon is no longer the seller's")
    proceeds = listing.price - listing.price * fee_percent(figures) // 100
    credit_via_event(session=session, member=seller, event_id=f"market-sale:{listing_id}",
                     task="coupon_sale", points=proceeds, now=now)
    return {"coupon_id": listing.coupon_id, "price": listing.price, "balance": balance,
            "listing_id": listing_id}


def withdraw(*, session: Session, member: Member, listing_id: int, now: datetime) -> None:
    listing_id = checked_id(listing_id, "listing_id")
    listing = session.get(Listing, listing_id)
    if listing is None or listing.seller_id != member.id:
        raise NotFound(f"listing {listing_id} not found", code="unknown_listing")
    end_as_withdrawn(session=session, listing_id=listing_id, now=now)


def end_as_withdrawn(*, session: Session, listing_id: int, now: datetime,
                     reason: str | None = None, operator_id: int | None = None) -> None:
    """Ends an open listing as withdrawn, by its seller or (with a reason) by an operator.

    Nothing else moves: a listed coupon never leaves its seller (only a sale moves it, in
    `_buy`), so ending the listing is what gives it back, and no owner or balance changes
    that would need a ledger entry. The UPDATE is conditional on the listing being open, as a
    sale's is: of a withdrawal and a sale, exactly one ends it; the other gets 409 `sold`."""
    ended = session.exec(
        update(Listing).where(col(Listing.id) == listing_id, col(Listing.status) == "open")
        .values(status="withdrawn", closed_at=now, withdrawn_reason=reason,
                withdrawn_by=operator_id))
    if ended.rowcount != 1:
        raise Sold(f"listing {listing_id} is no longer open")


def my_listings(*, session: Session, member: Member, now: datetime,
                limit: int = 100) -> list[dict[str, Any]]:
    """The member's own listings, newest first, each `open`, `sold`, `withdrawn` or `expired`
    (still open when its coupon expired: expiry ends it). One an operator withdrew says so,
    with the operator's reason (SPEC 12: the seller is shown it). The coupon is given by what
    it was when listed: a sold one is the buyer's now, and what became of it is theirs."""
    rows = session.exec(
        select(Listing, Coupon).join(Coupon, col(Coupon.id) == Listing.coupon_id)
        .where(Listing.seller_id == member.id)
        .order_by(col(Listing.id).desc()).limit(max(1, min(int(limit), 500)))).all()
    return [{"id": listing.id, "price": listing.price,
             "status": "expired" if listing.status == "open" and coupon.valid_until <= now
             else listing.status,
             "coupon": {"id": coupon.id, "name": coupon.name,
                        "face_value_fen": coupon.face_value_fen,
                        "min_spend_fen": coupon.min_spend_fen, "category": coupon.category,
                        "valid_until": coupon.valid_until.isoformat()},
             "created_at": listing.created_at.isoformat(),
             "closed_at": listing.closed_at.isoformat() if listing.closed_at else None,
             "withdrawn_by_operator": listing.withdrawn_by is not None,
             "withdrawn_reason": listing.withdrawn_reason} for listing, coupon in rows]
