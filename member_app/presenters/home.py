"""The home page beyond the tier card: the monthly growth chart, points and the sign-in card.

The chart covers the rolling 12 local months ending with the month of `today` (the local day
of the clock the page is given), read from the standing's monthly map; its legend names only
the sources that have growth in those months, each in a colour of the programme's family.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.names import growth_and_points_note, points_for

CHART_SLOTS = ("s1", "s2", "s3", "s4")  # recharts bars need fixed keys; sources map onto them
CHART_MONTHS = 12
# Per programme, a colour for each source: the brand colour for the biggest source, its second
# colour and lighter or deeper shades of the family for the others (the values of the shared
# contract's --brand / --brand-strong / --brand-accent, written out because chart bars are SVG
# attributes). Unknown sources get the neutral ink shades.
SOURCE_COLOURS: dict[str, dict[str, str]] = {
    "jd": {"consumption": "#e1251b", "activity": "#ff9c6e", "account": "#7a0e14"},
    "fliggy": {"purchase": "#1c2a6b", "interaction": "#f5c400", "operation": "#6b7bd1"},
    "alipay": {"shopping": "#1677ff", "wealth": "#003a8c", "life": "#69b1ff",
               "task": "#13a8a8"},
}
NEUTRAL_COLOURS = ("#334155", "#64748b", "#94a3b8", "#cbd5e1")


@dataclass
class ChartSeries:
    key: str = ""
    label: str = ""
    colour: str = ""


@dataclass
class HomeSummary:
    points_line: str = ""
    expiring_line: str = ""
    streak_line: str = ""
    signed_today: bool = False
    sign_in_line: str = ""  # what the sign-in card invites to, or that today is done
    growth_points_note: str = ""  # growth decides the tier, points are spent
    plus_active: bool = False
    plus_saved_line: str = ""  # PLUS members: what it saved this year (SPEC 13)
    chart_title: str = ""
    chart_caption: str = ""  # "2026年4月 – 2027年3月 · 单位：京享值"
    chart_empty: str = ""  # no growth in the 12 months: what to do instead of empty bars
    chart: list[dict[str, int | str]] = field(default_factory=list)
    series: list[ChartSeries] = field(default_factory=list)
    series_names: list[str] = field(default_factory=lambda: [""] * len(CHART_SLOTS))
    series_colours: list[str] = field(default_factory=lambda: list(NEUTRAL_COLOURS))


def home_summary(program: rules.Program, result: rules.Assessment, *, today: date,
                 plus_active: bool, lang: str) -> HomeSummary:
    points_name = program.points_names.get(lang)
    growth_name = program.growth_names.get(lang)
    expiring = sum(points for points, _ in result.expiring)
    streak = result.streak
    next_reward = rules.sign_in_reward(program, streak.current + 1)
    months = chart_months(today)
    shown = shown_sources(program, result.monthly, months)
    colours = [source_colour(program, source, index) for index, source in enumerate(shown)]
    padding = len(CHART_SLOTS) - len(shown)
    return HomeSummary(
        points_line=message("points_balance", lang).format(points_name=points_name),
        expiring_line=(
            message("expiring_soon", lang).format(points=number(expiring, lang),
                                                  points_name=points_name)
            if expiring else ""
        ),
        streak_line=(message("streak_days", lang).format(days=streak.current)
                     if streak.current else message("streak_none", lang)),
        signed_today=streak.signed_today,
        sign_in_line=(
            message("signed_in_today", lang) if streak.signed_today
            else message("sign_in_for", lang).format(
                reward=next_reward, points=points_for(program, next_reward, lang))
        ),
        growth_points_note=growth_and_points_note(program, lang),
        plus_active=plus_active,
        chart_title=message("by_month", lang).format(growth=growth_name),
        chart_caption=message("chart_caption", lang).format(
            range=month_range(months[0], months[-1], lang), growth=growth_name),
        chart_empty=("" if shown else message("chart_empty", lang).format(growth=growth_name)),
        chart=monthly_chart(program, result.monthly, months, shown, lang),
        series=[ChartSeries(key=slot, label=program.sources[source].get(lang), colour=colour)
                for slot, source, colour in zip(CHART_SLOTS, shown, colours, strict=False)],
        series_names=[program.sources[source].get(lang) for source in shown] + [""] * padding,
        series_colours=colours + list(NEUTRAL_COLOURS[len(shown):]),
    )


def chart_months(today: date, count: int = CHART_MONTHS) -> list[date]:
    """The first days of the `count` local months ending with today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


Monthly = Mapping[str, Mapping[str, int]]  # "YYYY-MM" -> source -> growth (the standing's)


def shown_sources(program: rules.Program, monthly: Monthly, months: list[date]) -> list[str]:
    """The programme's sources (in its order) with growth in any of `months`."""
    keys = [month_key(month) for month in months]
    return [source for source in program.sources
            if any(monthly.get(key, {}).get(source, 0) for key in keys)][:len(CHART_SLOTS)]


def source_colour(program: rules.Program, source: str, index: int) -> str:
    return SOURCE_COLOURS.get(program.code, {}).get(source, NEUTRAL_COLOURS[index % 4])


def monthly_chart(program: rules.Program, monthly: Monthly, months: list[date],
                  shown: list[str], lang: str) -> list[dict[str, int | str]]:
    """One row per month, oldest first: its label and the growth of each shown source."""
    rows = []
    for index, month in enumerate(months):
        by_source = monthly.get(month_key(month), {})
        row: dict[str, int | str] = {"month": month_label(month, lang, first=index == 0)}
        for slot, source in zip(CHART_SLOTS, shown, strict=False):
            row[slot] = int(by_source.get(source, 0))
        rows.append(row)
    return rows


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month: date, lang: str, *, first: bool = False) -> str:
    """'3月' / 'Mar', short enough for 12 bars on a phone; a January after the first bar says
    its year instead ('27年' / '’27': the caption above gives the years in full), so the axis
    shows where a year begins."""
    if month.month == 1 and not first:
        return message("chart_year", lang).format(short=f"{month.year % 100:02d}")
    pattern = "M月" if normalize_locale(lang) == "zh" else "MMM"
    return format_date(month, format=pattern, locale=BABEL_LOCALE[normalize_locale(lang)])


def month_range(first: date, last: date, lang: str) -> str:
    """'2026年4月 – 2027年3月' / 'Apr 2026 – Mar 2027'."""
    pattern = "y年M月" if normalize_locale(lang) == "zh" else "MMM y"
    locale = BABEL_LOCALE[normalize_locale(lang)]
    return f"{format_date(first, format=pattern, locale=locale)} – " \
           f"{format_date(last, format=pattern, locale=locale)}"
