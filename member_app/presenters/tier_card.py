"""Turn a member's assessment into what a screen shows, in the member's locale.

No rule is computed here: every figure comes from `rules.assess`; this only picks names from the
program data and formats numbers and dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from member_app.i18n import message
from member_app.i18n.format import day, number
from member_app.services.overview import Overview


@dataclass
class BreakdownRow:
    source: str = ""
    label: str = ""
    value: str = ""
    percent: int = 0


@dataclass
class TierCard:
    program: str = ""
    program_name: str = ""
    growth_name: str = ""
    tier_code: str = ""
    tier_name: str = ""
    growth: str = ""
    next_tier_name: str = ""
    to_next: str = ""
    progress: int = 0
    next_step: str = ""
    window_note: str = ""
    settlement_note: str = ""
    forecast_note: str = ""  # JD: the next settlement with the events known now, labelled
    restricted: bool = False
    breakdown: list[BreakdownRow] = field(default_factory=list)


def tier_card(overview: Overview, lang: str) -> TierCard:
    program, result = overview.program, overview.assessment
    growth_name = program.growth_names.get(lang)
    tier = program.tier(result.tier)
    next_tier = program.tier(result.next_tier) if result.next_tier else None
    total = sum(result.breakdown.values()) or 1
    return TierCard(
        program=program.code,
        program_name=program.names.get(lang),
        growth_name=growth_name,
        tier_code=tier.code,
        tier_name=tier.names.get(lang),
        growth=number(result.growth, lang),
        next_tier_name=next_tier.names.get(lang) if next_tier else "",
        to_next=number(result.to_next, lang),
        progress=_progress(
            result.growth, tier.threshold, next_tier.threshold if next_tier else None
        ),
        next_step=_next_step(program, result, lang),
        window_note=(
            message("drops_on", lang).format(growth=growth_name, day=day(result.drops_on, lang))
            if result.drops_on
            else ""
        ),
        settlement_note=(
            message("last_settlement", lang).format(day=day(result.last_settlement, lang))
            if result.last_settlement
            else ""
        ),
        forecast_note=(
            message("settlement_forecast", lang).format(
                day=day(result.forecast.settled_on, lang),
                score=number(result.forecast.score, lang))
            if result.forecast
            else ""
        ),
        restricted=result.restricted,
        breakdown=[
            BreakdownRow(
                source=source,
                label=names.get(lang),
                value=number(result.breakdown.get(source, 0), lang),
                percent=round(100 * result.breakdown.get(source, 0) / total),
            )
            for source, names in program.sources.items()
        ],
    )


def _progress(growth: int, floor: int, ceiling: int | None) -> int:
    if ceiling is None:
        return 100
    span = max(ceiling - floor, 1)
    return max(0, min(100, (growth - floor) * 100 // span))


def _next_step(program: rules.Program, result: rules.Assessment, lang: str) -> str:
    if result.restricted:
        return message("restricted", lang)
    if result.next_tier is None:
        return message("top_tier", lang)
    next_tier = program.tier(result.next_tier)
    if next_tier.requires_invitation and result.to_next == 0:
        return message("needs_invitation", lang).format(tier=next_tier.names.get(lang))
    return message("to_next", lang).format(
        points=number(result.to_next, lang),
        growth=program.growth_names.get(lang),
        tier=next_tier.names.get(lang),
    )
