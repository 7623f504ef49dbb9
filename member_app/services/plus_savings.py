"""What PLUS saved a member, against what it cost (SPEC 13, issue #15): a read, writing nothing.

A statement for this local year and since the member's first PLUS period, each part in fen:
- extra beans: what the x10 rebate added to orders paid in a PLUS period, net of refunds
  (rules.jd's `plus_beans`, stored with the standing), at the beans' cash value (JD: 100
  beans = 1 yuan; `[points] per_yuan`);
- free-shipping vouchers and monthly-pack coupons that PLUS granted this member and that they
  used themselves, at face value (a pack coupon sold on the market saved the buyer, not them:
  its proceeds are beans already counted in the ledger, not here);
- the video-site VIP month, one per paid or code period begun, valued at what the same month
  costs in the catalog (`video_vip_month`, beans at their cash value); a trial has none;
- against the annual fees actually paid (succeeded payment orders; trials and codes cost 0).

A member who never had PLUS sees what it would have saved over the last 12 local months: the
extra beans on their own orders (exact: rules computes the rebate both ways) and the video
month, against today's fee. Vouchers are left out of that figure: nothing says they would
have been used, and the statement claims only what is certain. Months and years are local to
the programme.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

import rules
from member_app.models import CatalogItem, Coupon, Member, PaymentOrder, PlusPeriod
from member_app.services.market import points_per_yuan
from member_app.services.overview import current_standing
from member_app.services.programmes import in_force
from rules.localtime import add_months, first_of_month, month_key

VIDEO_ITEM = "video_vip_month"
PAID_PLANS = ("annual", "code")  # the periods that come with the video month
MONTHS_LOOKED_BACK = 12


@dataclass(frozen=True)
class Savings:
    """One statement: each part in fen (beans as a count too) and the fee against them."""

    extra_beans: int = 0
    extra_beans_fen: int = 0
    free_shipping_used: int = 0
    free_shipping_fen: int = 0
    pack_used: int = 0
    pack_fen: int = 0
    video_months: int = 0
    video_fen: int = 0
    fee_fen: int = 0

    @property
    def saved_fen(self) -> int:
        return self.extra_beans_fen + self.free_shipping_fen + self.pack_fen + self.video_fen

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "saved_fen": self.saved_fen,
                "net_fen": self.saved_fen - self.fee_fen}


def plus_savings(*, session: Session, member: Member, now: datetime,
                 standing: rules.Assessment | None = None) -> dict[str, Any] | None:
    """{member, this_year, since_joining, would_have} (None outside JD: no PLUS there). For a
    member who had PLUS, `would_have` is None; otherwise the two statements are None.
    `standing` is the member's current standing when the caller already holds it."""
    program = in_force(session=session, code=member.program, at=now)
    if program.plus is None:
        return None
    assert member.id is not None
    if standing is None:
        standing = current_standing(session=session, member=member, now=now)
    plus_beans = standing.plus_beans
    today = now.astimezone(program.tz).date()
    periods = list(session.exec(select(PlusPeriod).where(PlusPeriod.member_id == member.id)))
    video_fen = _video_month_fen(session, program)
    if not periods:
        first = month_key(add_months(first_of_month(today), 1 - MONTHS_LOOKED_BACK))
        beans = sum(part.missed for month, part in plus_beans.items() if month >= first)
        would = Savings(extra_beans=beans, extra_beans_fen=_bean_fen(program, beans),
                        video_months=1, video_fen=video_fen,
                        fee_fen=program.plus.annual_fee_fen)
        return {"member": False, "this_year": None, "since_joining": None,
                "would_have": would.as_dict()}
    year_start = datetime(today.year, 1, 1, tzinfo=program.tz)
    statements = {}
    for name, since, months in (
            ("this_year", year_start, {m: p for m, p in plus_beans.items()
                                       if m.startswith(f"{today.year:04d}-")}),
            ("since_joining", None, plus_beans)):
        statements[name] = _statement(session, program, member.id, periods, since, months,
                                      video_fen).as_dict()
    return {"member": True, **statements, "would_have": None}


def _statement(session: Session, program: rules.Program, member_id: int,
               periods: list[PlusPeriod], since: datetime | None,
               plus_beans: Mapping[str, rules.PlusBeans], video_fen: int) -> Savings:
    beans = sum(part.earned for part in plus_beans.values())
    shipping_used, shipping_fen = _coupons_used(session, member_id, since, "plus:free_shipping:")
    pack_used, pack_fen = _coupons_used(session, member_id, since, "plus:plus_pack_")
    videos = sum(1 for period in periods if period.plan in PAID_PLANS
                 and (since is None or period.starts_at >= since))
    fee = select(func.coalesce(func.sum(PaymentOrder.amount_fen), 0)).where(
        PaymentOrder.member_id == member_id, PaymentOrder.purpose == "plus",
        PaymentOrder.status == "succeeded")
    if since is not None:
        fee = fee.where(col(PaymentOrder.created_at) >= since)
    return Savings(extra_beans=beans, extra_beans_fen=_bean_fen(program, beans),
                   free_shipping_used=shipping_used, free_shipping_fen=shipping_fen,
                   pack_used=pack_used, pack_fen=pack_fen, video_months=videos,
                   video_fen=videos * video_fen, fee_fen=int(session.exec(fee).one()))


def _coupons_used(session: Session, member_id: int, since: datetime | None,
                  source: str) -> tuple[int, int]:
    """How many PLUS coupons granted to the member (`source` prefix) they used, and their
    face value."""
    query = select(func.count(), func.coalesce(func.sum(Coupon.face_value_fen), 0)).where(
        Coupon.issued_to == member_id, Coupon.member_id == member_id, Coupon.status == "used",
        col(Coupon.source_key).startswith(source))
    if since is not None:
        query = query.where(col(Coupon.used_at) >= since)
    count, fen = session.exec(query).one()
    return int(count), int(fen)


def _video_month_fen(session: Session, program: rules.Program) -> int:
    points = session.exec(select(CatalogItem.points).where(
        CatalogItem.code == VIDEO_ITEM,
        col(CatalogItem.program).is_(None) | (CatalogItem.program == program.code))).first()
    return _bean_fen(program, points or 0)


def _bean_fen(program: rules.Program, beans: int) -> int:
    """Beans at their cash value, in fen, rounded down, at the rate the economy and the market
    use (JD: 100 beans = 1 yuan)."""
    return beans * 100 // points_per_yuan(program)
