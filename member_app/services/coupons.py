"""Coupons (SPEC 4, 7, 8): issuing what a member is owed, and the wallet.

Issuance is lazy and idempotent: `issue_coupons` (run before the wallet is shown) grants what
is due now; each grant has a `source_key` and UNIQUE (issued_to, source_key) makes it once
however often or concurrently it runs:
    badge:<category>:<level>           once per level per category, ever (SPEC 4)
    tier:<benefit>:<YYYY-MM>:<n>       monthly tier vouchers (free shipping), this month
    tier:birthday:<YYYY>               JD birthday coupon, in the birthday month, once a year
    tier:gift_pack:<tier>              JD gift pack, once per tier reached (the tier held now)
    plus:<name>:<YYYY-MM>:<n>          PLUS monthly pack and 5 free-shipping vouchers
Monthly coupons are valid until the end of the local month; "expired" is derived from
`valid_until` (no row changes when time passes). Tier benefits come from the assessment, so a
restricted member (benefits frozen) is granted none.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

import rules
from member_app.models import Coupon, Member, PlusPeriod, id_of
from member_app.services.coupon_data import (
    BADGE_COUPONS,
    BIRTHDAY_COUPON,
    FREE_SHIPPING,
    GIFT_PACK_DAYS,
    GIFT_PACKS,
    PLUS_FREE_SHIPPING_PER_MONTH,
    PLUS_PACK,
)
from member_app.services.overview import current_standing


def coupon_state(coupon: Coupon, now: datetime) -> str:
    if coupon.status == "used":
        return "used"
    return "expired" if coupon.valid_until <= now else "unused"


def issue_coupons(*, session: Session, member: Member, now: datetime,
                  assessment: rules.Assessment | None = None) -> int:
    """Grant the coupons due at `now`; how many were new."""
    program = rules.load_program(member.program)
    assessment = assessment or current_standing(session=session, member=member, now=now)
    today = assessment.today
    month = f"{today.year:04d}-{today.month:02d}"
    month_start = datetime.combine(today.replace(day=1), time(), program.tz)
    month_end = datetime.combine(_next_month(today), time(), program.tz)
    grants: list[dict[str, Any]] = []
    for category, badge in assessment.badges.items():
        for level in badge.levels_reached:
            face, min_spend, days = BADGE_COUPONS.get(level, (0, 0, 0))
            if face:
                grants.append({"source_key": f"badge:{category}:{level}",
                               "name": f"badge_{level}", "face_value_fen": face,
                               "min_spend_fen": min_spend, "category": category,
                               "transferable": True, "valid_from": now,
                               "valid_until": now + timedelta(days=days)})
    for benefit in assessment.benefits:
        if benefit.code == "free_shipping" and benefit.monthly:
            grants += _monthly(f"tier:{benefit.code}:{month}", FREE_SHIPPING, benefit.monthly,
                               month_start, month_end)
        elif (benefit.code == "birthday_coupon" and member.birthday is not None
              and member.birthday.month == today.month):
            grants.append({**BIRTHDAY_COUPON, "source_key": f"tier:birthday:{today.year:04d}",
                           "valid_from": month_start, "valid_until": month_end})
        elif benefit.code == "gift_pack" and assessment.tier in GIFT_PACKS:
            face, min_spend = GIFT_PACKS[assessment.tier]
            grants.append({"source_key": f"tier:gift_pack:{assessment.tier}",
                           "name": f"gift_pack_{assessment.tier}", "face_value_fen": face,
                           "min_spend_fen": min_spend, "category": None, "transferable": False,
                           "valid_from": now, "valid_until": now + timedelta(days=GIFT_PACK_DAYS)})
    if _plus_active(session, id_of(member), now):
        for spec in PLUS_PACK:
            grants += _monthly(f"plus:{spec['name']}:{month}", spec, 1, month_start, month_end)
        grants += _monthly(f"plus:free_shipping:{month}", FREE_SHIPPING,
                           PLUS_FREE_SHIPPING_PER_MONTH, month_start, month_end)
    if not grants:
        return 0
    rows = [{**g, "member_id": member.id, "issued_to": member.id, "status": "unused",
             "issued_at": now} for g in grants]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (insert(Coupon).values(rows)
                 .on_conflict_do_nothing(index_elements=["issued_to", "source_key"])
                 .returning(col(Coupon.id)))
    return len(session.execute(statement).all())


def _monthly(prefix: str, spec: dict[str, Any], count: int, start: datetime,
             end: datetime) -> list[dict[str, Any]]:
    return [{**spec, "source_key": f"{prefix}:{n}", "valid_from": start, "valid_until": end}
            for n in range(count)]


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _plus_active(session: Session, member_id: int, now: datetime) -> bool:
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

    Issues what is due first (that writes: call it in a transaction)."""
    issue_coupons(session=session, member=member, now=now)
    coupons = session.exec(select(Coupon).where(Coupon.member_id == member.id)
                           .order_by(col(Coupon.valid_until), col(Coupon.id))).all()
    result: dict[str, list[dict[str, Any]]] = {"unused": [], "used": [], "expired": []}
    for coupon in coupons:
        result[coupon_state(coupon, now)].append(describe(coupon, now))
    return result
