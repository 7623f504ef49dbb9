"""Recording the cash charges the app makes (the points+cash leg, the PLUS fee).

Every charge the provider answered gets a `payment_order` row keyed by the provider's order id,
written in the same transaction as what it pays for. A `pending` answer is not an error: the
order keeps its stock and points held (a redemption) or waits to open PLUS, and
`services.payments.confirm_payment` completes or releases it once the provider decides.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from member_app.models import Member, PaymentOrder, id_of
from member_app.payments import Charge

PENDING = "pending"


def record_charge(*, session: Session, member: Member, charge: Charge, purpose: str,
                  now: datetime, redemption_id: int | None = None,
                  plus_days: int | None = None) -> PaymentOrder:
    """The order row for a charge the provider succeeded or left pending (declines are not
    recorded: they roll back the whole request and are answered 409)."""
    order = session.get(PaymentOrder, charge.order_id)
    if order is None:
        order = PaymentOrder(
            order_id=charge.order_id, member_id=id_of(member), purpose=purpose,
            redemption_id=redemption_id, plus_days=plus_days, amount_fen=charge.amount_fen,
            status=charge.status, provider_ref=charge.provider_ref, created_at=now,
            decided_at=None if charge.status == PENDING else now)
        session.add(order)
        session.flush()
    return order
