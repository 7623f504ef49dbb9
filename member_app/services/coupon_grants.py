"""The coupons a member is owed at an instant, and granting them once (SPEC 4, 7, 8).

Each grant has a `source_key`, and UNIQUE (issued_to, source_key) makes it once however often
or concurrently it runs:
    badge:<category>:<level>           once per level per category, ever (SPEC 4)
    tier:<benefit>:<YYYY-MM>:<n>       monthly tier vouchers (free shipping), this month
    tier:birthday:<YYYY>               JD birthday coupon, in the birthday month, once a year
    tier:gift_pack:<tier>              JD gift pack, once per tier reached (the tier held now)
    plus:<name>:<YYYY-MM>:<n>          PLUS monthly pack and 5 free-shipping vouchers
Monthly coupons are valid until the end of the local month; "expired" is derived from
`valid_until` (no row changes when time passes). Tier benefits come from the assessment, so a
restricted member (benefits frozen) is granted none.

What is owed changes only with the member's standing (badges, tier, benefits; a new local
month makes the standing stale), their PLUS periods and their birthday, so grants are made
where those change (services.ledger_sync with every standing it stores, PLUS periods opening,
the birthday being set), never when a member merely looks at the wallet (issue #9).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col

import rules
from member_app.db import insert_for
from member_app.models import Coupon, Member
from member_app.services.coupon_data import (
    BADGE_COUPONS,
    BIRTHDAY_COUPON,
    FREE_SHIPPING,
    GIFT_PACK_DAYS,
    GIFT_PACKS,
    PLUS_PACK,
)


def due_coupons(*, member: Member, program: rules.Program, assessment: rules.Assessment,
                plus_active: bool, now: datetime) -> list[dict[str, Any]]:
    """The rows of every coupon owed to `member` at `now` (granted or not yet), under
    `program`, the version in force at `now`."""
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
    if plus_active:
        for spec in PLUS_PACK:
            grants += _monthly(f"plus:{spec['name']}:{month}", spec, 1, month_start, month_end)
        plus = program.plus
        if plus is not None and plus.free_shipping_per_month:
            grants += _monthly(f"plus:free_shipping:{month}", FREE_SHIPPING,
                               plus.free_shipping_per_month, month_start, month_end)
    return [{**grant, "member_id": member.id, "issued_to": member.id, "status": "unused",
             "issued_at": now} for grant in grants]


ROWS_PER_STATEMENT = 500  # x 12 columns: under SQLite's bound-parameter limit (32,766)


def grant(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the rows not granted before (a statement per 500 rows); how many were new."""
    insert = insert_for(session)
    new = 0
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        statement = (insert(Coupon).values(rows[start:start + ROWS_PER_STATEMENT])
                     .on_conflict_do_nothing(index_elements=["issued_to", "source_key"])
                     .returning(col(Coupon.id)))
        new += len(session.execute(statement).all())
    return new


def _monthly(prefix: str, spec: dict[str, Any], count: int, start: datetime,
             end: datetime) -> list[dict[str, Any]]:
    return [{**spec, "source_key": f"{prefix}:{n}", "valid_from": start, "valid_until": end}
            for n in range(count)]


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)
