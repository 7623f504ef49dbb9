"""Points: the member's account row, the ledger, and keeping the ledger equal to the rules.

Source of truth for points EARNED (credits, refund reversals, expiry) is `rules.assess` over the
member's events, with the member's spending (ledger entries whose ref starts with "spend:")
passed back as `debits` so FIFO lots replay. `sync_points` appends, per lot, the difference
between what rules says now and what the ledger already holds:

    earn#n:<lot>     the lot's credited amount (a correction if a lot ever changes)
    reverse#n:<lot>  refunds taken from that lot (negative)
    expire#n:<lot>   points of that lot that expired unspent (negative)

`n` counts the entries of that kind for that lot, and (member_id, ref) is UNIQUE, so two
concurrent syncs cannot both append the same step. Each entry carries `effective_at`, when the
change took effect under the rules (the lot's earning time, the latest refund of its order, the
expiry instant; the debit time for spending), while `at` stays the time the row was written:
a history imported today is shown, and paged, as it happened.

Every entry moves `points_account.balance` in the same transaction; the account row is locked
first (FOR UPDATE), which serialises all point work of one member. Spending uses a conditional
UPDATE that can never take the balance below zero; only a sync step can (a late refund's
claw-back, SPEC 6: a debt that later credits pay first, as rules computes).

`sync_points` also stores what it computed as the member's standing (services.standing), so
every use case that changes a member's inputs leaves their standing current in the same
transaction, and reads need not run the rules.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, insert, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

import rules
from member_app.errors import InsufficientPoints, InvalidInput
from member_app.models import LedgerEntry, Member, PlusPeriod, PointsAccount
from member_app.services.events import member_events, record_event
from member_app.services.ledger_subjects import NO_SUBJECT, LedgerSubject, subjects_of
from member_app.services.settlement import stored_settlement
from member_app.services.standing import fresh_standing, last_computed, store, valid_until

SPEND = "spend:"
RELEASE = "release:"  # gives back a held spend (a payment declined or timed out)
SYNC_KINDS = ("earn", "reverse", "expire")


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


def _insert(session: Session):  # type: ignore[no-untyped-def]
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def lock_account(*, session: Session, member_id: int) -> int:
    """Create the member's account if needed and lock it for this transaction; its balance."""
    session.execute(
        _insert(session)(PointsAccount).values(member_id=member_id, balance=0)
        .on_conflict_do_nothing(index_elements=["member_id"])
    )
    statement = select(PointsAccount.balance).where(PointsAccount.member_id == member_id)
    return session.execute(statement.with_for_update()).scalar_one()


def lock_accounts(*, session: Session, member_ids: list[int]) -> None:
    """Lock several members in id order, so two transactions never wait on each other."""
    for member_id in sorted(set(member_ids)):
        lock_account(session=session, member_id=member_id)


def plus_periods(*, session: Session, member_id: int) -> list[tuple[datetime, datetime]]:
    rows = session.exec(select(PlusPeriod.starts_at, PlusPeriod.ends_at)
                        .where(PlusPeriod.member_id == member_id)).all()
    return [(start, end) for start, end in rows]


def ledger_debits(*, session: Session, member_id: int) -> list[rules.Debit]:
    """The member's spending for the rules replay; a released hold was never spent."""
    rows = session.exec(
        select(LedgerEntry.ref, LedgerEntry.effective_at, LedgerEntry.points,
               LedgerEntry.reason)
        .where(LedgerEntry.member_id == member_id,
               or_(LedgerEntry.ref.startswith(SPEND), LedgerEntry.ref.startswith(RELEASE)))
    ).all()
    released = {ref[len(RELEASE):] for ref, *_ in rows if ref.startswith(RELEASE)}
    return [rules.Debit(at=at, points=-points, reason=reason) for ref, at, points, reason in rows
            if ref.startswith(SPEND) and ref[len(SPEND):] not in released]


Periods = list[tuple[datetime, datetime]]


def _assess(session: Session, member: Member,
            now: datetime) -> tuple[rules.Assessment, list[rules.Event], Periods]:
    program = rules.load_program(member.program)
    events = member_events(session=session, member_id=member.id)
    debits = ledger_debits(session=session, member_id=member.id)
    periods = plus_periods(session=session, member_id=member.id)
    settled = None
    if program.engine == "jd":
        month = rules.local_date(program, now).replace(day=1)
        settled = stored_settlement(session=session, member_id=member.id, settled_on=month)
    return (rules.assess(program, events, now, debits, periods, trace=False, settled=settled),
            events, periods)


def locked_standing(*, session: Session, member: Member, now: datetime) -> rules.Assessment:
    """Lock the member and make sure their ledger holds everything due by `now` (the stored
    standing, if still valid, says it does: nothing falls due before its `valid_until`); their
    standing. What a use case runs before it spends."""
    lock_account(session=session, member_id=member.id)
    found = fresh_standing(session=session, member_id=member.id, now=now)
    return found if found is not None else sync_points(session=session, member=member, now=now)


def sync_points(*, session: Session, member: Member, now: datetime) -> rules.Assessment:
    """Bring the member's ledger, balance and standing to what rules says at `now`; the
    assessment (lots included).

    A member's time never runs backwards: if their standing was computed later than `now`
    (another worker's clock, a caller passing an older instant), it is brought to that later
    instant instead, so a sync can never take back a credit that a later one granted."""
    lock_account(session=session, member_id=member.id)
    now = max(now, last_computed(session=session, member_id=member.id) or now)
    assessment, events, periods = _assess(session, member, now)
    program = rules.load_program(member.program)
    when = EffectiveTimes(program, events, now)
    held: dict[tuple[str, str], list[int]] = defaultdict(list)
    for ref, event_id, points in session.exec(
        select(LedgerEntry.ref, LedgerEntry.event_id, LedgerEntry.points)
        .where(LedgerEntry.member_id == member.id, LedgerEntry.ref.is_not(None))
    ).all():
        kind = ref.split("#", 1)[0]
        if kind in SYNC_KINDS:
            held[(kind, event_id)].append(points)
    targets: dict[tuple[str, str], tuple[int, rules.Lot]] = {}
    for lot in assessment.points.lots:
        targets[("earn", lot.key)] = (lot.amount, lot)
        targets[("reverse", lot.key)] = (-lot.reversed, lot)
        targets[("expire", lot.key)] = (-lot.expired, lot)
    rows = []
    lot_order = {lot.key: n for n, lot in enumerate(assessment.points.lots)}  # earning order
    due = [key for key in set(targets) | set(held)
           if targets.get(key, (0, None))[0] != sum(held.get(key, ()))]
    for key in sorted(due, key=lambda k: (SYNC_KINDS.index(k[0]), lot_order.get(k[1], -1), k[1])):
        target, lot = targets.get(key, (0, None))
        delta = target - sum(held.get(key, ()))
        if delta:
            kind, lot_key = key
            rows.append({
                "member_id": member.id, "points": delta,
                "reason": lot.reason[:32] if (lot and kind == "earn") else kind,
                "event_id": lot_key, "ref": f"{kind}#{len(held.get(key, ()))}:{_short(lot_key)}",
                "expires_on": lot.expires_on if lot else None, "at": now,
                "effective_at": when.of(kind, lot),
            })
    _append(session, member.id, rows)
    store(session=session, member_id=member.id, assessment=assessment, now=now,
          until=valid_until(program, now, periods, [event.at for event in events]))
    return assessment


class EffectiveTimes:
    """When each kind of sync step took effect: earn at the lot's earning time, reverse at the
    latest refund of the lot's order (by `now`), expire at the lot's expiry instant (local
    midnight after its last usable day). Anything unknown (a lot rules no longer reports, a
    reversal without a refund event) falls back to `now`, the time we learned of it."""

    def __init__(self, program: rules.Program, events: list[rules.Event], now: datetime) -> None:
        self.program = program
        self.events = events
        self.now = now
        self._refunded_at: dict[str, datetime] | None = None

    def of(self, kind: str, lot: rules.Lot | None) -> datetime:
        if lot is None:
            return self.now
        if kind == "earn":
            return lot.earned_at
        if kind == "expire":
            after = datetime.combine(lot.expires_on + timedelta(days=1), time(), self.program.tz)
            return min(after, self.now)
        return self.refunded_at().get(lot.key, self.now)

    def refunded_at(self) -> dict[str, datetime]:
        """Lot key (the order_paid event id) -> its latest refund at or before now."""
        if self._refunded_at is None:
            paid = {e.fields.get("order_id"): rules.event_key(e.id) for e in self.events
                    if e.type == "order_paid"}
            latest: dict[str, datetime] = {}
            for event in self.events:
                lot_key = paid.get(event.fields.get("order_id"))
                if event.type == "order_refunded" and lot_key and event.at <= self.now:
                    latest[lot_key] = max(latest.get(lot_key, event.at), event.at)
            self._refunded_at = latest
        return self._refunded_at


def _short(key: str) -> str:
    return key if len(key) <= 96 else hashlib.sha256(key.encode()).hexdigest()


def _append(session: Session, member_id: int, rows: list[dict]) -> None:
    if not rows:
        return
    statement = (_insert(session)(LedgerEntry).values(rows)
                 .on_conflict_do_nothing(index_elements=["member_id", "ref"])
                 .returning(LedgerEntry.points))
    delta = sum(session.execute(statement).scalars().all())
    if delta:
        # Unconditional: a sync step is what rules says happened, and a late refund's
        # claw-back may take the balance below zero (SPEC 6). Spending has its own guard.
        session.execute(update(PointsAccount).where(PointsAccount.member_id == member_id)
                        .values(balance=PointsAccount.balance + delta))


def spend(*, session: Session, member: Member, points: int, reason: str, ref: str,
          now: datetime) -> int:
    """Debit `points` (the caller ran `locked_standing` first); the new balance.

    The conditional UPDATE is the guard: it refuses, with no row changed, if the balance is
    short (a debt included), whatever else runs concurrently. The ledger entry lands in the
    same transaction, and so does the member's standing, brought to the new balance.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InvalidInput("points: a positive integer")  # a negative spend would be a credit
    result = session.execute(
        update(PointsAccount)
        .where(PointsAccount.member_id == member.id, PointsAccount.balance >= points)
        .values(balance=PointsAccount.balance - points)
    )
    if result.rowcount != 1:
        balance = balance_of(session=session, member_id=member.id)
        if balance < 0:
            raise InsufficientPoints(f"{points} points needed; {-balance} are owed after a "
                                     "refund and are paid first from new points")
        raise InsufficientPoints(f"{points} points needed, {balance} available")
    session.execute(insert(LedgerEntry).values(
        member_id=member.id, points=-points, reason=reason[:32], ref=SPEND + ref, at=now,
        effective_at=now))
    return sync_points(session=session, member=member, now=now).points_balance


def release(*, session: Session, member: Member, ref: str, now: datetime) -> int:
    """Give back the points of the held spend `ref` (its payment failed); points given back.

    Appends `release:<ref>` (+points) once: its UNIQUE ref makes a second release a no-op. The
    released debit then drops out of the rules replay, so FIFO lots are as if it never was
    (points that expired meanwhile leave through the next sync's expire step)."""
    lock_account(session=session, member_id=member.id)
    held = session.exec(select(LedgerEntry.points).where(
        LedgerEntry.member_id == member.id, LedgerEntry.ref == SPEND + ref)).first()
    if held is None:
        return 0
    _append(session, member.id, [{
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
        query = query.where(or_(LedgerEntry.effective_at < cursor,
                                and_(LedgerEntry.effective_at == cursor,
                                     LedgerEntry.id < before_id)))
    rows = session.exec(query.order_by(LedgerEntry.effective_at.desc(), LedgerEntry.id.desc())
                        .limit(limit)).all()
    subjects = subjects_of(session=session, member_id=member.id, lines=list(rows))
    return [LedgerLine(r.id, r.points, r.reason, r.ref, r.event_id, r.expires_on, r.at,
                       r.effective_at, subjects.get(r.id, NO_SUBJECT)) for r in rows]
