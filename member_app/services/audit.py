"""The operators' audit log (SPEC 12): every change, with who, when, what, before and after.

Written in the same transaction as the change it describes, so there is no change without its
entry. The table is append-only (migration 0008's triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from member_app.errors import IdempotencyKeyReused, InvalidInput
from member_app.models import AuditEntry, Operator, id_of

MAX_PAGE = 200
MAX_REASON = 500


def optional_reason(reason: str) -> str:
    """An operator's optional "why" for the audit log: stripped, at most MAX_REASON
    characters, no NUL (PostgreSQL text cannot hold one)."""
    if not isinstance(reason, str) or len(reason.strip()) > MAX_REASON or "\x00" in reason:
        raise InvalidInput(f"reason: at most {MAX_REASON} characters, no NUL")
    return reason.strip()


def record_audit(*, session: Session, operator: Operator, action: str, subject: str,
                 before: Any, after: Any, reason: str, now: datetime,
                 request_key: str | None = None) -> AuditEntry:
    entry = AuditEntry(operator_id=id_of(operator), at=now, action=action, subject=subject,
                       before=before, after=after, reason=reason, request_key=request_key)
    session.add(entry)
    session.flush()
    return entry


def earlier_request(*, session: Session, operator: Operator, request_key: str | None,
                    action: str) -> AuditEntry | None:
    """The entry this operator's change with this Idempotency-Key already wrote, if any: the
    same key again replays (a double tap, a retry after a lost answer), it does not repeat.

    Callers look it up under the lock of what they change, so two deliveries of one key are
    one after the other and the second finds the first's entry. A key used for another kind
    of change is refused (422 `idempotency_key_reused`)."""
    if request_key is None:
        return None
    entry = session.exec(select(AuditEntry).where(
        AuditEntry.operator_id == id_of(operator),
        AuditEntry.request_key == request_key)).first()
    if entry is not None and entry.action != action:
        raise IdempotencyKeyReused("Idempotency-Key: already used for another change",
                                   code="idempotency_key_reused")
    return entry


def audit_log(*, session: Session, action: str | None = None, subject: str | None = None,
              limit: int = 50) -> list[dict[str, Any]]:
    """Newest first, optionally one action or one subject only."""
    query = (select(AuditEntry, Operator.name)
             .join(Operator, col(Operator.id) == AuditEntry.operator_id))
    if action:
        query = query.where(AuditEntry.action == action)
    if subject:
        query = query.where(AuditEntry.subject == subject)
    rows = session.exec(query.order_by(col(AuditEntry.id).desc())
                        .limit(max(1, min(int(limit), MAX_PAGE)))).all()
    return [{"id": entry.id, "at": entry.at.isoformat(), "operator": name,
             "action": entry.action, "subject": entry.subject, "before": entry.before,
             "after": entry.after, "reason": entry.reason} for entry, name in rows]
