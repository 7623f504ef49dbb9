"""A platform's batch of events: stored, and every member it names brought up to date, in one
transaction (SPEC 11 `POST /api/v1/events`, the demo loader, the benches).

Storing is services.events (validation, each id once). Then the named members' ledgers and
standings are recomputed together (services.ledger_sync: a few statements for the batch, the
rules per member), so no read afterwards has to run the rules. Members are locked in id order,
so two batches naming the same members never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from member_app.models import Member
from member_app.services.events import IngestResult, ingest_events
from member_app.services.ledger_sync import sync_members


def accept_events(*, session: Session, events: Sequence[Mapping[str, Any]],
                  now: datetime) -> IngestResult:
    result = ingest_events(session=session, events=events, now=now)
    members = session.exec(select(Member).where(col(Member.id).in_(result.member_ids))).all()
    sync_members(session=session, members=list(members), now=now)
    return result
