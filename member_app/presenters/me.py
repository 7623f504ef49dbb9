"""The Me page: tier benefits, category badges and Fliggy joint memberships, for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import rules
from member_app.i18n import message
from member_app.i18n.format import number


@dataclass
class BenefitTier:
    code: str = ""
    name: str = ""
    current: bool = False
    benefits: list[str] = field(default_factory=list)


@dataclass
class BadgeRow:
    category: str = ""
    name: str = ""
    level: str = ""
    level_code: str = ""
    spent: str = ""
    next_step: str = ""
    progress: int = 0


@dataclass
class JointRow:
    partner: str = ""
    form: str = ""
    status: str = ""
    unlocked: bool = False


@dataclass
class MeView:
    tier_name: str = ""
    frozen: bool = False
    tiers: list[BenefitTier] = field(default_factory=list)
    badges: list[BadgeRow] = field(default_factory=list)
    has_badges: bool = False
    joint: list[JointRow] = field(default_factory=list)


def me_view(program: rules.Program, result: rules.Assessment, lang: str) -> MeView:
    return MeView(
        tier_name=program.tier(result.tier).names.get(lang),
        frozen=result.restricted,
        tiers=[
            _benefit_tier(program, tier, tier.code == result.tier, lang) for tier in program.tiers
        ],
        badges=[_badge(program, status, lang) for status in result.badges.values()],
        has_badges=program.badges is not None,
        joint=[_joint(program, membership, lang) for membership in result.joint_memberships],
    )


def _benefit_tier(program: rules.Program, tier, current: bool, lang: str) -> BenefitTier:  # type: ignore[no-untyped-def]
    lines = []
    for grant in tier.benefits:
        name = program.benefits[grant.code].names.get(lang)
        lines.append(
            f"{name} ×{grant.monthly}/{'月' if lang == 'zh' else 'month'}"
            if grant.monthly
            else name
        )
    return BenefitTier(code=tier.code, name=tier.names.get(lang), current=current, benefits=lines)


def _badge(program: rules.Program, status: rules.BadgeStatus, lang: str) -> BadgeRow:
    badges = program.badges
    assert badges is not None  # only programs with badges report them
    levels = {level.code: level for level in badges.levels}
    names = badges.category_names.get(status.category)
    if status.next_level:
        next_name = levels[status.next_level].names.get(lang)
        next_step = message("badge_next", lang).format(
            amount=_yuan(status.needs, lang), level=next_name
        )
        target = levels[status.next_level].threshold
        progress = int(min(Decimal(100), status.spent * 100 / target)) if target else 100
    else:
        next_step, progress = message("badge_top", lang), 100
    return BadgeRow(
        category=status.category,
        name=names.get(lang) if names else status.category,
        level=levels[status.level].names.get(lang) if status.level else message("badge_none", lang),
        level_code=status.level or "",
        spent=message("badge_spent", lang).format(amount=_yuan(status.spent, lang)),
        next_step=next_step,
        progress=progress,
    )


def _joint(program: rules.Program, membership: rules.JointMembership, lang: str) -> JointRow:
    def tier_name(code: str) -> str:
        names = program.partner_tier_names.get(code)
        return names.get(lang) if names else code

    upgrade_left = (
        membership.target_tier is not None
        and membership.target_tier != membership.partner_tier
        and membership.stays_needed > 0
    )
    needs = (
        message("joint_needs_stays", lang).format(
            stays=membership.stays_needed, tier=tier_name(membership.target_tier or "")
        )
        if upgrade_left
        else ""
    )
    if membership.partner_tier:
        unlocked = message("joint_unlocked", lang).format(tier=tier_name(membership.partner_tier))
        status = f"{unlocked} · {needs}" if needs else unlocked
    else:
        status = needs or message("joint_locked", lang)
    return JointRow(
        partner=membership.names.get(lang),
        form=message("joint_direct" if membership.form == "direct" else "joint_fast_track", lang),
        status=status,
        unlocked=membership.partner_tier is not None,
    )


def _yuan(amount: Decimal, lang: str) -> str:
    return number(int(amount), lang)
