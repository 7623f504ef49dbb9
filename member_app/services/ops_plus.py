"""Operators issue and list PLUS codes (SPEC 12, issue #14).

- A code is a bearer secret: only its sha256 is stored (services.plus), so the answer to an
  issue is the one time anyone sees the codes. What lists show instead is each code's label
  (`<batch>-<n>`), which tells nothing about the code; the audit entry keeps the batch, the
  count and the days, never a code.
- The same Idempotency-Key again is refused with 409 `codes_already_issued`, naming the
  batch, instead of replaying. A replay promises the first answer, and that answer cannot be
  given again: the codes are not stored. Answering 2xx without them would read as success to
  a client that checks the status, and leave the operator believing they hold codes they do
  not have; issuing a fresh batch under the old key would make the double tap the key is there
  to prevent. The 409 says what happened and which batch it was (listable by its labels).
  Two deliveries of one key at once: the audit entry's unique (operator, key) lets one commit;
  the other's transaction fails on it and is retried (services.unit), finds the entry and
  answers the 409, so its codes never exist.
- Lists: every code (or the used or unused ones) with who used it and when; the CSV is the
  same rows for a spreadsheet, every text cell that a spreadsheet would take for a formula
  (= + - @, tab, CR first) quoted with a leading apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from member_app.errors import Conflict, IdempotencyKeyReused, InvalidInput
from member_app.models import Member, Operator, PlusCode
from member_app.services.audit import earlier_request, optional_reason, record_audit
from member_app.services.operators import require_admin
from member_app.services.plus import MAX_CODE_DAYS, issue_code_batch

MAX_ISSUE = 1000  # per request: the answer carries every code
MAX_PAGE = 1000
STATUSES = ("all", "used", "unused")
ACTION = "plus_codes.issue"
CSV_COLUMNS = ("id", "label", "batch", "days", "created_at", "status", "used_by",
               "used_by_username", "used_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def issue_plus_codes(*, session: Session, operator: Operator, count: int, days: int,
                     reason: str = "", now: datetime,
                     request_key: str | None = None) -> dict[str, Any]:
    """Admins only. {batch, count, days, created_at, codes: [{label, code}]}: the codes are
    in this answer only. The same `request_key` again: 409 `codes_already_issued` (see the
    module doc for why not a replay)."""
    require_admin(operator)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ISSUE:
        raise InvalidInput(f"count: from 1 to {MAX_ISSUE}")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CODE_DAYS:
        raise InvalidInput(f"days: from 1 to {MAX_CODE_DAYS}")
    reason = optional_reason(reason)
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action=ACTION)
    if earlier is not None:
        if (earlier.after.get("count"), earlier.after.get("days")) != (count, days):
            raise IdempotencyKeyReused("Idempotency-Key: already used for another issue",
                                       code="idempotency_key_reused")
        raise Conflict(f"this Idempotency-Key already issued batch {earlier.after['batch']} "
                       f"({count} code(s) of {days} day(s)) at {earlier.at.isoformat()}; its "
                       "codes were shown once and are not stored, so they cannot be shown "
                       "again", code="codes_already_issued")
    batch = issue_code_batch(session=session, count=count, days=days, now=now,
                             max_count=MAX_ISSUE)
    record_audit(session=session, operator=operator, action=ACTION,
                 subject=f"plus_batch:{batch.batch}", before=None,
                 after={"batch": batch.batch, "count": count, "days": days}, reason=reason,
                 now=now, request_key=request_key)
    return {"batch": batch.batch, "count": count, "days": days,
            "created_at": now.isoformat(),
            "codes": [{"label": label, "code": code} for label, code in batch.codes]}


def plus_codes(*, session: Session, status: str = "all", batch: str | None = None,
               limit: int = 200) -> list[dict[str, Any]]:
    """Newest first: {id, label, batch, days, created_at, status, used_by (a member id),
    used_by_username, used_at}."""
    return _rows(session, status, batch, newest_first=True,
                 limit=max(1, min(int(limit), MAX_PAGE)))


def plus_codes_csv(*, session: Session, status: str = "all", batch: str | None = None) -> str:
    """Every matching code in the order issued (a batch reads in label order), a header row
    first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    for row in _rows(session, status, batch, newest_first=False, limit=None):
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _rows(session: Session, status: str, batch: str | None, *, newest_first: bool,
          limit: int | None) -> list[dict[str, Any]]:
    if status not in STATUSES:
        raise InvalidInput(f"status: one of {', '.join(STATUSES)}")
    query = select(PlusCode, Member.username).outerjoin(
        Member, col(Member.id) == col(PlusCode.used_by))
    if status != "all":
        used = col(PlusCode.used_by)
        query = query.where(used.is_not(None) if status == "used" else used.is_(None))
    if batch is not None:
        query = query.where(PlusCode.batch == batch)
    query = query.order_by(col(PlusCode.id).desc() if newest_first else col(PlusCode.id))
    if limit is not None:
        query = query.limit(limit)
    return [{"id": code.id, "label": code.label, "batch": code.batch, "days": code.days,
             "created_at": code.created_at.isoformat(),
             "status": "unused" if code.used_by is None else "used",
             "used_by": code.used_by, "used_by_username": username,
             "used_at": code.used_at.isoformat() if code.used_at else None}
            for code, username in session.exec(query).all()]


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula is kept as text (OWASP's advice: a
    leading apostrophe); numbers and empty cells stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value

