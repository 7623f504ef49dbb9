"""Storing events from the commerce platform and the app, each id once.

A batch is all or nothing: every event is validated (by `rules.parse_event`, the one place that
knows what an event is) before anything is written. A repeated id is a duplicate whatever its
body: the first one stored wins, as SPEC section 1 says ("the same id twice counts once").
The insert itself skips existing ids (ON CONFLICT DO NOTHING), so two concurrent deliveries of
one batch still store each event once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

import rules
from member_app.errors import InvalidInput, NotFound
from member_app.models import Event, Member
from member_app.services.members import find_member

MAX_BATCH = 1000


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int


def ingest_events(
    *, session: Session, events: Sequence[Mapping[str, Any]], now: datetime
) -> IngestResult:
    """Store a batch of raw events, each naming its `member` (id or username)."""
    if len(events) > MAX_BATCH:
        raise InvalidInput(f"events: at most {MAX_BATCH} per batch")
    rows = [_row(session, index, raw, now) for index, raw in enumerate(events)]
    unique = {row["id"]: row for row in reversed(rows)}
    accepted = _insert_new(session, list(unique.values()))
    return IngestResult(accepted=accepted, duplicates=len(rows) - accepted)


def record_event(*, session: Session, member: Member, event: rules.Event, now: datetime) -> bool:
    """Store one event the app itself produced (a sign-in, say); False if the id exists."""
    return _insert_new(session, [_as_row(member.id, event, now)]) == 1


def member_events(*, session: Session, member_id: int) -> list[rules.Event]:
    rows = session.exec(select(Event).where(Event.member_id == member_id)).all()
    return [stored_event(row) for row in rows]


def stored_event(row: Event) -> rules.Event:
    return rules.parse_event({"id": row.id, "type": row.type, "at": row.at.isoformat(), **row.fields})


def _row(session: Session, index: int, raw: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"events[{index}]: must be an object")
    body = dict(raw)
    member_ref = body.pop("member", None)
    if member_ref is None or isinstance(member_ref, bool) or not isinstance(member_ref, int | str):
        raise InvalidInput(f"events[{index}].member: required, a member id or username")
    try:
        event = rules.parse_event(body)
    except rules.EventError as error:
        raise InvalidInput(f"events[{index}].{error}") from None
    try:
        member = find_member(session=session, ref=member_ref)
    except NotFound as error:
        raise InvalidInput(f"events[{index}].member: {error.detail}") from None
    return _as_row(member.id, event, now)


def _as_row(member_id: int | None, event: rules.Event, now: datetime) -> dict[str, Any]:
    return {
        "id": event.id,
        "member_id": member_id,
        "type": event.type,
        "at": event.at,
        "fields": {key: _jsonable(value) for key, value in event.fields.items()},
        "received_at": now,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Event).values(rows).on_conflict_do_nothing(index_elements=["id"]).returning(Event.id)
    )
    # RETURNING counts what was really inserted; rowcount is -1 for this statement on psycopg.
    return len(session.execute(statement).all())
