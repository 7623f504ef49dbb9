"""The SPEC 10 JSON object (`evaluate`) and the per-event trace (`explain`), from assess."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from rules.assess import Assessment, assess, assess_member
from rules.events import Event
from rules.jd_score import Settlement
from rules.ledger import Debit
from rules.program import Program


def evaluate(
    program: Program,
    events: Iterable[Event],
    at: datetime,
    debits: Sequence[Debit] = (),
    plus_periods: Sequence[tuple[datetime, datetime]] = (),
) -> dict[str, Any]:
    """Exactly the SPEC 10 object, keys in SPEC order."""
    return summary(
        assess_member(program, events, at, debits, plus_periods, trace=False, with_lots=False)
    )


def summary(assessment: Assessment) -> dict[str, Any]:
    """The SPEC 10 object of an assessment already made (the API's /me answers with it)."""
    a = assessment
    out: dict[str, Any] = {
        "program": a.program,
        "at": a.at.isoformat(),
        "tier": a.tier,
        "growth": a.growth,
        "breakdown": dict(a.breakdown),
        "next_tier": a.next_tier,
        "to_next": a.to_next,
        "restricted": a.restricted,
        "points_balance": a.points.balance,
    }
    if a.program == "alipay":  # SPEC 13: beside the balance, where collect-to-claim exists
        out["points_pending"] = a.points_pending
    out["streak"] = {"current": a.streak.current, "longest": a.streak.longest}
    out["badges"] = {c: b.level for c, b in a.badges.items() if b.level is not None}
    return out


def explain(
    program: Program,
    events: Iterable[Event],
    at: datetime,
    debits: Sequence[Debit] = (),
    plus_periods: Sequence[tuple[datetime, datetime]] = (),
    *,
    settled: Settlement | None = None,
) -> list[dict[str, Any]]:
    """One entry per counted event (sorted by (at, id)), plus synthetic wealth months. JD:
    `settled` is the stored settlement of the month (as for `assess`)."""
    assessment = assess(program, events, at, debits, plus_periods, settled=settled)
    return [
        {
            "id": c.event_id,
            "type": c.type,
            "at": c.at.isoformat() if c.at else None,
            "growth": dict(c.growth),
            "rows": dict(c.rows),
            "points": c.points,
            "points_expired": c.points_expired,
            "note": c.note,
        }
        for c in assessment.contributions
    ]
