"""The sign-in page: month calendar, streaks and the reward ladder, in the member's locale."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

from babel.dates import format_date

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale


@dataclass
class CalendarCell:
    label: str = ""
    signed: bool = False
    today: bool = False


@dataclass
class LadderStep:
    label: str = ""
    reward: str = ""
    reached: bool = False


@dataclass
class SignInView:
    current: str = ""
    longest: str = ""
    signed_today: bool = False
    month_title: str = ""
    weekdays: list[str] = field(default_factory=list)
    cells: list[CalendarCell] = field(default_factory=list)
    ladder: list[LadderStep] = field(default_factory=list)
    points_name: str = ""


def sign_in_view(program: rules.Program, streak: rules.Streak, lang: str) -> SignInView:
    today = streak.today
    signed = set(streak.in_month(today.year, today.month))
    first_weekday, days = calendar.monthrange(today.year, today.month)
    cells = [CalendarCell() for _ in range(first_weekday)]  # Monday-first blanks
    for day in range(1, days + 1):
        moment = today.replace(day=day)
        cells.append(CalendarCell(label=str(day), signed=moment in signed, today=moment == today))
    # Tomorrow's reward is what the ladder promises next: day n of the streak earns step n.
    reached = min(streak.current, len(program.sign_in_rewards))
    month = format_date(
        today, format="LLLL" if lang == "en" else "LLL", locale=BABEL_LOCALE[normalize_locale(lang)]
    )
    return SignInView(
        current=message("days_unit", lang).format(days=streak.current),
        longest=message("days_unit", lang).format(days=streak.longest),
        signed_today=streak.signed_today,
        month_title=message("calendar_title", lang).format(month=month),
        weekdays=message("weekdays", lang).split(","),
        cells=cells,
        ladder=_ladder(program.sign_in_rewards, reached, lang),
        points_name=program.points_names.get(lang),
    )


def _ladder(rewards: tuple[int, ...], reached: int, lang: str) -> list[LadderStep]:
    if len(rewards) == 1:  # a flat reward (Alipay): one step that says "every day"
        return [LadderStep(label=message("ladder_every_day", lang), reward=f"+{rewards[0]}",
                           reached=reached > 0)]
    return [
        LadderStep(label=message("ladder_day", lang).format(day=index + 1),
                   reward=f"+{reward}", reached=index < reached)
        for index, reward in enumerate(rewards)
    ]
