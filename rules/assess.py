"""`assess`: everything the app shows about one member at one instant, from their events.

Pure: the events, the instant, the member's point debits and PLUS periods go in; an
immutable Assessment comes out. Events after `at` are ignored and duplicate ids count once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from rules import alipay, fliggy, jd
from rules.badges import BadgeStatus, category_badges
from rules.bubbles import Bubble
from rules.contributions import Contribution, contributions
from rules.engine import EngineResult
from rules.events import Event
from rules.history import prepare
from rules.jd import PlusBeans
from rules.jd_score import Settlement
from rules.joint import JointMembership, joint_memberships
from rules.ledger import Debit, PointsState, replay
from rules.localtime import month_key, require_aware
from rules.program import Names, Program
from rules.streaks import Streak, forgiven_days, streak

ENGINES = {"fliggy": fliggy.run, "alipay": alipay.run, "jd": jd.run}


@dataclass(frozen=True, slots=True)
class TierBenefit:
    code: str
    group: str
    names: Names
    monthly: int | None


@dataclass(frozen=True, slots=True)
class Assessment:
    program: str
    at: datetime
    today: date  # local day of `at`
    tier: str
    growth: int  # decides the tier (JD: after the risk multiplier)
    base_growth: int  # sum of the breakdown (before any multiplier)
    breakdown: Mapping[str, int]  # source -> growth, in the program's source order
    monthly: Mapping[str, Mapping[str, int]]  # "YYYY-MM" -> source -> growth (charts)
    next_tier: str | None
    to_next: int
    drops_on: date | None  # when the tier would drop if nothing new happens
    drops_to: str | None
    restricted: bool  # JD: a poor risk flag at the last settlement
    risk_multiplier: Decimal  # JD
    last_settlement: date | None  # JD
    settlement: Settlement | None  # JD: the last settlement in full (the stored one if given)
    forecast: Settlement | None  # JD: the next settlement with the events known now
    invited: bool  # Fliggy F3 invitation
    streak: Streak
    points: PointsState
    contributions: tuple[Contribution, ...]
    badges: Mapping[str, BadgeStatus]
    benefits: tuple[TierBenefit, ...]  # empty while restricted (frozen)
    joint_memberships: tuple[JointMembership, ...]
    # JD: "YYYY-MM" of an order's payment -> the beans PLUS added or would have (SPEC 13)
    plus_beans: Mapping[str, PlusBeans]
    # Alipay: the subsidy bubbles waiting to be collected (SPEC 13, rules.bubbles)
    bubbles: tuple[Bubble, ...] = ()

    @property
    def points_balance(self) -> int:
        return self.points.balance

    @property
    def points_pending(self) -> int:
        """Offered, not collected, not lapsed (SPEC 13); not part of the balance."""
        return sum(b.points for b in self.bubbles)

    @property
    def expiring(self) -> tuple[tuple[int, date], ...]:
        return self.points.expiring


def assess(
    program: Program,
    events: Iterable[Event],
    at: datetime,
    debits: Sequence[Debit] = (),
    plus_periods: Sequence[tuple[datetime, datetime]] = (),
    *,
    trace: bool = True,
    settled: Settlement | None = None,
) -> Assessment:
    """The member's full standing at `at` (see Assessment); the per-event contributions only
    with `trace` (they are a third of the work on long histories). JD: `settled` is the
    stored settlement of the current month, used as the score of record (rules.jd)."""
    return assess_member(program, events, at, debits, plus_periods, trace=trace,
                         settled=settled)


def assess_member(
    program: Program,
    events: Iterable[Event],
    at: datetime,
    debits: Sequence[Debit],
    plus_periods: Sequence[tuple[datetime, datetime]],
    trace: bool,
    settled: Settlement | None = None,
    with_lots: bool = True,
) -> Assessment:
    """`assess`, with the per-event contributions left empty unless `trace` (evaluate's
    summary does not need them, and they are a third of the work on long histories), and the
    points' lots left empty unless `with_lots` (the summary reads only the balance)."""
    require_aware(at)
    for start, end in plus_periods:
        require_aware(start, "plus period start")
        require_aware(end, "plus period end")
    today = at.astimezone(program.tz).date()
    items = prepare(program, events, at)
    if program.engine == "jd":
        result: EngineResult = jd.run(program, items, at, today, plus_periods, settled)
    else:
        result = ENGINES[program.engine](program, items, at, today, plus_periods)
    points = replay(program, result.credits, result.reversals, debits, at,
                    with_lots=with_lots or trace)
    # Per-event figures came from each event's version (the engines); what is shown of the
    # moment (the ladder, benefits, badges, partners) is today's version.
    program = program.on(today)
    next_tier, to_next = _next_tier(program, result.tier, result.growth)
    signed_days = [item.day for item in items if item.type == "signed_in"]
    forgiven = forgiven_days(items, set(signed_days))
    return Assessment(
        program=program.code,
        at=at,
        today=today,
        tier=result.tier,
        growth=result.growth,
        base_growth=result.base,
        breakdown=_breakdown(program, result),
        monthly=_monthly(program, result),
        next_tier=next_tier,
        to_next=to_next,
        drops_on=result.drops_on,
        drops_to=result.drops_to,
        restricted=result.restricted,
        risk_multiplier=result.multiplier,
        last_settlement=result.last_settlement,
        settlement=result.extras.get("settlement"),
        forecast=result.extras.get("next_settlement"),
        invited=result.invited,
        streak=streak(program, signed_days, today, forgiven),
        points=points,
        contributions=contributions(items, result, points) if trace else (),
        badges=MappingProxyType(category_badges(program, items, today)),
        benefits=() if result.restricted else _benefits(program, result.tier),
        joint_memberships=joint_memberships(program, items, result.tier, today),
        plus_beans=MappingProxyType(result.extras.get("plus_beans", {})),
        bubbles=result.extras.get("bubbles", ()),
    )


def _next_tier(program: Program, tier: str, growth: int) -> tuple[str | None, int]:
    """The tier above the one shown; for F3 without invitation only the missing growth."""
    rank = program.tier_rank(tier)
    if rank + 1 >= len(program.tiers):
        return None, 0
    upper = program.tiers[rank + 1]
    return upper.code, max(0, upper.threshold - growth)


def _breakdown(program: Program, result: EngineResult) -> Mapping[str, int]:
    if "breakdown" in result.extras:  # a stored settlement's parts (rules.jd)
        parts = result.extras["breakdown"]
        return MappingProxyType({source: int(parts.get(source, 0)) for source in program.sources})
    totals = dict.fromkeys(program.sources, 0)
    for entry in result.entries:
        totals[entry.source] += entry.amount
    return MappingProxyType(totals)


def _monthly(program: Program, result: EngineResult) -> Mapping[str, Mapping[str, int]]:
    months: dict[str, dict[str, int]] = {}
    for entry in result.entries:
        month = months.setdefault(month_key(entry.on), dict.fromkeys(program.sources, 0))
        month[entry.source] += entry.amount
    return MappingProxyType({k: MappingProxyType(months[k]) for k in sorted(months)})


def _benefits(program: Program, tier: str) -> tuple[TierBenefit, ...]:
    grants = program.tier(tier).benefits
    return tuple(
        TierBenefit(
            g.code, program.benefits[g.code].group, program.benefits[g.code].names, g.monthly
        )
        for g in grants
    )
