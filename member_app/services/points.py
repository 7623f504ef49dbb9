"""Points: the member's account row, spending, releases, app-made credits, the ledger's pages.

What members EARN (credits, refund reversals with their claw-back, expiry) comes from `rules`:
`sync_points` (services.ledger_sync, which does it for many members at once) appends what rules
says and the ledger does not hold yet, and stores the member's standing, in the caller's
transaction. Spending is appended here, each debit guarded by a conditional UPDATE that can
never take the balance below zero; only a sync step can (a late refund's debt, SPEC 6).
Every use case that moves a member's points takes their account row's lock first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, insert, or_, update
from sqlmodel import Session, col, select

import rules
from member_app.errors import InsufficientPoints, InvalidInput
from member_app.models import LedgerEntry, Member, PointsAccount, id_of
from member_app.services.events import record_event
from member_app.services.ledger_subjects import NO_SUBJECT, LedgerSubject, subjects_of
from member_app.services.ledger_sync import (
    RELEASE,
    SPEND,
    append_entries,
    load_inputs,
    lock_accounts,
    sync_members,
)
from member_app.services.standing import fresh_standing


@dataclass(frozen=True)
class LedgerLine:
    id: int
    points: int
    reason: str
    ref: str | None
    event_id: str | None
    expires_on: date | None
    at: datetime  # written
    effective_at: datetime  # took effect (what the member's history is ordered by)
    subject: LedgerSubject = NO_SUBJECT  # what it is about, in a member's terms


def lock_account(*, session: Session, member_id: int) -> int:
    """Create the member's account if needed and lock it for this transaction; its balance."""
    lock_accounts(session=session, member_ids=[member_id])
    return balance_of(session=session, member_id=member_id)


def plus_periods(*, session: Session, member_id: int) -> list[tuple[datetime, datetime]]:
    return load_inputs(session=session, member_ids=[member_id])[member_id].periods


def ledger_debits(*, session: Session, member_id: int) -> list[rules.Debit]:
    """The member's spending for the rules replay; a released hold was never spent."""
    return load_inputs(session=session, member_ids=[member_id])[member_id].debits()


def locked_standing(*, session: Session, member: Member, now: datetime) -> rules.Assessment:
    """Lock the member and make sure their ledger holds everything due by `now` (the stored
    standing, if still valid, says it does: nothing falls due before its `valid_until`); their
    standing. What a use case runs before it spends."""
    member_id = id_of(member)
    lock_account(session=session, member_id=member_id)
    found = fresh_standing(session=session, member_id=member_id, now=now)
    return found if found is not None else sync_points(session=session, member=member, now=now)


def sync_points(*, session: Session, member: Member, now: datetime) -> rules.Assessment:
    """Bring the member's ledger, balance and standing to what rules says at `now` (or at
    their standing's later instant: services.ledger_sync); the assessment, lots included."""
    return sync_members(session=session, members=[member], now=now)[id_of(member)]


def spend(*, session: Session, member: Member, points: int, reason: str, ref: str,
          now: datetime) -> int:
    """Debit `points` (the caller ran `locked_standing` first); the new balance.

    The conditional UPDATE is the guard: it refuses, with no row changed, if the balance is
    short (a debt included), whatever else runs concurrently. The ledger entry lands in the
    same transaction, and so does the member's standing, brought to the new balance.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InvalidInput("points: a positive integer")  # a negative spend would be a credit
    member_id = id_of(member)
    result = session.exec(
        update(PointsAccount)
        .where(col(PointsAccount.member_id) == member_id, col(PointsAccount.balance) >= points)
        .values(balance=PointsAccount.balance - points)
    )
    if result.rowcount != 1:
        balance = balance_of(session=session, member_id=member_id)
        if balance < 0:
            raise InsufficientPoints(f"{points} points needed; {-balance} are owed after a "
                                     "refund and are paid first from new points")
        raise InsufficientPoints(f"{points} points needed, {balance} available")
    session.execute(insert(LedgerEntry).values(
        member_id=member_id, points=-points, reason=reason[:32], ref=SPEND + ref, at=now,
        effective_at=now))
    return sync_points(session=session, member=member, now=now).points_balance


def release(*, session: Session, member: Member, ref: str, now: datetime) -> int:
    """Give back the points of the held spend `ref` (its payment failed); points given back.

    Appends `release:<ref>` (+points) once: its UNIQUE ref makes a second release a no-op. The
    released debit then drops out of the rules replay, so FIFO lots are as if it never was
    (points that expired meanwhile leave through the next sync's expire step)."""
    lock_account(session=session, member_id=id_of(member))
    held = session.exec(select(LedgerEntry.points).where(
        LedgerEntry.member_id == member.id, LedgerEntry.ref == SPEND + ref)).first()
    if held is None:
        return 0
    append_entries(session, [{
        "member_id": member.id, "points": -held, "reason": "release", "event_id": None,
        "ref": RELEASE + ref, "expires_on": None, "at": now, "effective_at": now}])
    sync_points(session=session, member=member, now=now)
    return -held


def credit_via_event(*, session: Session, member: Member, event_id: str, task: str,
                     points: int, now: datetime) -> None:
    """Points the app itself grants (a market sale, a game prize) enter as a `task_completed`
    event, so rules makes them a FIFO lot with its expiry like every other credit."""
    event = rules.parse_event({"id": event_id, "type": "task_completed", "at": now.isoformat(),
                               "task": task, "points": points, "growth": 0})
    record_event(session=session, member=member, event=event, now=now)
    sync_points(session=session, member=member, now=now)


def balance_of(*, session: Session, member_id: int) -> int:
    value = session.exec(select(PointsAccount.balance)
                         .where(PointsAccount.member_id == member_id)).first()
    return value or 0


def ledger_sum(*, session: Session, member_id: int) -> int:
    return session.exec(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                        .where(LedgerEntry.member_id == member_id)).one()


LEDGER_DIRECTIONS = ("all", "income", "spending")


def ledger_page(*, session: Session, member: Member, limit: int = 50,
                before_id: int | None = None, direction: str = "all") -> list[LedgerLine]:
    """The member's ledger by effective time, newest first (id breaks ties), `limit` lines
    after the line `before_id` of the previous page.

    Keyset paging on (effective_at, id): the cursor is the last line's id, and its
    effective_at is looked up (rows never change), so a page never skips or repeats a line
    even when entries written later took effect earlier. An unknown cursor (or another
    member's) gives an empty page. Pass `now` to sync the ledger first. `direction` keeps
    only credits ("income") or debits ("spending")."""
    if direction not in LEDGER_DIRECTIONS:
        raise InvalidInput(f"direction: one of {', '.join(LEDGER_DIRECTIONS)}")
    limit = max(1, min(int(limit), 500))
    query = select(LedgerEntry).where(LedgerEntry.member_id == member.id)
    if direction == "income":
        query = query.where(LedgerEntry.points > 0)
    elif direction == "spending":
        query = query.where(LedgerEntry.points < 0)
    if before_id is not None:
        cursor = session.exec(select(LedgerEntry.effective_at).where(
            LedgerEntry.member_id == member.id, LedgerEntry.id == before_id)).first()
        if cursor is None:
            return []
        query = query.where(or_(col(LedgerEntry.effective_at) < cursor,
                                and_(col(LedgerEntry.effective_at) == cursor,
                                     col(LedgerEntry.id) < before_id)))
    rows = session.exec(query.order_by(col(LedgerEntry.effective_at).desc(),
                                       col(LedgerEntry.id).desc()).limit(limit)).all()
    subjects = subjects_of(session=session, member_id=id_of(member), lines=list(rows))
    return [LedgerLine(id_of(r), r.points, r.reason, r.ref, r.event_id, r.expires_on, r.at,
                       r.effective_at, subjects.get(id_of(r), NO_SUBJECT)) for r in rows]
