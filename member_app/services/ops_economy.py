"""The programme's economy for operators (SPEC 12, issue #14): points issued, spent, expired
and outstanding by month, by source and by sink; the outstanding liability at its cash value;
members per tier and how they moved at the last JD settlement.

Everything is a few aggregate statements over the ledger, the balances and the settlements,
whatever the number of members (bench/economy.py measures it at 100,000):
- the month of a ledger entry is its `effective_at` in the programme's zone; the months are
  bounds computed here and compared in SQL (a CASE over the window's months), so one
  statement groups the window by month and reason on SQLite and PostgreSQL alike;
- outstanding at a month's end is the sum of every entry before that end: the sum before the
  window (one statement) plus the window's monthly nets;
- the liability counts positive balances only: a member's unpaid debt after a late refund
  (SPEC 6) is not a credit against another member's points. At the programme's rate
  (points_per_yuan; JD: 100 beans = 1 yuan), in whole fen, rounded down;
- the games and the market fee are sinks against inflation (the Alipay article): spending is
  shown by what took the points (`redeem`, `market_buy`...), expiry apart.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

import rules
from member_app.errors import InvalidInput
from member_app.models import LedgerEntry, Member, MemberSettlement, PointsAccount, Standing
from member_app.services.catalog_data import PROGRAMMES
from member_app.services.market import points_per_yuan
from member_app.services.programmes import in_force

MAX_MONTHS = 36
EXPIRY = "expire"


def month_starts(now: datetime, zone: Any, months: int) -> list[date]:
    """The first days of the last `months` local months, oldest first, the current one last."""
    current = now.astimezone(zone).date().replace(day=1)
    starts = [current]
    while len(starts) < months:
        first = starts[-1]
        starts.append(date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1))
    return starts[::-1]


def _next_month(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def economy(*, session: Session, program: str, now: datetime, months: int = 12
            ) -> dict[str, Any]:
    if program not in PROGRAMMES:
        raise InvalidInput(f"program: one of {', '.join(PROGRAMMES)}")
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(f"months: a whole number from 1 to {MAX_MONTHS}")
    zone = rules.load_program(program).tz
    firsts = month_starts(now, zone, months)
    bounds = [datetime.combine(first, time(), zone) for first in firsts]
    bounds.append(datetime.combine(_next_month(firsts[-1]), time(), zone))
    labels = [first.strftime("%Y-%m") for first in firsts]
    effective = col(LedgerEntry.effective_at)
    month = case(*[(and_(effective >= bounds[i], effective < bounds[i + 1]), labels[i])
                   for i in range(len(labels))], else_=None).label("month")
    of_programme = (col(LedgerEntry.member_id).in_(
        select(col(Member.id)).where(col(Member.program) == program)))
    rows = session.exec(
        select(month, col(LedgerEntry.reason),
               func.sum(case((col(LedgerEntry.points) > 0, col(LedgerEntry.points)), else_=0)),
               func.sum(case((col(LedgerEntry.points) < 0, -col(LedgerEntry.points)), else_=0)))
        .where(of_programme, effective >= bounds[0], effective < bounds[-1])
        .group_by(month, col(LedgerEntry.reason))).all()
    opening = session.exec(select(func.coalesce(func.sum(col(LedgerEntry.points)), 0))
                           .where(of_programme, effective < bounds[0])).one()
    by_month: dict[str, dict[str, Any]] = {
        label: {"month": label, "issued": 0, "spent": 0, "expired": 0, "sources": {},
                "sinks": {}} for label in labels}
    for label, reason, credited, debited in rows:
        entry = by_month[label]
        if credited:
            entry["issued"] += int(credited)
            entry["sources"][reason] = entry["sources"].get(reason, 0) + int(credited)
        if debited:
            if reason == EXPIRY:
                entry["expired"] += int(debited)
            else:
                entry["spent"] += int(debited)
                entry["sinks"][reason] = entry["sinks"].get(reason, 0) + int(debited)
    outstanding = int(opening)
    for label in labels:
        entry = by_month[label]
        outstanding += entry["issued"] - entry["spent"] - entry["expired"]
        entry["outstanding"] = outstanding
    balances = session.exec(
        select(func.count(), func.coalesce(func.sum(col(PointsAccount.balance)), 0),
               func.coalesce(func.sum(case((col(PointsAccount.balance) > 0,
                                            col(PointsAccount.balance)), else_=0)), 0))
        .where(col(PointsAccount.member_id).in_(
            select(col(Member.id)).where(col(Member.program) == program)))).one()
    accounts, balance_total, positive = (int(value) for value in balances)
    rate = points_per_yuan(in_force(session=session, code=program, at=now))
    return {
        "program": program, "points_per_yuan": rate, "months": list(by_month.values()),
        "balances": {"accounts": accounts, "total": balance_total, "positive": positive,
                     "liability_fen": positive * 100 // rate},
        "tiers": _tiers(session, program),
        "last_settlement": _last_settlement_moves(session) if program == "jd" else None,
    }


def _tiers(session: Session, program: str) -> dict[str, int]:
    """Members per tier, from the stored standings (a member never evaluated is absent)."""
    rows = session.exec(
        select(col(Standing.tier), func.count())
        .where(col(Standing.member_id).in_(
            select(col(Member.id)).where(col(Member.program) == program)))
        .group_by(col(Standing.tier))).all()
    return {tier: int(count) for tier, count in rows if tier is not None}


def _last_settlement_moves(session: Session) -> dict[str, Any] | None:
    """How JD members moved at the latest settlement: (tier before, tier after) counts against
    the settlement of the month before it (a member it did not settle counts as new)."""
    latest = session.exec(select(func.max(col(MemberSettlement.month)))).one()
    if latest is None:
        return None
    previous = session.exec(select(func.max(col(MemberSettlement.month)))
                            .where(col(MemberSettlement.month) < latest)).one()
    after = select(col(MemberSettlement.member_id), col(MemberSettlement.tier)).where(
        col(MemberSettlement.month) == latest).subquery()
    before = select(col(MemberSettlement.member_id), col(MemberSettlement.tier)).where(
        col(MemberSettlement.month) == previous).subquery()
    rows = session.exec(
        select(before.c.tier, after.c.tier, func.count())
        .select_from(after.outerjoin(before, before.c.member_id == after.c.member_id))
        .group_by(before.c.tier, after.c.tier)).all()
    return {"month": latest, "previous": previous,
            "moves": [{"from": source, "to": target, "members": int(count)}
                      for source, target, count in sorted(rows, key=lambda row: (
                          str(row[0]), str(row[1])))]}
