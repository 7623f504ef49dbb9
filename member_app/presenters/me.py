"""The Me page: the account (name, avatar, PLUS, growth and points told apart, profile), tier
benefits, category badges and Fliggy joint memberships, for display."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import rules
from member_app.i18n import capitalised, message
from member_app.i18n.format import day, number
from member_app.presenters.names import growth_and_points_note, growth_name, points_name

# Avatar discs: white initials on each is >= 5:1 (WCAG AA); none is a programme's own colour,
# so an avatar never reads as a programme mark.
AVATAR_COLOURS = ("#0f766e", "#7c3aed", "#be185d", "#1d4ed8", "#15803d", "#0369a1",
                  "#4d7c0f", "#6d28d9", "#a21caf", "#475569")


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
class Account:
    display_name: str = ""  # the nickname, else the username
    username: str = ""
    show_username: bool = False  # under a nickname, so the member knows what to log in with
    avatar_initial: str = ""
    avatar_colour: str = ""
    has_plus: bool = False  # JD only: PLUS is JD's paid membership (SPEC 8)
    plus_active: bool = False
    plus_label: str = ""  # a status when the member has PLUS, an invitation when not
    growth_label: str = ""
    growth: str = ""
    points_label: str = ""
    points: str = ""
    growth_note: str = ""
    nickname: str = ""
    birthday: str = ""  # YYYY-MM-DD for the date input, "" when unset
    birthday_text: str = ""  # the birthday in words, "" when unset
    birthday_locked: bool = False  # set once: the coupon depends on it
    birthday_hint: str = ""


@dataclass
class MeView:
    account: Account = field(default_factory=Account)
    tier_name: str = ""
    frozen: bool = False
    tiers: list[BenefitTier] = field(default_factory=list)
    badges: list[BadgeRow] = field(default_factory=list)
    has_badges: bool = False
    joint: list[JointRow] = field(default_factory=list)


def avatar_for(username: str, nickname: str | None) -> tuple[str, str]:
    """(initial, colour) of a member's avatar: the first character of the name shown, on a
    colour picked by the username (crc32: the same on every run, unlike hash())."""
    name = nickname or username
    colour = AVATAR_COLOURS[zlib.crc32(username.encode()) % len(AVATAR_COLOURS)]
    return name[:1].upper(), colour


def account(program: rules.Program, result: rules.Assessment, *, username: str,
            nickname: str | None, birthday: date | None, plus_active: bool,
            lang: str) -> Account:
    initial, colour = avatar_for(username, nickname)
    has_plus = program.code == "jd"
    has_birthday_coupon = "birthday_coupon" in program.benefits
    return Account(
        display_name=nickname or username,
        username=username,
        show_username=bool(nickname),
        avatar_initial=initial,
        avatar_colour=colour,
        has_plus=has_plus,
        plus_active=plus_active and has_plus,
        plus_label=message("me_plus_member" if plus_active else "me_plus_invite", lang)
        if has_plus else "",
        growth_label=capitalised(growth_name(program, lang)),
        growth=number(result.growth, lang),
        points_label=capitalised(points_name(program, lang)),
        points=number(result.points_balance, lang),
        growth_note=growth_and_points_note(program, lang),
        nickname=nickname or "",
        birthday=birthday.isoformat() if birthday else "",
        birthday_text=day(birthday, lang) if birthday else "",
        birthday_locked=birthday is not None,
        birthday_hint=message("profile_birthday_coupon" if has_birthday_coupon
                              else "profile_birthday_once", lang),
    )


def me_view(program: rules.Program, result: rules.Assessment, lang: str,
            member: Account | None = None) -> MeView:
    return MeView(
        account=member or Account(),
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
    # What counts is the partner's activity: nights at a hotel, flights with an airline.
    needs_key = "joint_needs_flights" if membership.kind == "airline" else "joint_needs_stays"
    needs_key += "_one" if membership.stays_needed == 1 else ""
    needs = (
        message(needs_key, lang).format(
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
