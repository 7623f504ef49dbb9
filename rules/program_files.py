"""Building a `Program` from its file, with the cross-checks a single key cannot make."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rules.errors import ProgramError
from rules.program import (
    AlipayRules,
    BadgeLevel,
    BadgeRules,
    Benefit,
    BenefitGrant,
    FliggyRules,
    JDRules,
    MarketRules,
    Names,
    Partner,
    PartnerStep,
    PlusRules,
    Program,
    StreakFreezeRules,
    Tier,
)
from rules.toml_reader import Table, read_toml, read_zone

PROGRAM_CODES: tuple[str, ...] = ("jd", "fliggy", "alipay")
ENGINE_SOURCES = {
    "jd": ("account", "consumption", "activity"),
    "fliggy": ("purchase", "interaction", "operation"),
    "alipay": ("shopping", "life", "wealth", "task"),
}
PROGRAMS_DIR = Path(__file__).parent / "programs"
BENEFIT_GROUPS = ("price", "logistics", "service")
# The longest span of days a figure may give (a rolling window, a PLUS period): ten years.
# Longer ones would reach past what datetime holds for events near the last admitted day.
MAX_DAYS = 3660


def load_program(code: str) -> Program:
    """The built-in program `code` (one of PROGRAM_CODES), loaded once and cached."""
    if code not in PROGRAM_CODES:
        raise ProgramError(f"rules/programs/{code}.toml", "", "unknown program")
    return _load_builtin(code)


@cache
def _load_builtin(code: str) -> Program:
    program = _build(PROGRAMS_DIR / f"{code}.toml", f"rules/programs/{code}.toml")
    if program.code != code:
        raise ProgramError(program.source_file, "code", f"must be {code!r} (the file name)")
    return program


def load_program_file(path: str | PathLike[str]) -> Program:
    """A program from any file (not cached): for operators trying a changed definition."""
    return _build(Path(path), str(path))


def builtin_data(code: str) -> dict[str, Any]:
    """The parsed TOML of built-in program `code`, a fresh copy (a version edits it)."""
    if code not in PROGRAM_CODES:
        raise ProgramError(f"rules/programs/{code}.toml", "", "unknown program")
    return copy.deepcopy(_builtin_root(code))


@cache
def _builtin_root(code: str) -> dict[str, Any]:
    path = PROGRAMS_DIR / f"{code}.toml"
    return read_toml(path, f"rules/programs/{code}.toml").data


def _build(path: Path, display: str) -> Program:
    return build_program(read_toml(path, display), display)


def build_program(root: Table, display: str) -> Program:
    """A Program from a TOML table already read (a file, or a file with a version's changes),
    with every check a file gets."""
    code = root.text("code")
    engine = root.choice("engine", tuple(ENGINE_SOURCES))
    timezone, tz = read_zone(root)
    names, growth_names = root.names(), root.names("growth_names")
    window_days = root.positive("window_days", 365, maximum=MAX_DAYS)
    benefits = _benefits(root)
    tiers = _tiers(root, benefits)
    sources = root.names_map("sources")
    if tuple(sources) != ENGINE_SOURCES[engine]:
        root.fail("sources", f"must name exactly {', '.join(ENGINE_SOURCES[engine])}, in order")
    sign_in = root.table("sign_in")
    rewards = sign_in.int_list("rewards")
    sign_in.done()
    points = root.table("points")
    points_names = points.names()
    # the word for one (English "1 mile"; Chinese has no plural); the plural where not given
    point_name_one = points.names("name_one") if "name_one" in points.data else points_names
    expiry_years_after = points.integer("expiry_years_after", maximum=10)
    warning_days = points.integer("expiring_warning_days", maximum=366)
    per_yuan = points.positive("per_yuan", None) if "per_yuan" in points.data else None
    points.done()
    market = _market(root)
    plus = _plus(root) if "plus" in root.data else None
    tier_codes = tuple(t.code for t in tiers)
    partners, partner_tier_names = _partners(root, tier_codes)
    program = Program(
        code=code,
        engine=engine,
        source_file=display,
        timezone=timezone,
        tz=tz,
        names=names,
        growth_names=growth_names,
        window_days=window_days,
        tiers=tiers,
        sources=sources,
        benefits=benefits,
        sign_in_rewards=rewards,
        points_names=points_names,
        point_name_one=point_name_one,
        expiry_years_after=expiry_years_after,
        expiring_warning_days=warning_days,
        points_per_yuan=per_yuan,
        market=market,
        plus=plus,
        streak_freeze=_streak_freeze(root, plus is not None),
        badges=_badges(root),
        partners=partners,
        partner_tier_names=partner_tier_names,
        fliggy=_fliggy(root) if engine == "fliggy" else None,
        alipay=_alipay(root) if engine == "alipay" else None,
        jd=_jd(root) if engine == "jd" else None,
    )
    root.done()
    return program


def _market(root: Table) -> MarketRules:
    table = root.table("market")
    fee = table.integer("fee_percent")
    if fee > 50:
        table.fail("fee_percent", "must be at most 50")
    lock = table.integer("transfer_lock_hours")
    if lock > 24 * 30:
        table.fail("transfer_lock_hours", "must be at most 720 (30 days)")
    table.done()
    return MarketRules(fee_percent=fee, transfer_lock_hours=lock)


def _streak_freeze(root: Table, has_plus: bool) -> StreakFreezeRules:
    table = root.table("streak_freeze")
    rules = StreakFreezeRules(plus_perk=table.boolean("plus_perk", False),
                              price_points=table.integer("price_points", 0))
    if rules.plus_perk and not has_plus:
        table.fail("plus_perk", "needs a [plus] table (the programme has no PLUS)")
    if not rules.plus_perk and not rules.price_points:
        table.fail("price_points", "must be positive when the freeze is not a PLUS perk")
    table.done()
    return rules


def _plus(root: Table) -> PlusRules:
    table = root.table("plus")
    plus = PlusRules(annual_fee_fen=table.positive("annual_fee_fen"),
                     annual_days=table.positive("annual_days", maximum=MAX_DAYS),
                     trial_days=table.positive("trial_days", maximum=MAX_DAYS),
                     free_shipping_per_month=table.integer("free_shipping_per_month"))
    if plus.trial_days >= plus.annual_days:
        table.fail("trial_days", "must be shorter than annual_days")
    table.done()
    return plus


def _benefits(root: Table) -> MappingProxyType[str, Benefit]:
    table = root.table("benefits")
    result = {}
    for code in table.data:
        item = table.table(code)
        group = item.choice("group", BENEFIT_GROUPS)
        result[code] = Benefit(code, group, item.as_names())
    table.done()
    return MappingProxyType(result)


def _tiers(root: Table, benefits: MappingProxyType[str, Benefit]) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    for i, item in enumerate(root.tables("tiers")):
        code = item.text("code")
        threshold = item.integer("threshold")
        if i == 0 and threshold != 0:
            item.fail("threshold", "must be 0 for the first (free) tier")
        if tiers and threshold <= tiers[-1].threshold:
            item.fail("threshold", "must be greater than the previous tier's threshold")
        if any(t.code == code for t in tiers):
            item.fail("code", f"duplicate tier code {code!r}")
        grants = []
        for grant in item.tables("benefits") if "benefits" in item.data else []:
            benefit = grant.text("code")
            if benefit not in benefits:
                grant.fail("code", f"unknown benefit {benefit!r}")
            monthly = grant.positive("monthly", None) if "monthly" in grant.data else None
            grant.done()
            grants.append(BenefitGrant(benefit, monthly))
        item.used.add("benefits")
        names = item.names()
        invitation = item.boolean("requires_invitation", False)
        item.done()
        tiers.append(Tier(code, threshold, names, invitation, tuple(grants)))
    return tuple(tiers)


def _badges(root: Table) -> BadgeRules | None:
    if "badges" not in root.data:
        return None
    table = root.table("badges")
    levels: list[BadgeLevel] = []
    for item in table.tables("levels"):
        threshold = item.decimal("threshold")
        if levels and threshold <= levels[-1].threshold:
            item.fail("threshold", "must be greater than the previous level's threshold")
        code = item.text("code")
        levels.append(BadgeLevel(code, threshold, Names(item.text("zh"), item.text("en"))))
        item.done()
    window = table.positive("window_days", 365, maximum=MAX_DAYS)
    categories = table.names_map("categories") if "categories" in table.data else {}
    table.done()
    return BadgeRules(window, tuple(levels), MappingProxyType(dict(categories)))


def _partners(
    root: Table, tier_codes: tuple[str, ...]
) -> tuple[tuple[Partner, ...], Mapping[str, Names]]:
    if "partners" not in root.data:
        return (), MappingProxyType({})
    tier_names = root.names_map("partner_tiers")
    partners = []
    for item in root.tables("partners"):
        steps = []
        form = item.choice("form", ("direct", "fast_track"))
        for step in item.tables("mapping"):
            tier = step.text("tier")
            if tier not in tier_codes:
                step.fail("tier", f"unknown tier {tier!r}")
            partner_tier = step.text("partner_tier")
            if partner_tier not in tier_names:
                step.fail("partner_tier", f"not named in partner_tiers: {partner_tier!r}")
            stays = step.integer("stays", 0)
            if form == "direct" and stays:
                step.fail("stays", "must be 0 for a direct mapping")
            step.done()
            steps.append(PartnerStep(tier, partner_tier, stays))
        partners.append(
            Partner(
                code=item.text("code"),
                kind=item.choice("kind", ("hotel", "airline")),
                form=form,
                names=item.names(),
                activity_categories=item.text_list("activity_categories"),
                mapping=tuple(steps),
            )
        )
        item.done()
    return tuple(partners), tier_names


def _fliggy(root: Table) -> FliggyRules:
    exp, miles = root.table("experience"), root.table("miles")
    values_table = exp.table("interactions")
    values = {key: values_table.integer(key) for key in values_table.data}
    values_table.done()
    rules = FliggyRules(
        purchase_yuan_per_point=exp.positive("purchase_yuan_per_point"),
        interaction_values=MappingProxyType(values),
        interaction_daily_cap=exp.integer("interaction_daily_cap"),
        trip_category_bonus=exp.integer("trip_category_bonus"),
        purchase_yuan_per_mile=miles.positive("purchase_yuan_per_mile"),
    )
    exp.done()
    miles.done()
    return rules


def _alipay(root: Table) -> AlipayRules:
    tp, subsidy = root.table("tier_points"), root.table("subsidy")
    rules = AlipayRules(
        shopping_yuan_per_point=tp.positive("shopping_yuan_per_point"),
        shopping_monthly_cap=tp.integer("shopping_monthly_cap"),
        life_per_bill=tp.integer("life_per_bill"),
        life_monthly_cap=tp.integer("life_monthly_cap"),
        wealth_balance_per_point=tp.positive("wealth_balance_per_point"),
        wealth_monthly_cap=tp.integer("wealth_monthly_cap"),
        order_subsidy_min=subsidy.integer("order_min"),
        order_subsidy_max=subsidy.integer("order_max"),
        collect_within_days=subsidy.positive("collect_within_days", maximum=366),
        collect_from=subsidy.local_date("collect_from", None),
    )
    if rules.order_subsidy_max < rules.order_subsidy_min:
        subsidy.fail("order_max", "must not be below order_min")
    tp.done()
    subsidy.done()
    return rules


def _jd(root: Table) -> JDRules:
    score, beans = root.table("score"), root.table("beans")
    account, cons, act = score.table("account"), score.table("consumption"), score.table("activity")
    multiplier = score.decimal("fair_multiplier")
    if multiplier > 1:
        score.fail("fair_multiplier", "must not be above 1")
    rules = JDRules(
        months=score.positive("months", maximum=120),
        fair_multiplier=multiplier,
        identity_verified=account.integer("identity_verified"),
        channel_points=MappingProxyType(
            {"wechat": account.integer("wechat"), "qq": account.integer("qq")}
        ),
        amount_yuan_per_point=cons.positive("amount_yuan_per_point"),
        **{
            f"{n}_{k}": cons.integer(f"{n}_{k}")
            for n in ("order", "category", "month")
            for k in ("points", "cap")
        },
        amount_cap=cons.integer("amount_cap"),
        **{
            f"{n}_{k}": act.integer(f"{n}_{k}")
            for n in ("review", "photo_review", "question", "jdpay", "sign_in")
            for k in ("points", "cap")
        },
        shopping_yuan_per_bean=beans.positive("shopping_yuan_per_bean"),
        plus_multiplier=beans.positive("plus_multiplier"),
        review_beans=beans.integer("review"),
        photo_review_beans=beans.integer("photo_review"),
    )
    for table in (account, cons, act, score, beans):
        table.done()
    return rules
