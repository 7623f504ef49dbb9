"""Coupons (SPEC 4, 7, 8): the wallet, and granting what a member is owed now.

What is owed and how it is granted once is services.coupon_grants; grants are made where the
standing, PLUS or the birthday change, so reading the wallet writes nothing (issue #9).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

import rules
from member_app.models import Coupon, Member, PlusPeriod, id_of
from member_app.services.coupon_grants import due_coupons, grant
from member_app.services.overview import current_standing
from member_app.services.programmes import in_force


def coupon_state(coupon: Coupon, now: datetime) -> str:
    if coupon.status == "used":
        return "used"
    return "expired" if coupon.valid_until <= now else "unused"


def issue_coupons(*, session: Session, member: Member, now: datetime,
                  assessment: rules.Assessment | None = None) -> int:
    """Grant the coupons due at `now` (in a write transaction); how many were new."""
    assessment = assessment or current_standing(session=session, member=member, now=now)
    program = in_force(session=session, code=member.program, at=now)
    return grant(session, due_coupons(member=member, program=program, assessment=assessment,
                                      plus_active=plus_active(session, id_of(member), now),
                                      now=now))


def plus_active(session: Session, member_id: int, now: datetime) -> bool:
    """Whether a PLUS period of the member covers `now`."""
    return session.exec(select(PlusPeriod.id).where(
        PlusPeriod.member_id == member_id, PlusPeriod.starts_at <= now,
        PlusPeriod.ends_at > now)).first() is not None


def describe(coupon: Coupon, now: datetime) -> dict[str, Any]:
    return {
        "id": coupon.id, "name": coupon.name, "face_value_fen": coupon.face_value_fen,
        "min_spend_fen": coupon.min_spend_fen, "category": coupon.category,
        "valid_from": coupon.valid_from.isoformat(), "valid_until": coupon.valid_until.isoformat(),
        "transferable": coupon.transferable, "state": coupon_state(coupon, now),
        "locked_until": coupon.locked_until.isoformat() if coupon.locked_until else None,
        "used_at": coupon.used_at.isoformat() if coupon.used_at else None,
        "used_order_id": coupon.used_order_id,
    }


def wallet(*, session: Session, member: Member, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The member's coupons by state: {"unused": [...], "used": [...], "expired": [...]}.

    Only reads. What is due is granted when the standing is stored, so bring the standing
    forward first (services.overview.current_standing) in an earlier transaction: on SQLite a
    read transaction keeps the snapshot of its first read, and would miss what that granted."""
    coupons = session.exec(select(Coupon).where(Coupon.member_id == member.id)
                           .order_by(col(Coupon.valid_until), col(Coupon.id))).all()
    result: dict[str, list[dict[str, Any]]] = {"unused": [], "used": [], "expired": []}
    for coupon in coupons:
        result[coupon_state(coupon, now)].append(describe(coupon, now))
    return result
