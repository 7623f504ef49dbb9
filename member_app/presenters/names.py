"""Names a member reads for things the store keeps by key."""

from __future__ import annotations

import rules
from member_app.i18n import MESSAGES, message


def coupon_name(name_key: str, lang: str) -> str:
    """A coupon's display name from its stored key; unknown keys read as a generic coupon."""
    key = f"cpn_name_{name_key}"
    return message(key if key in MESSAGES else "cpn_name_other", lang)


def points_name(program: rules.Program, lang: str) -> str:
    """What the programme calls its spendable points: 京豆 / JD beans, 里程 / Miles, 积分."""
    return program.points_names.get(lang)


def points_for(program: rules.Program, count: int, lang: str) -> str:
    """The points word for `count` of them: "1 mile", "2 miles" (Chinese: the same word)."""
    return (program.point_name_one if count == 1 else program.points_names).get(lang)


def growth_name(program: rules.Program, lang: str) -> str:
    """What decides the tier: 京享值 / JD score, 经验值 / Experience, 成长值 / Growth value."""
    return program.growth_names.get(lang)


def growth_and_points_note(program: rules.Program, lang: str) -> str:
    """One sentence that tells the two numbers apart, for any screen that shows both: growth
    decides the tier, points are spent, and spending points never lowers the tier."""
    return message("growth_vs_points", lang).format(
        growth=growth_name(program, lang), points=points_name(program, lang))
