"""Storing events from the commerce platform and the app, each id once.

A batch is all or nothing: every event is validated (by `rules.parse_event`, the one place that
knows what an event is) before anything is written. A repeated id is a duplicate whatever its
body: the first one stored wins, as SPEC section 1 says ("the same id twice counts once").
The insert itself skips existing ids (ON CONFLICT DO NOTHING), so two concurrent deliveries of
one batch still store each event once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlmodel import Session, col, select

import rules
from member_app.errors import InvalidInput
from member_app.models import Event, Member, id_column, table_of
from member_app.services.members import MemberKey, member_key

MAX_BATCH = 1000


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    member_ids: tuple[int, ...] = ()  # every member the batch names, ascending


def ingest_events(
    *, session: Session, events: Sequence[Mapping[str, Any]], now: datetime
) -> IngestResult:
    """Store a batch of raw events, each naming its `member` (id or username)."""
    if not isinstance(events, Sequence) or isinstance(events, str | bytes):
        raise InvalidInput("events: must be a list of event objects")
    if len(events) > MAX_BATCH:
        raise InvalidInput(f"events: at most {MAX_BATCH} per batch")
    members = _resolve_members(session, events)
    rows = [_row(members, index, raw, now) for index, raw in enumerate(events)]
    unique = {row["id"]: row for row in reversed(rows)}
    accepted = _insert_new(session, list(unique.values()))
    named = tuple(sorted({row["member_id"] for row in rows}))
    return IngestResult(accepted=accepted, duplicates=len(rows) - accepted, member_ids=named)


def _resolve_members(session: Session,
                     events: Sequence[Any]) -> dict[MemberKey, tuple[int, str]]:
    """Every member the batch names -> (id, programme), in two queries (not one per event)."""
    keys = {member_key(raw.get("member")) for raw in events if isinstance(raw, Mapping)}
    # An "id" key holds an int and a "username" key a str (member_key); isinstance says so.
    ids = [value for kind, value in filter(None, keys)
           if kind == "id" and isinstance(value, int) and value > 0]
    names = [value for kind, value in filter(None, keys)
             if kind == "username" and isinstance(value, str) and value]
    found: dict[MemberKey, tuple[int, str]] = {}
    if ids:
        found.update((("id", i), (i, p)) for i, p in session.exec(
            select(id_column(Member), Member.program).where(col(Member.id).in_(ids))).all())
    if names:
        found.update((("username", n), (i, p)) for i, n, p in session.exec(
            select(id_column(Member), Member.username, Member.program)
            .where(col(Member.username).in_(names))).all())
    return found


def record_event(*, session: Session, member: Member, event: rules.Event, now: datetime) -> bool:
    """Store one event the app itself produced (a sign-in, say); False if the id exists."""
    return _insert_new(session, [_as_row(member.id, event, now)]) == 1


def member_events(*, session: Session, member_id: int) -> list[rules.Event]:
    # Columns, not ORM objects: building an Event row object per event was half the cost.
    rows = session.execute(select(Event.id, Event.type, Event.at, Event.fields)
                           .where(Event.member_id == member_id)).all()
    return [event_from_columns(*row) for row in rows]


def event_from_columns(event_id: str, event_type: str, at: datetime,
                       fields: Mapping[str, Any]) -> rules.Event:
    """A stored event back as a rules.Event (re-validated: rules is the one place that knows)."""
    return rules.parse_event({"id": event_id, "type": event_type, "at": at.isoformat(), **fields})


def _row(members: dict[MemberKey, tuple[int, str]], index: int, raw: Any,
         now: datetime) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"events[{index}]: must be an object")
    body = dict(raw)
    member_ref = body.pop("member", None)
    key = member_key(member_ref)
    if key is None:
        raise InvalidInput(f"events[{index}].member: required, a member id or username")
    try:
        event = rules.parse_event(body)
    except rules.EventError as error:
        raise InvalidInput(f"events[{index}].{error}") from None
    if "\x00" in event.id:  # stored as a text column, and PostgreSQL text cannot hold NUL
        raise InvalidInput(f"events[{index}].id: must not contain NUL")
    if key not in members:
        raise InvalidInput(f"events[{index}].member: member {str(member_ref)[:64]!r} not found")
    member_id, program = members[key]
    try:  # SPEC 10's range, in the member's programme zone (beyond it dates overflow)
        rules.check_local_range(event.at, rules.load_program(program).tz, "at")
    except rules.EventError as error:
        raise InvalidInput(f"events[{index}].{error}") from None
    return _as_row(member_id, event, now)


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
    if session.get_bind().dialect.name == "postgresql":
        return _insert_new_postgresql(session, rows)
    table = table_of(Event)
    statement = (sqlite.insert(table).on_conflict_do_nothing(index_elements=["id"])
                 .returning(table.c.id))
    # executemany with RETURNING: SQLAlchemy batches it into few multi-row INSERTs
    # ("insertmanyvalues") from one cached compiled statement, instead of compiling a
    # 1,000-row VALUES clause per batch.
    return len(session.connection().execute(statement, rows).all())


# One short statement whose six parameters are arrays: psycopg re-parses a long multi-row
# VALUES statement on every batch (half the ingest time), but not this one. RETURNING, not
# rowcount: psycopg reports -1 for INSERT ... ON CONFLICT over several rows.
_UNNEST_INSERT = text("""
    INSERT INTO event (id, member_id, type, at, fields, received_at)
    SELECT * FROM unnest(
        CAST(:ids AS varchar[]), CAST(:member_ids AS integer[]), CAST(:types AS varchar[]),
        CAST(:ats AS timestamptz[]), CAST(:fields AS json[]), CAST(:received AS timestamptz[]))
    ON CONFLICT (id) DO NOTHING
    RETURNING id
""")


def _insert_new_postgresql(session: Session, rows: list[dict[str, Any]]) -> int:
    inserted = session.connection().execute(_UNNEST_INSERT, {
        "ids": [row["id"] for row in rows],
        "member_ids": [row["member_id"] for row in rows],
        "types": [row["type"] for row in rows],
        "ats": [row["at"].astimezone(UTC) for row in rows],
        "fields": [json.dumps(row["fields"], separators=(",", ":")) for row in rows],
        "received": [row["received_at"].astimezone(UTC) for row in rows],
    })
    return len(inserted.all())
