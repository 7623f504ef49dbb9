"""Program definitions: the immutable data a program file (`rules/programs/*.toml`) becomes.

Every figure of SPEC sections 2-4 lives here, read from data, so an operator can change a
rate or a cap without touching code. Loading and validation live in `toml_reader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Names:
    """A display name in both UI languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class BenefitGrant:
    """One benefit a tier grants; `monthly` is a per-month quantity where it has one."""

    code: str
    monthly: int | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    threshold: int
    names: Names
    requires_invitation: bool
    benefits: tuple[BenefitGrant, ...]


@dataclass(frozen=True, slots=True)
class Benefit:
    code: str
    group: str  # price, logistics or service (SPEC 4 table columns)
    names: Names


@dataclass(frozen=True, slots=True)
class BadgeLevel:
    code: str
    threshold: Decimal  # yuan spent in the category within the badge window
    names: Names


@dataclass(frozen=True, slots=True)
class BadgeRules:
    window_days: int
    levels: tuple[BadgeLevel, ...]  # ascending thresholds
    category_names: Mapping[str, Names]


@dataclass(frozen=True, slots=True)
class PartnerStep:
    """A Fliggy tier that maps to a partner tier, after `stays` partner activities a year."""

    tier: str
    partner_tier: str
    stays: int


@dataclass(frozen=True, slots=True)
class Partner:
    code: str
    kind: str  # hotel or airline
    form: str  # direct or fast_track
    names: Names
    activity_categories: tuple[str, ...]  # trip categories that count as stays
    mapping: tuple[PartnerStep, ...]


@dataclass(frozen=True, slots=True)
class FliggyRules:
    purchase_yuan_per_point: int
    interaction_values: Mapping[str, int]  # event type -> experience
    interaction_daily_cap: int
    trip_category_bonus: int
    purchase_yuan_per_mile: int


@dataclass(frozen=True, slots=True)
class AlipayRules:
    shopping_yuan_per_point: int
    shopping_monthly_cap: int
    life_per_bill: int
    life_monthly_cap: int
    wealth_balance_per_point: int
    wealth_monthly_cap: int
    order_subsidy_min: int
    order_subsidy_max: int
    # SPEC 13 collect-to-claim: local days a subsidy bubble waits, the day it is offered included
    collect_within_days: int
    # the first local day whose subsidy waits as a bubble; earlier ones were credited at once
    # (None: bubbles from the start). An existing deployment sets its switch-over day, so
    # points its members already had are not taken back as lapsed bubbles.
    collect_from: date | None = None


@dataclass(frozen=True, slots=True)
class JDRules:
    months: int
    fair_multiplier: Decimal
    identity_verified: int
    channel_points: Mapping[str, int]  # wechat / qq
    amount_yuan_per_point: int
    amount_cap: int
    order_points: int
    order_cap: int
    category_points: int
    category_cap: int
    month_points: int
    month_cap: int
    review_points: int
    review_cap: int
    photo_review_points: int
    photo_review_cap: int
    question_points: int
    question_cap: int
    jdpay_points: int
    jdpay_cap: int
    sign_in_points: int
    sign_in_cap: int
    shopping_yuan_per_bean: int
    plus_multiplier: int
    review_beans: int
    photo_review_beans: int


@dataclass(frozen=True, slots=True)
class MarketRules:
    """The member-to-member coupon market (SPEC 7): the fee kept from each sale, and how long
    a bought coupon stays with its buyer before it can be listed again."""

    fee_percent: int
    transfer_lock_hours: int


@dataclass(frozen=True, slots=True)
class PlusRules:
    """The paid membership (SPEC 8), where a programme has one (JD's PLUS)."""

    annual_fee_fen: int
    annual_days: int
    trial_days: int
    free_shipping_per_month: int  # free-shipping vouchers a PLUS member gets each month


@dataclass(frozen=True, slots=True)
class StreakFreezeRules:
    """How a member gets a streak freeze (SPEC 13): free for PLUS members (`plus_perk`), or
    bought for `price_points` (0: not sold)."""

    plus_perk: bool
    price_points: int


@dataclass(frozen=True, slots=True)
class Program:
    code: str
    engine: str  # which rule set runs this program: jd, fliggy or alipay
    source_file: str
    timezone: str
    tz: ZoneInfo
    names: Names
    growth_names: Names
    window_days: int  # rolling window of the fliggy/alipay engines
    tiers: tuple[Tier, ...]  # ascending thresholds; the first is free
    sources: Mapping[str, Names]  # breakdown sources, in display order
    benefits: Mapping[str, Benefit]
    sign_in_rewards: tuple[int, ...]
    points_names: Names
    point_name_one: Names  # "1 mile", "1 point", "1 JD bean"
    expiry_years_after: int
    expiring_warning_days: int
    points_per_yuan: int | None
    market: MarketRules
    plus: PlusRules | None  # None: the programme has no paid membership
    streak_freeze: StreakFreezeRules
    badges: BadgeRules | None
    partners: tuple[Partner, ...]
    partner_tier_names: Mapping[str, Names]
    fliggy: FliggyRules | None
    alipay: AlipayRules | None
    jd: JDRules | None
    # Programme versions (SPEC 12): the versions that follow this one, as (first local day,
    # the version's figures), ascending. Empty for a version itself and for a programme that
    # was never changed. `number` is 1 for the file, then one more for each version.
    versions: tuple[tuple[date, Program], ...] = ()
    number: int = 1

    def on(self, day: date) -> Program:
        """The version in force on local day `day`: what every rule reads for an event of
        that day, or for a figure of that day (a threshold, the market fee).

        Only the first version (the one `load_program` gives, with `versions`) knows the
        timeline; a version returned here answers for itself."""
        chosen = self
        for first, version in self.versions:
            if first > day:
                break
            chosen = version
        return chosen

    def at(self, instant: datetime) -> Program:
        """The version in force at `instant` (its local day)."""
        return self.on(instant.astimezone(self.tz).date()) if self.versions else self

    def tier(self, code: str) -> Tier:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise KeyError(code)

    def tier_rank(self, code: str) -> int:
        return [tier.code for tier in self.tiers].index(code)

    # The engine's own figures. Each engine only runs for programmes whose file has them
    # (program_files checks it on load), so a missing table here is a bug in the caller.
    def jd_rules(self) -> JDRules:
        if self.jd is None:
            raise ValueError(f"{self.code} has no [jd] rules")
        return self.jd

    def fliggy_rules(self) -> FliggyRules:
        if self.fliggy is None:
            raise ValueError(f"{self.code} has no [fliggy] rules")
        return self.fliggy

    def alipay_rules(self) -> AlipayRules:
        if self.alipay is None:
            raise ValueError(f"{self.code} has no [alipay] rules")
        return self.alipay
