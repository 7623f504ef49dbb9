"""PLUS, the paid membership (SPEC 8): annual fee, one trial, single-use codes, renewal.

Each period is a `plus_period` row with a unique `ref` (`order:<id>`, `trial:<member>`,
`code:<hash>`), so the same order paid twice, a second trial or a code used twice cannot open
PLUS twice. A new period starts when the current one ends (renewal extends the end date) or now.
The periods are passed to rules as `plus_periods` (the 10x bean rebate).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from member_app.errors import Conflict, InvalidInput, LimitReached, NotFound, PaymentFailed
from member_app.models import Member, PlusCode, PlusPeriod, id_of
from member_app.payments import get_provider
from member_app.services.coupons import issue_coupons
from member_app.services.idempotency import Outcome, run_once
from member_app.services.payment_orders import PENDING, record_charge
from member_app.services.programmes import in_force
from rules.program import PlusRules

PLANS = ("annual", "trial", "code")
PLUS_PROGRAMME = "jd"  # the programme whose file has a [plus] table (codes are for it)


def plus_rules(*, session: Session, program_code: str, at: datetime) -> PlusRules | None:
    """The fee, the periods and the monthly vouchers of the version in force at `at` (SPEC
    8: JD's PLUS; the others have none)."""
    return in_force(session=session, code=program_code, at=at).plus


def _offered(session: Session, member: Member, now: datetime) -> PlusRules:
    plus = plus_rules(session=session, program_code=member.program, at=now)
    if plus is None:
        raise Conflict("PLUS is JD's paid membership; this member's program has none",
                       code="plus_not_offered")
    return plus
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed by hand


def plus_status(*, session: Session, member: Member, now: datetime) -> dict[str, Any]:
    """{active, active_until, trial_used, periods: [{plan, starts_at, ends_at}]}."""
    periods = session.exec(select(PlusPeriod).where(PlusPeriod.member_id == member.id)
                           .order_by(col(PlusPeriod.starts_at))).all()
    active = [p for p in periods if p.starts_at <= now < p.ends_at]
    end = _current_end(periods, now)
    return {
        "active": bool(active),
        "active_until": end.isoformat() if end else None,
        "trial_used": any(p.plan == "trial" for p in periods),
        "periods": [{"plan": p.plan, "starts_at": p.starts_at.isoformat(),
                     "ends_at": p.ends_at.isoformat()} for p in periods],
        "annual_fee_fen": plus.annual_fee_fen if (
            plus := plus_rules(session=session, program_code=member.program, at=now)) else None,
    }


def _current_end(periods: Sequence[PlusPeriod], now: datetime) -> datetime | None:
    """End of the chain of periods covering now (renewals start where the last ended)."""
    ends = [p.ends_at for p in periods if p.ends_at > now]
    return max(ends) if ends else None


def subscribe_plus(*, session: Session, member: Member, plan: str, code: str | None,
                   idempotency_key: str | None, now: datetime,
                   payment_token: str | None = None,
                   shown_fee_fen: int | None = None) -> Outcome:
    """200 {active_until, plan, status: active}; 202 {status: pending, order_id, plan,
    active_until} when the fee is pending; 409 trial_used / code_used / payment_declined /
    plus_not_offered (a Fliggy or Alipay member) / price_changed.

    `shown_fee_fen` is the annual fee the member was shown: a programme version can change
    the fee from a local midnight, and a member who opened the sheet before it and confirms
    after is refused (409 `price_changed`, nothing charged) rather than charged a fee they
    did not see."""
    if plan not in PLANS:
        raise InvalidInput(f"plan: one of {', '.join(PLANS)}")
    _offered(session, member, now)
    if plan == "code" and (not isinstance(code, str) or not 4 <= len(code.strip()) <= 64):
        raise InvalidInput("code: required for plan 'code' (4-64 characters)")
    if payment_token is not None and (not isinstance(payment_token, str)
                                      or len(payment_token) > 64):
        raise InvalidInput("payment_token: a string of at most 64 characters")
    key_digest = hashlib.sha256(str(idempotency_key).encode()).hexdigest()[:32]
    order_id = f"plus-{member.id}-{key_digest}"
    params: dict[str, Any] = {"plan": plan, "code": code, "payment_token": payment_token}
    if shown_fee_fen is not None:  # absent from keys made before it existed, as in redeem
        if isinstance(shown_fee_fen, bool) or not isinstance(shown_fee_fen, int) or \
                shown_fee_fen < 0:
            raise InvalidInput("shown_fee_fen: the fee shown, a whole number of fen")
        params["shown_fee_fen"] = shown_fee_fen
    return run_once(session=session, member=member, key=idempotency_key, scope="plus",
                    params=params, now=now, status=200,
                    action=lambda: _subscribe(session, member, plan, code, now, payment_token,
                                              order_id, shown_fee_fen))


def _subscribe(session: Session, member: Member, plan: str, code: str | None, now: datetime,
               payment_token: str | None, order_id: str,
               shown_fee_fen: int | None = None) -> dict[str, Any] | Outcome:
    plus = _offered(session, member, now)
    periods = list(session.exec(select(PlusPeriod).where(PlusPeriod.member_id == member.id)))
    if plan == "trial":
        if any(p.plan == "trial" for p in periods):
            raise LimitReached("the trial was already used", code="trial_used")
        ref, days = f"trial:{member.id}", plus.trial_days
    elif plan == "code":
        digest = code_hash(code or "")
        row = session.exec(select(PlusCode).where(PlusCode.code_hash == digest)).first()
        if row is None:
            raise NotFound("unknown PLUS code", code="unknown_code")
        used = session.exec(update(PlusCode).where(col(PlusCode.id) == row.id,
                                                   col(PlusCode.used_by).is_(None))
                            .values(used_by=member.id, used_at=now))
        if used.rowcount != 1:
            raise Conflict("this PLUS code was already used", code="code_used")
        ref, days = f"code:{digest}", row.days
    else:
        ref, days = f"order:{order_id}", plus.annual_days
        if any(p.ref == ref for p in periods):  # the same order again: already open
            end = _current_end(periods, now)
            assert end is not None  # a replay comes while its period runs (an ended one fails)
            return {"active_until": end.isoformat(), "plan": plan}
        if shown_fee_fen is not None and shown_fee_fen != plus.annual_fee_fen:
            raise Conflict(f"the price changed: the annual fee is now {plus.annual_fee_fen} fen",
                           code="price_changed")
        charge = get_provider().charge(order_id=order_id, amount_fen=plus.annual_fee_fen,
                                       token=payment_token)
        if charge.status not in ("succeeded", PENDING):
            raise PaymentFailed(f"payment {charge.status}", code="payment_declined")
        record_charge(session=session, member=member, charge=charge, purpose="plus",
                      plus_days=days, now=now)
        if charge.status == PENDING:  # opens when services.payments.confirm_payment says paid
            end = _current_end(periods, now)
            return Outcome(202, {"status": PENDING, "order_id": order_id, "plan": plan,
                                 "active_until": end.isoformat() if end else None})
    period = open_period(session=session, member=member, plan=plan, ref=ref, days=days, now=now,
                         periods=periods)
    return {"active_until": period.ends_at.isoformat(), "plan": plan, "status": "active"}


def open_period(*, session: Session, member: Member, plan: str, ref: str, days: int,
                now: datetime, periods: list[PlusPeriod] | None = None) -> PlusPeriod:
    """A new period of `days`, from the end of the current one (renewal) or from now."""
    if periods is None:
        periods = list(session.exec(select(PlusPeriod).where(PlusPeriod.member_id == member.id)))
    start = _current_end(periods, now) or now
    period = PlusPeriod(member_id=id_of(member), plan=plan, ref=ref, starts_at=start,
                        ends_at=start + timedelta(days=days), created_at=now)
    session.add(period)
    session.flush()
    issue_coupons(session=session, member=member, now=now)  # this month's PLUS pack, at once
    return period


def code_hash(code: str) -> str:
    normalized = code.strip().upper().replace("-", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


MAX_CODE_DAYS = 3660  # ten years: a code for longer is a typo
MAX_BATCH = 100_000
BATCH_LENGTH = 8  # 32**8 ids: a collision is retried, not expected


@dataclass(frozen=True)
class CodeBatch:
    """Codes made together: `codes` is [(label, code)], label order. The codes are secrets
    shown once: only their hashes are stored, so nothing can show them again."""

    batch: str
    days: int
    created_at: datetime
    codes: list[tuple[str, str]]


def issue_code_batch(*, session: Session, count: int, days: int, now: datetime,
                     max_count: int = MAX_BATCH) -> CodeBatch:
    """`count` new single-use codes of `days` of PLUS, one batch (the CLI and the operators'
    API both make codes here, so every code has its label)."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= max_count:
        raise InvalidInput(f"count: from 1 to {max_count}")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CODE_DAYS:
        raise InvalidInput(f"days: from 1 to {MAX_CODE_DAYS}")
    batch = _new_batch_id(session)
    codes = []
    for number in range(1, count + 1):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
        # The label is the batch and the code's number in it: something to show and to hand
        # out codes by that tells nothing about the code (a prefix of it would).
        codes.append((f"{batch}-{number:04d}", "-".join(raw[i:i + 4] for i in range(0, 16, 4))))
    session.add_all(PlusCode(code_hash=code_hash(code), days=days, created_at=now, label=label,
                             batch=batch) for label, code in codes)
    session.flush()
    return CodeBatch(batch=batch, days=days, created_at=now, codes=codes)


def _new_batch_id(session: Session) -> str:
    while True:
        batch = "".join(secrets.choice(CODE_ALPHABET) for _ in range(BATCH_LENGTH))
        if session.exec(select(PlusCode.id).where(PlusCode.batch == batch)).first() is None:
            return batch


def generate_codes(*, session: Session, count: int, now: datetime,
                   days: int | None = None) -> list[str]:
    """`count` new single-use codes (shown once; only their hashes are stored), each for
    `days` of PLUS (default: a year, as the programme file says)."""
    if days is None:
        plus = plus_rules(session=session, program_code=PLUS_PROGRAMME, at=now)
        assert plus is not None  # jd.toml has a [plus] table: tests/rules load it
        days = plus.annual_days
    batch = issue_code_batch(session=session, count=count, days=days, now=now)
    return [code for _, code in batch.codes]


def unused_codes(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(PlusCode)
                        .where(col(PlusCode.used_by).is_(None))).one()
