"""The commerce platform: events in, monthly settlement."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from member_app.api.deps import DbDep, NowDep, PlatformDep
from member_app.api.schemas import SettlementRequest
from member_app.services.events import ingest_events
from member_app.services.settlement import settle_month

router = APIRouter(prefix="/api/v1", tags=["platform"])


@router.post("/events")
def post_events(_platform: PlatformDep, db: DbDep, now: NowDep,
                events: list[Any] = Body(...)) -> dict:  # noqa: B008  (FastAPI idiom)
    result = db.run(lambda session: ingest_events(session=session, events=events, now=now))
    return {"accepted": result.accepted, "duplicates": result.duplicates}


@router.post("/settlements")
def post_settlement(body: SettlementRequest, _platform: PlatformDep, db: DbDep,
                    now: NowDep) -> dict:
    result = db.run(lambda session: settle_month(session=session, month=body.month, now=now))
    return {"members": result.members, "month": result.month, "ran": result.ran}
