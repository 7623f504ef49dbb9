"""Idempotency keys, as Stripe does them (SPEC 11).

A key is scoped to its member and kept (we never purge, so "at least 24 hours" holds). The first
request with a key runs the action; its answer (a success or a 409 conflict) is stored in
`idempotency_record` in the SAME transaction as the effect, under a UNIQUE (member, key) index.
The same key with the same request replays that answer and does nothing more; with a different
request it is 422 `idempotency_key_reused`. Input that fails validation is refused before any
of this and is not stored (as Stripe does), so a corrected retry may reuse the key; so is an
unknown id (404): such errors change nothing at all, not even the key table.

The member's points-account row is locked first: two concurrent requests with one key run one
after the other, and the second finds the first's record. The UNIQUE index is the backstop.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from member_app.errors import Conflict, IdempotencyKeyReused, InvalidInput, error_from_answer
from member_app.models import IdempotencyRecord, Member, id_of
from member_app.services.points import lock_account

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Outcome:
    """The answer of an idempotent use case: an HTTP-like status and a JSON body.

    Errors are answers here rather than exceptions because a first 409 must be stored and
    replayed, and raising would roll back the record. UI callers: close the transaction, then
    call `.raise_for_error()` to get the usual AppError.
    """

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    replayed: bool = False

    @property
    def ok(self) -> bool:
        return self.status < 400

    def raise_for_error(self) -> Outcome:
        if not self.ok:
            raise error_from_answer(self.status, self.body.get("error", "error"),
                                    self.body.get("detail", ""))
        return self


def check_key(key: str | None) -> str:
    if key is None or not isinstance(key, str) or not key.strip():
        raise InvalidInput("Idempotency-Key: header required", code="idempotency_key_required")
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"Idempotency-Key: at most {MAX_KEY_LENGTH} printable characters")
    return key


def request_fingerprint(scope: str, params: dict[str, Any]) -> str:
    canonical = json.dumps({"scope": scope, "params": params}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(*, session: Session, member: Member, key: str | None, scope: str,
             params: dict[str, Any], now: datetime, status: int,
             action: Callable[[], dict[str, Any] | Outcome]) -> Outcome:
    """Run `action` once per (member, key); its body is answered with `status` (or the
    action returns its own Outcome, e.g. 202 for a payment still pending)."""
    key = check_key(key)
    fingerprint = request_fingerprint(scope, params)
    lock_account(session=session, member_id=id_of(member))
    stored = session.exec(select(IdempotencyRecord).where(
        IdempotencyRecord.member_id == member.id, IdempotencyRecord.key == key)).first()
    if stored is not None:
        if stored.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                "Idempotency-Key was already used with a different request")
        return Outcome(stored.status, dict(stored.body), replayed=True)
    savepoint = session.begin_nested()
    try:
        result = action()
        outcome = result if isinstance(result, Outcome) else Outcome(status, result)
        savepoint.commit()
    except Conflict as error:
        savepoint.rollback()  # undo any partial effect, keep the lock and the transaction
        outcome = Outcome(error.status, {"error": error.code, "detail": error.detail})
    session.execute(insert(IdempotencyRecord).values(
        member_id=member.id, key=key, request_hash=fingerprint, status=outcome.status,
        body=outcome.body, created_at=now))
    return outcome
