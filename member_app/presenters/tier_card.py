"""Turn a member's assessment into the tier card: the tier, a goal, and what the tiers give.

No rule is computed here: every figure comes from `rules.assess` (tier, growth, next_tier,
to_next, drops_on, drops_to, restricted, settlement, forecast) or is a figure of the programme
data (a tier's threshold, the rolling window's length, the benefits each tier grants); this
only picks which of them a member needs to read, and says it in their locale.

Every member gets one goal (`kind`):
- "new": nothing earned yet, so a welcome with what to do first instead of empty numbers;
- "restricted" (JD): benefits frozen by a poor risk flag, said once, with what clears it;
- "climb": how much growth reaches the next tier, and when it counts;
- "invitation": the growth is there, the next tier (Fliggy F3) is by invitation;
- "keep": the top tier, and what keeps it past the next settlement or the drop date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from member_app.i18n import capitalised, message
from member_app.i18n.format import day, number
from member_app.presenters.names import points_for
from rules.program import BenefitGrant, Tier


@dataclass
class BreakdownRow:
    source: str = ""
    label: str = ""
    value: str = ""
    percent: int = 0


@dataclass
class BenefitChip:
    code: str = ""
    label: str = ""  # "运费券 ×4/月" / "Free-shipping voucher ×4 a month"
    new: bool = False  # in the next tier's strip: not in the current tier (or more of it)


@dataclass
class WelcomeStep:
    text: str = ""
    href: str = ""


@dataclass
class TierCard:
    program: str = ""
    program_name: str = ""
    growth_name: str = ""
    tier_code: str = ""
    tier_name: str = ""
    growth: str = ""
    kind: str = ""  # new, restricted, climb, invitation, keep (see the module doc)
    goal_label: str = ""  # "升级目标" / "Next goal"
    goal: str = ""  # the one sentence that says what to aim for
    goal_detail: str = ""  # by when, and how it counts
    show_progress: bool = False  # only while climbing: a bar towards the next tier
    progress: int = 0
    progress_label: str = ""
    next_tier_name: str = ""
    settlement_note: str = ""
    forecast_note: str = ""  # JD: the next settlement with the events known now, labelled
    restricted: bool = False
    welcome: bool = False
    welcome_steps: list[WelcomeStep] = field(default_factory=list)
    benefits_label: str = ""
    benefits: list[BenefitChip] = field(default_factory=list)
    benefits_note: str = ""  # frozen, or none yet
    next_benefits_label: str = ""
    next_benefits: list[BenefitChip] = field(default_factory=list)
    breakdown_title: str = ""  # "经验值来源": the programme's own word for its growth
    breakdown: list[BreakdownRow] = field(default_factory=list)


def is_new_member(result: rules.Assessment) -> bool:
    """Nothing to show yet: no growth in any month and never signed in."""
    return result.growth == 0 and not any(
        value for month in result.monthly.values() for value in month.values()
    ) and result.streak.longest == 0


def tier_card(program: rules.Program, result: rules.Assessment, lang: str) -> TierCard:
    growth_name = program.growth_names.get(lang)
    tier = program.tier(result.tier)
    next_tier = program.tier(result.next_tier) if result.next_tier else None
    total = sum(result.breakdown.values()) or 1
    kind = _kind(result, next_tier)
    goal, detail = _goal(kind, program, result, lang)
    card = TierCard(
        program=program.code,
        program_name=program.names.get(lang),
        growth_name=capitalised(growth_name),  # the card's label
        tier_code=tier.code,
        tier_name=tier.names.get(lang),
        growth=number(result.growth, lang),
        kind=kind,
        goal_label=message(f"goal_label_{kind}", lang),
        goal=goal,
        goal_detail=detail,
        show_progress=kind == "climb",
        progress=_progress(result.growth, tier.threshold,
                           next_tier.threshold if next_tier else None),
        progress_label=goal,
        next_tier_name=next_tier.names.get(lang) if next_tier else "",
        settlement_note=(
            message("last_settlement", lang).format(day=day(result.last_settlement, lang))
            if result.last_settlement and kind != "new"
            else ""
        ),
        forecast_note=(
            message("settlement_forecast", lang).format(
                day=day(result.forecast.settled_on, lang),
                growth=growth_name,
                score=number(result.forecast.score, lang))
            if result.forecast and kind in ("climb", "invitation")
            else ""
        ),
        restricted=result.restricted,
        welcome=kind == "new",
        welcome_steps=_welcome_steps(program, result, lang) if kind == "new" else [],
        breakdown_title=message("breakdown", lang).format(growth=growth_name),
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
    _add_benefits(card, program, result, next_tier, lang)
    return card


def _kind(result: rules.Assessment, next_tier: Tier | None) -> str:
    if result.restricted:
        return "restricted"
    if is_new_member(result):
        return "new"
    if next_tier is None:
        return "keep"
    if next_tier.requires_invitation and result.to_next == 0:
        return "invitation"
    return "climb"


def _goal(kind: str, program: rules.Program, result: rules.Assessment,
          lang: str) -> tuple[str, str]:
    growth_name = program.growth_names.get(lang)
    tier_name = program.tier(result.tier).names.get(lang)
    if kind == "restricted":
        return message("goal_restricted", lang), _what_clears(program, result, lang)
    if kind == "new":
        return (message("goal_new", lang).format(program=program.names.get(lang)),
                message("goal_new_detail", lang))
    if kind == "keep":
        return _keep_goal(program, result, lang)
    assert result.next_tier is not None  # climb and invitation have a tier above
    next_name = program.tier(result.next_tier).names.get(lang)
    drop = _drop_line(program, result, lang)
    if kind == "invitation":
        goal = message("needs_invitation", lang).format(growth=growth_name, tier=next_name)
        return goal, drop or message("keep_no_drop", lang).format(tier=tier_name)
    goal = message("to_next", lang).format(points=number(result.to_next, lang),
                                           growth=growth_name, tier=next_name)
    return goal, drop or _how_it_counts(program, result, lang)


def _keep_goal(program: rules.Program, result: rules.Assessment, lang: str) -> tuple[str, str]:
    """The top tier: what keeps it, with the figures the rules and the programme give."""
    tier = program.tier(result.tier)
    growth_name = program.growth_names.get(lang)
    goal = message("goal_keep", lang).format(tier=tier.names.get(lang))
    threshold = number(tier.threshold, lang)
    if result.forecast is not None:  # JD: the tier is settled on the 1st from 12 full months
        detail = message("keep_by_settlement", lang).format(
            day=day(result.forecast.settled_on, lang), growth=growth_name, threshold=threshold,
            score=number(result.forecast.score, lang))
    elif result.drops_on is not None and result.drops_to is not None:
        detail = message("keep_by_drop", lang).format(
            day=day(result.drops_on, lang), days=program.window_days, growth=growth_name,
            threshold=threshold, tier=program.tier(result.drops_to).names.get(lang))
    else:
        detail = message("keep_no_drop", lang).format(tier=tier.names.get(lang))
    return goal, detail


def _drop_line(program: rules.Program, result: rules.Assessment, lang: str) -> str:
    if result.drops_on is None or result.drops_to is None:
        return ""
    return message("drops_on", lang).format(
        growth=program.growth_names.get(lang), day=day(result.drops_on, lang),
        tier=program.tier(result.drops_to).names.get(lang))


def _how_it_counts(program: rules.Program, result: rules.Assessment, lang: str) -> str:
    if result.forecast is not None:  # JD
        return message("counts_at_settlement", lang).format(
            day=day(result.forecast.settled_on, lang))
    if program.window_days:
        return message("counts_in_window", lang).format(
            days=program.window_days, growth=program.growth_names.get(lang))
    return ""


def _what_clears(program: rules.Program, result: rules.Assessment, lang: str) -> str:
    """JD: which risk assessment is poor, and the settlement that can lift the freeze."""
    kinds = [message(f"risk_kind_{kind}", lang)
             for kind, level in (result.settlement.risk.items() if result.settlement else ())
             if level == "poor"]
    separator = "、" if lang == "zh" else " and "
    when = result.forecast.settled_on if result.forecast else None
    if when is None:
        return message("restricted_clears", lang).format(
            kinds=separator.join(kinds) or message("risk_kind_account", lang))
    key = ("restricted_clears_on" if result.forecast is not None and result.forecast.restricted
           else "restricted_lifts_on")
    return message(key, lang).format(
        kinds=separator.join(kinds) or message("risk_kind_account", lang), day=day(when, lang))


def _welcome_steps(program: rules.Program, result: rules.Assessment,
                   lang: str) -> list[WelcomeStep]:
    reward = rules.sign_in_reward(program, result.streak.current + 1)
    steps = [WelcomeStep(message("welcome_sign_in", lang).format(
        reward=reward, points=points_for(program, reward, lang)), "/sign-in")]
    if result.next_tier is not None:
        upper = program.tier(result.next_tier)
        steps.append(WelcomeStep(message(f"welcome_earn_{program.engine}", lang).format(
            growth=program.growth_names.get(lang), threshold=number(upper.threshold, lang),
            tier=upper.names.get(lang)), "/me"))
    steps.append(WelcomeStep(message("welcome_redeem", lang).format(
        points=program.points_names.get(lang)),
                             "/redeem"))
    return steps


def _add_benefits(card: TierCard, program: rules.Program, result: rules.Assessment,
                  next_tier: Tier | None, lang: str) -> None:
    tier = program.tier(result.tier)
    card.benefits_label = message("benefits_now", lang).format(tier=tier.names.get(lang))
    if result.restricted:
        # Frozen benefits are not shown as if they worked: the strip says they are frozen.
        card.benefits_note = message("tier_benefits_frozen", lang)
    else:
        card.benefits = [_chip(program, grant, lang) for grant in tier.benefits]
    if next_tier is None or result.restricted:  # frozen: nothing to promise above it
        return
    held = {grant.code: grant.monthly for grant in tier.benefits}
    card.next_benefits_label = message("benefits_next", lang).format(
        tier=next_tier.names.get(lang))
    card.next_benefits = [
        _chip(program, grant, lang, new=True) for grant in next_tier.benefits
        if grant.code not in held or (grant.monthly or 0) > (held[grant.code] or 0)
    ]


def _chip(program: rules.Program, grant: BenefitGrant, lang: str, *,
          new: bool = False) -> BenefitChip:
    name = program.benefits[grant.code].names.get(lang)
    label = (message("benefit_monthly", lang).format(name=name, count=grant.monthly)
             if grant.monthly else name)
    return BenefitChip(code=grant.code, label=label, new=new)


def _progress(growth: int, floor: int, ceiling: int | None) -> int:
    if ceiling is None:
        return 100
    span = max(ceiling - floor, 1)
    return max(0, min(100, (growth - floor) * 100 // span))
