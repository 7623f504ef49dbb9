"""Deciding pending payments (SPEC 6 points+cash, SPEC 8 PLUS fee).

A charge the provider answers `pending` leaves its order open: a redemption keeps its stock and
its points held (the spend entry is the hold), PLUS waits to open. `confirm_payment` asks the
PROVIDER how the charge stands (the caller's word is never taken: a forged confirm can only make
us look again) and then, once, under the member's account lock and a conditional UPDATE:

    succeeded  -> the redemption is completed / the PLUS period opens (starting now)
    declined   -> the redemption is released: stock returned, points given back
                  (`release:redemption:<id>`, the hold drops out of the rules replay)
    still pending after PENDING_TIMEOUT -> the charge is cancelled at the provider first (so it
                  can never succeed afterwards), then released as `expired`

Any later confirm of a decided order changes nothing and says so (`changed: false`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from member_app.errors import NotFound
from member_app.models import CatalogItem, Member, PaymentOrder, Redemption
from member_app.payments import Charge, get_provider
from member_app.services.payment_orders import PENDING
from member_app.services.plus import open_period
from member_app.services.points import lock_account, release

PENDING_TIMEOUT = timedelta(hours=24)  # a bank transfer has a day to clear
MAX_ORDER_ID = 128


def confirm_payment(*, session: Session, order_id: str, now: datetime) -> dict[str, Any]:
    """{order_id, purpose, status, changed}: the order decided as the provider says, once."""
    # NUL: no order id has one, and PostgreSQL cannot even compare it (a 500, not a 404).
    if not isinstance(order_id, str) or not 1 <= len(order_id) <= MAX_ORDER_ID \
            or "\x00" in order_id:
        raise NotFound("unknown payment order", code="unknown_order")
    member_id = session.exec(select(PaymentOrder.member_id)
                             .where(PaymentOrder.order_id == order_id)).first()
    if member_id is None:
        raise NotFound(f"payment order {order_id!r} not found", code="unknown_order")
    lock_account(session=session, member_id=member_id)  # one decision at a time per member
    order = session.exec(select(PaymentOrder).where(PaymentOrder.order_id == order_id)
                         .execution_options(populate_existing=True)).one()
    if order.status != PENDING:
        return _answer(order, changed=False)
    provider = get_provider()
    charge = provider.status(order_id=order_id)
    status = charge.status if charge else PENDING
    if status == PENDING:
        if now - order.created_at < PENDING_TIMEOUT:
            return _answer(order, changed=False)
        charge = provider.cancel(order_id=order_id)
        status = "expired" if charge is None or charge.status != "succeeded" else "succeeded"
    decided = session.exec(
        update(PaymentOrder).where(col(PaymentOrder.order_id) == order_id,
                                   col(PaymentOrder.status) == PENDING)
        .values(status=status, decided_at=now))
    if decided.rowcount != 1:  # decided meanwhile (the lock makes this a backstop only)
        session.refresh(order)
        return _answer(order, changed=False)
    member = session.get(Member, member_id)
    assert member is not None  # the order's member: members are never deleted
    if status == "succeeded":
        _complete(session, member, order, charge, now)
    else:
        _release(session, member, order, now)
    session.refresh(order)
    return _answer(order, changed=True)


def release_stale_payments(*, session: Session, now: datetime) -> int:
    """Confirm every order pending longer than PENDING_TIMEOUT (the nightly sweep); how many
    were decided."""
    stale = session.exec(select(PaymentOrder.order_id).where(
        PaymentOrder.status == PENDING,
        PaymentOrder.created_at <= now - PENDING_TIMEOUT)).all()
    return sum(confirm_payment(session=session, order_id=order_id, now=now)["changed"]
               for order_id in stale)


def _complete(session: Session, member: Member, order: PaymentOrder, charge: Charge | None,
              now: datetime) -> None:
    if order.purpose == "plus":
        open_period(session=session, member=member, plan="annual",
                    ref=f"order:{order.order_id}", days=order.plus_days or 0, now=now)
        return
    session.execute(update(Redemption).where(col(Redemption.id) == order.redemption_id)
                    .values(status="completed",
                            payment_ref=charge.provider_ref if charge else None))


def _release(session: Session, member: Member, order: PaymentOrder, now: datetime) -> None:
    if order.purpose != "redemption":
        return  # PLUS holds nothing while pending
    redemption = session.get(Redemption, order.redemption_id)
    assert redemption is not None  # a redemption order names its redemption (same transaction)
    session.execute(update(Redemption).where(col(Redemption.id) == redemption.id)
                    .values(status="released"))
    session.execute(update(CatalogItem).where(col(CatalogItem.id) == redemption.item_id,
                                              col(CatalogItem.stock).is_not(None))
                    .values(stock=col(CatalogItem.stock) + redemption.quantity))
    if redemption.points_spent:
        release(session=session, member=member, ref=f"redemption:{redemption.id}", now=now)


def _answer(order: PaymentOrder, *, changed: bool) -> dict[str, Any]:
    return {"order_id": order.order_id, "purpose": order.purpose, "status": order.status,
            "changed": changed}
