"""Forecast (SPEC 13): what time alone does to the member's tier, the least spending that keeps
or reaches a tier by a day they pick, and JD's next settlement part by part.

rules computes all of it (rules.forecast for the rolling programmes, Assessment.forecast for
JD); here: the member's inputs, the defaults and the bounds. Like explain, it runs the engine
on the member's history on request (the outlook once per future day, a plan a few dozen times),
so it is its own page, never part of a read the home page makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

import rules
from member_app.errors import InvalidInput
from member_app.models import Member
from member_app.services.ledger_sync import member_inputs
from member_app.services.overview import current_standing
from member_app.services.programmes import timeline
from rules.forecast import OutlookDay, Plan, least_spending, outlook

OUTLOOK_DAYS = 60
MAX_AHEAD_DAYS = 365


@dataclass(frozen=True)
class Forecast:
    program: rules.Program
    standing: rules.Assessment
    outlook: tuple[OutlookDay, ...]  # JD: settlement days only
    tier: str  # the goal asked (or the default one)
    by: date | None
    plan: Plan | None  # None: spending cannot do it by then; with sign-ins and reviews
    spending_alone: int | None  # the plan's yuan without sign-ins and reviews (None: cannot)


def member_forecast(*, session: Session, member: Member, now: datetime,
                    tier: str | None = None, by: date | None = None) -> Forecast:
    """The goal defaults to the next tier (the current one at the top) by the day the tier
    would drop, or 30 days from today. 422 for a tier the programme does not have or a day
    not within a year after today."""
    standing = current_standing(session=session, member=member, now=now)
    programme = timeline(session=session, code=member.program)
    program = programme.on(standing.today)
    goal = tier or standing.next_tier or standing.tier
    if goal not in {t.code for t in program.tiers}:
        raise InvalidInput(f"tier: one of {', '.join(t.code for t in program.tiers)}")
    if by is not None and not standing.today < by <= standing.today + timedelta(
            days=MAX_AHEAD_DAYS):
        raise InvalidInput(f"by: a day after today, at most {MAX_AHEAD_DAYS} days ahead")
    inputs, at = member_inputs(session=session, member=member, now=now)
    days = outlook(programme, inputs.events, at, OUTLOOK_DAYS)
    day = by or _default_day(program, standing, days)
    plan = least_spending(programme, inputs.events, at, goal, day)
    alone = plan
    if plan is not None and plan.asks_free_actions:
        alone = least_spending(programme, inputs.events, at, goal, day, free_actions=False)
    return Forecast(
        program=program,
        standing=standing,
        outlook=days,
        tier=goal,
        by=day,
        plan=plan,
        spending_alone=None if alone is None else alone.yuan,
    )


def _default_day(program: rules.Program, standing: rules.Assessment,
                 days: tuple[OutlookDay, ...]) -> date:
    """The day the tier would first drop (rules' outlook: JD's settlements too), else 30
    days from today."""
    rank = program.tier_rank(standing.tier)
    drop = next((d.on for d in days if program.tier_rank(d.tier) < rank), None)
    return standing.drops_on or drop or standing.today + timedelta(days=30)


def score_change(standing: rules.Assessment) -> int:
    """JD: the next settlement's score less the last one's (the whole score when none has run
    yet; 0 when there is no next one)."""
    upcoming, last = standing.forecast, standing.settlement
    return 0 if upcoming is None else upcoming.score - (last.score if last else 0)


def forecast_body(forecast: Forecast) -> dict[str, Any]:
    """The API's answer."""
    s = forecast.standing
    body: dict[str, Any] = {"program": forecast.program.code, "tier": s.tier, "growth": s.growth}
    if forecast.program.engine == "jd":  # and the outlook and plan below
        last, upcoming = s.settlement, s.forecast
        body["settlement"] = None if last is None else {
            "settled_on": last.settled_on.isoformat(), "score": last.score,
            "parts": dict(last.parts)}
        body["next_settlement"] = None if upcoming is None else {
            "settled_on": upcoming.settled_on.isoformat(), "score": upcoming.score,
            "parts": dict(upcoming.parts),
            "change": score_change(s)}
    body["outlook"] = [{"on": d.on.isoformat(), "growth": d.growth, "tier": d.tier}
                       for d in forecast.outlook]
    body["goal"] = {"tier": forecast.tier, "by": forecast.by.isoformat() if forecast.by else None}
    plan = forecast.plan
    body["plan"] = None if plan is None else {
        "yuan": plan.yuan,
        "orders": [{"at": o.at.astimezone(forecast.program.tz).isoformat(), "yuan": o.yuan,
                    "review": o.reviewed} for o in plan.orders],
        "sign_ins": [day.isoformat() for day in plan.sign_ins],
        "reviews": list(plan.reviews),
        "spending_alone": forecast.spending_alone}
    return body
