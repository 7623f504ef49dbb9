"""The home page beyond the tier card: monthly growth chart, points summary, streak, PLUS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale
from member_app.i18n.format import number

CHART_SLOTS = ("s1", "s2", "s3", "s4")  # recharts bars need fixed keys; sources map onto them


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
    plus_active: bool = False
    chart: list[dict[str, int | str]] = field(default_factory=list)
    series: list[ChartSeries] = field(default_factory=list)
    series_names: list[str] = field(default_factory=lambda: [""] * len(CHART_SLOTS))


SERIES_COLOURS = ("#c9935a", "#1677ff", "#52c41a", "#eb2f96")


def home_summary(
    program: rules.Program, result: rules.Assessment, *, plus_active: bool, lang: str
) -> HomeSummary:
    points_name = program.points_names.get(lang)
    expiring = sum(points for points, _ in result.expiring)
    return HomeSummary(
        points_line=message("points_balance", lang).format(points_name=points_name),
        expiring_line=(
            message("expiring_soon", lang).format(points=number(expiring, lang)) if expiring else ""
        ),
        streak_line=message("streak_days", lang).format(days=result.streak.current),
        plus_active=plus_active,
        chart=monthly_chart(program, result, lang),
        series=[
            ChartSeries(key=slot, label=names.get(lang), colour=colour)
            for slot, (_, names), colour in zip(
                CHART_SLOTS, program.sources.items(), SERIES_COLOURS, strict=False
            )
        ],
        series_names=[names.get(lang) for names in program.sources.values()]
        + [""] * (len(CHART_SLOTS) - len(program.sources)),
    )


def monthly_chart(
    program: rules.Program, result: rules.Assessment, lang: str
) -> list[dict[str, int | str]]:
    """The 12 local months ending with the current one, oldest first, one row per month."""
    rows = []
    for month in _last_months(result.today, 12):
        key = f"{month.year:04d}-{month.month:02d}"
        by_source = result.monthly.get(key, {})
        row: dict[str, int | str] = {"month": _month_label(month, lang)}
        for slot, source in zip(CHART_SLOTS, program.sources, strict=False):
            row[slot] = int(by_source.get(source, 0))
        rows.append(row)
    return rows


def _last_months(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _month_label(month: date, lang: str) -> str:
    from babel.dates import format_date

    # "12月" / "Dec": short enough for 12 bars on a phone.
    pattern = "M月" if normalize_locale(lang) == "zh" else "MMM"
    return format_date(month, format=pattern, locale=BABEL_LOCALE[normalize_locale(lang)])
