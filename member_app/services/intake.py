"""A platform's batch of events: stored, and every member it names brought up to date, in one
transaction (SPEC 11 `POST /api/v1/events`, the demo loader, the benches).

Storing is services.events (validation, each id once). Then each named member's ledger and
standing are recomputed (points.sync_points), so no read afterwards has to run the rules. The
members are locked in id order first, so two batches naming the same members never wait on
each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from member_app.models import Member
from member_app.services.events import IngestResult, ingest_events
from member_app.services.points import lock_accounts, sync_points


def accept_events(*, session: Session, events: Sequence[Mapping[str, Any]],
                  now: datetime) -> IngestResult:
    result = ingest_events(session=session, events=events, now=now)
    lock_accounts(session=session, member_ids=list(result.member_ids))
    members = session.exec(select(Member).where(Member.id.in_(result.member_ids))).all()
    for member in sorted(members, key=lambda m: m.id):
        sync_points(session=session, member=member, now=now)
    return result
