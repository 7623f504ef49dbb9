"""Bringing members' ledgers, balances and standings to what `rules` says, many at a time.

For each member, `rules.assess` over their events, spending (ledger entries whose ref starts
with "spend:", less released holds) and PLUS periods gives the FIFO lots; the ledger gets, per
lot, the difference between that and what it already holds:

    earn#n:<lot>     the lot's credited amount (a correction if a lot ever changes)
    reverse#n:<lot>  refunds taken from that lot, claw-back of spent points included (negative)
    expire#n:<lot>   points of that lot that expired unspent (negative)

`n` counts the entries of that kind for that lot, and (member_id, ref) is UNIQUE, so two
concurrent syncs cannot both append the same step. Each entry carries `effective_at`, when the
change took effect under the rules, while `at` is when it was written. The balance moves by
the sum in the same transaction, and the assessment is stored as the member's standing,
with the coupons it makes due (services.coupon_grants).

The work per member is the rules alone: every read (events, spending, PLUS periods, stored
settlements, ledger steps, standing clocks) and every write (ledger rows, balances, standings)
is one statement for the whole chunk of members. That is what lets a platform batch of a
thousand events for a thousand members cost a few statements plus the rules, not thousands.

A member's time never runs backwards: if their standing was computed later than `now` (another
worker's clock, a caller passing an older instant), they are brought to that later instant,
so a sync can never take back a credit a later one granted.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlmodel import Session, col

import rules
from member_app.db import insert_for
from member_app.models import (
    Event,
    LedgerEntry,
    Member,
    MemberSettlement,
    PlusPeriod,
    PointsAccount,
    Standing,
    table_of,
)
from member_app.services.coupon_grants import due_coupons, grant
from member_app.services.events import event_from_columns
from member_app.services.programmes import timeline
from member_app.services.standing import SHAPE, encode, valid_until

SPEND = "spend:"
RELEASE = "release:"  # gives back a held spend (a payment declined or timed out)
SYNC_KINDS = ("earn", "reverse", "expire")
CHUNK = 500  # members per statement (well under SQLite's bound-parameter limit)
Periods = list[tuple[datetime, datetime]]


def lock_accounts(*, session: Session, member_ids: Sequence[int]) -> None:
    """Create the members' accounts if needed and lock them for this transaction, in id order
    (so two transactions never wait on each other in a cycle). The account row is each
    member's lock: every use case that moves their points or coupons takes it first."""
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        session.execute(insert_for(session)(table_of(PointsAccount))
                        .on_conflict_do_nothing(index_elements=["member_id"]),
                        [{"member_id": i, "balance": 0} for i in chunk])
        session.execute(select(col(PointsAccount.member_id))
                        .where(col(PointsAccount.member_id).in_(chunk))
                        .order_by(col(PointsAccount.member_id)).with_for_update()).all()


@dataclass
class MemberInputs:
    """What rules needs about one member, and what the ledger already holds for them."""

    events: list[rules.Event] = field(default_factory=list)
    spends: dict[str, tuple[datetime, int, str]] = field(default_factory=dict)
    released: set[str] = field(default_factory=set)
    periods: Periods = field(default_factory=list)
    held: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    settled: rules.Settlement | None = None
    computed_at: datetime | None = None

    def debits(self) -> list[rules.Debit]:
        return [rules.Debit(at=at, points=points, reason=reason)
                for ref, (at, points, reason) in self.spends.items() if ref not in self.released]


def sync_members(*, session: Session, members: Sequence[Member],
                 now: datetime) -> dict[int, rules.Assessment]:
    """Bring each member's ledger, balance and standing to what rules says at `now` (or at
    their standing's later instant); their assessments, FIFO lots included."""
    out: dict[int, rules.Assessment] = {}
    ordered = sorted({m.id: m for m in members if m.id is not None}.values(),
                     key=lambda m: m.id or 0)
    for start in range(0, len(ordered), CHUNK):
        out.update(_sync_chunk(session, ordered[start:start + CHUNK], now))
    return out


def _sync_chunk(session: Session, members: list[Member],
                now: datetime) -> dict[int, rules.Assessment]:
    ids = [m.id for m in members if m.id is not None]
    lock_accounts(session=session, member_ids=ids)
    inputs = load_inputs(session=session, member_ids=ids)
    _load_settlements(session, members, inputs, now)
    rows: list[dict[str, Any]] = []
    standings: list[dict[str, Any]] = []
    coupons: list[dict[str, Any]] = []
    out = {}
    programmes = {code: timeline(session=session, code=code)  # the file with its versions
                  for code in {m.program for m in members}}
    for member in members:
        assert member.id is not None
        data = inputs[member.id]
        at = max(now, data.computed_at or now)
        program = programmes[member.program]
        assessment = rules.assess(program, data.events, at, data.debits(), data.periods,
                                  trace=False, settled=settled_for(program, data, at))
        rows += _steps(member.id, program, assessment, data, at)
        standings.append({
            "member_id": member.id, "shape": SHAPE, "computed_at": at, "body": encode(assessment),
            "tier": assessment.tier,
            "valid_until": valid_until(program, at, data.periods, [e.at for e in data.events])})
        # What the member is owed follows the standing (badges, tier, a new month), so it is
        # granted here, with the standing, and reading the wallet writes nothing.
        coupons += due_coupons(member=member, program=program.at(at), assessment=assessment,
                               now=at,
                               plus_active=rules.in_plus(at, data.periods))
        out[member.id] = assessment
    append_entries(session, rows)
    _store(session, standings)
    grant(session, coupons)
    return out


def settled_for(program: rules.Program, data: MemberInputs,
                 at: datetime) -> rules.Settlement | None:
    month = rules.local_date(program, at).replace(day=1)
    return data.settled if data.settled and data.settled.settled_on == month else None


def load_inputs(*, session: Session, member_ids: Sequence[int]) -> dict[int, MemberInputs]:
    """Each member's events, spending, PLUS periods, ledger steps and standing clock: one
    statement each for all of them."""
    ids = list(member_ids)
    inputs = {member_id: MemberInputs() for member_id in ids}
    for member_id, computed_at in session.execute(
            select(col(Standing.member_id), col(Standing.computed_at))
            .where(col(Standing.member_id).in_(ids))).all():
        inputs[member_id].computed_at = computed_at
    for member_id, *columns in session.execute(
            select(col(Event.member_id), col(Event.id), col(Event.type), col(Event.at),
                   col(Event.fields))
            .where(col(Event.member_id).in_(ids))).all():
        inputs[member_id].events.append(event_from_columns(*columns))
    for member_id, ref, event_id, points, effective_at, reason in session.execute(
            select(col(LedgerEntry.member_id), col(LedgerEntry.ref), col(LedgerEntry.event_id),
                   col(LedgerEntry.points), col(LedgerEntry.effective_at),
                   col(LedgerEntry.reason))
            .where(col(LedgerEntry.member_id).in_(ids), col(LedgerEntry.ref).is_not(None))).all():
        data = inputs[member_id]
        if ref.startswith(SPEND):
            data.spends[ref[len(SPEND):]] = (effective_at, -points, reason)
        elif ref.startswith(RELEASE):
            data.released.add(ref[len(RELEASE):])
        elif (kind := ref.split("#", 1)[0]) in SYNC_KINDS:
            data.held[(kind, event_id)].append(points)
    for member_id, starts_at, ends_at in session.execute(
            select(col(PlusPeriod.member_id), col(PlusPeriod.starts_at), col(PlusPeriod.ends_at))
            .where(col(PlusPeriod.member_id).in_(ids))).all():
        inputs[member_id].periods.append((starts_at, ends_at))
    return inputs


def member_inputs(*, session: Session, member: Member,
                  now: datetime) -> tuple[MemberInputs, datetime]:
    """One member's inputs as the sync reads them (the JD settlement of record included) and
    the instant they are evaluated at: `now`, or their standing's if later. For a full trace
    (services.explain) that must add up to the stored standing."""
    assert member.id is not None
    inputs = load_inputs(session=session, member_ids=[member.id])
    _load_settlements(session, [member], inputs, now)
    data = inputs[member.id]
    return data, max(now, data.computed_at or now)


def _load_settlements(session: Session, members: list[Member], inputs: dict[int, MemberInputs],
                      now: datetime) -> None:
    """The stored JD settlements of the month a member is evaluated in (their standing's
    instant may be later than `now`, so both months are read)."""
    jd = [m.id for m in members if m.id is not None and m.program == "jd"]
    if not jd:
        return
    program = rules.load_program("jd")
    months = {rules.local_date(program, now).replace(day=1)}
    months |= {rules.local_date(program, data.computed_at).replace(day=1)
               for member_id in jd if (data := inputs[member_id]).computed_at is not None}
    rows = session.execute(select(MemberSettlement).where(
        col(MemberSettlement.member_id).in_(jd),
        col(MemberSettlement.month).in_(sorted(m.strftime("%Y-%m") for m in months)))).scalars()
    for row in sorted(rows, key=lambda r: r.month):  # the latest month wins
        inputs[row.member_id].settled = settlement_of(row)


def settlement_of(row: MemberSettlement) -> rules.Settlement:
    year, month = (int(part) for part in row.month.split("-"))
    return rules.Settlement(
        settled_on=date(year, month, 1), score=row.score, base=row.base, parts=dict(row.parts),
        items=dict(row.items), multiplier=Decimal(row.multiplier), restricted=row.restricted,
        risk=dict(row.risk or {"reputation": "good", "credit": "good"}), tier=row.tier)


def _steps(member_id: int, program: rules.Program, assessment: rules.Assessment,
           data: MemberInputs, now: datetime) -> list[dict[str, Any]]:
    """The ledger rows that take what the ledger holds to what rules says, per lot."""
    when = EffectiveTimes(program, data.events, now)
    held = data.held
    targets: dict[tuple[str, str], tuple[int, rules.Lot]] = {}
    lot: rules.Lot | None  # a lot, then in the second loop None for a lot rules dropped
    for lot in assessment.points.lots:
        targets[("earn", lot.key)] = (lot.amount, lot)
        targets[("reverse", lot.key)] = (-lot.reversed, lot)
        targets[("expire", lot.key)] = (-lot.expired, lot)
    lot_order = {lot.key: n for n, lot in enumerate(assessment.points.lots)}  # earning order
    due = [key for key in set(targets) | set(held)
           if targets.get(key, (0, None))[0] != sum(held.get(key, ()))]
    rows = []
    for key in sorted(due, key=lambda k: (SYNC_KINDS.index(k[0]), lot_order.get(k[1], -1), k[1])):
        target, lot = targets.get(key, (0, None))
        kind, lot_key = key
        rows.append({
            "member_id": member_id, "points": target - sum(held.get(key, ())),
            "reason": lot.reason[:32] if (lot and kind == "earn") else kind,
            "event_id": lot_key, "ref": f"{kind}#{len(held.get(key, ()))}:{_short(lot_key)}",
            "expires_on": lot.expires_on if lot else None, "at": now,
            "effective_at": when.of(kind, lot),
        })
    return rows


class EffectiveTimes:
    """When each kind of sync step took effect: earn at the lot's earning time, reverse at the
    latest refund of the lot's order (by `now`; a refund dated before its payment counts from
    the payment, SPEC 1), expire at the lot's expiry instant (local midnight after its last
    usable day). Anything unknown (a lot rules no longer reports, a reversal without a refund
    event) falls back to `now`, the time we learned of it."""

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
        """Lot key (the order_paid event's key) -> its latest refund at or before now."""
        if self._refunded_at is None:
            paid = {e.fields.get("order_id"): e for e in self.events if e.type == "order_paid"}
            latest: dict[str, datetime] = {}
            for event in self.events:
                payment = paid.get(event.fields.get("order_id"))
                if event.type == "order_refunded" and payment and event.at <= self.now:
                    key, took_effect = rules.event_key(payment.id), max(event.at, payment.at)
                    latest[key] = max(latest.get(key, took_effect), took_effect)
            # a collected subsidy bubble's lot (SPEC 13) is reversed by its order's refunds
            for event in self.events:
                offered_by = rules.event_key(event.fields.get("bubble", ""))
                if event.type == "points_collected" and offered_by in latest:
                    latest[rules.event_key(event.id)] = latest[offered_by]
            self._refunded_at = latest
        return self._refunded_at


def _short(key: str) -> str:
    return key if len(key) <= 96 else hashlib.sha256(key.encode()).hexdigest()


def append_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the entries (a concurrent sync's identical step is skipped by the UNIQUE ref) and
    move each member's balance by what was really inserted."""
    if not rows:
        return
    moved: dict[int, int] = defaultdict(int)
    # executemany on the Core table (SQLAlchemy batches it as "insertmanyvalues", RETURNING
    # included): a multi-row VALUES of the ORM entity compiled a bind per value, the slowest
    # part of a platform batch.
    entries = table_of(LedgerEntry)
    statement = (insert_for(session)(entries)
                 .on_conflict_do_nothing(index_elements=["member_id", "ref"])
                 .returning(entries.c.member_id, entries.c.points))
    for member_id, points in session.execute(statement, rows).all():
        moved[member_id] += points
    changes = [{"account": m, "delta": d} for m, d in sorted(moved.items()) if d]
    if changes:
        # Unconditional: a sync step is what rules says happened, and a late refund's
        # claw-back may take the balance below zero (SPEC 6). Spending has its own guard.
        accounts = table_of(PointsAccount)
        session.execute(update(accounts).where(accounts.c.member_id == bindparam("account"))
                        .values(balance=accounts.c.balance + bindparam("delta")), changes)


def _store(session: Session, standings: list[dict[str, Any]]) -> None:
    if not standings:
        return
    insert = insert_for(session)(table_of(Standing))
    session.execute(insert.on_conflict_do_update(
        index_elements=["member_id"],
        set_={name: insert.excluded[name]
              for name in ("shape", "computed_at", "valid_until", "body", "tier")}), standings)
