"""The sign-in page: today's and tomorrow's reward, the streaks, the ladder explained, and a
calendar of the last five weeks (so a streak that crosses the 1st shows whole).

Rewards come from `rules.sign_in_reward` (the programme's ladder, rules.streaks): day n of a
streak earns its step n, and from the last step on every day earns the last step's reward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from babel.dates import format_date

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.names import points_for
from member_app.presenters.spend import SpendSheet, balance_note
from member_app.services.streak_freeze import FreezeOffer

CALENDAR_WEEKS = 5


@dataclass
class CalendarCell:
    label: str = ""
    month: str = ""  # the month's name on its first day (and on the first cell)
    signed: bool = False
    today: bool = False
    future: bool = False
    frozen: bool = False  # a missed day a streak freeze forgave
    iso: str = ""


@dataclass
class LadderStep:
    label: str = ""
    reward: str = ""
    reached: bool = False
    today: bool = False


@dataclass
class SignInView:
    current: str = ""
    longest: str = ""
    signed_today: bool = False
    button_label: str = ""
    today_line: str = ""  # what today's sign-in earns (or earned)
    tomorrow_line: str = ""
    calendar_title: str = ""
    calendar_range: str = ""
    weekdays: list[str] = field(default_factory=list)
    cells: list[CalendarCell] = field(default_factory=list)
    ladder: list[LadderStep] = field(default_factory=list)
    ladder_note: str = ""
    points_name: str = ""
    freeze_line: str = ""  # the streak freeze on offer ("" when none), and its terms
    freeze_terms: str = ""
    any_frozen: bool = False  # the calendar shows a forgiven day: its legend is shown


def rewards_today_and_tomorrow(programme: rules.Program,
                               streak: rules.Streak) -> tuple[int, int]:
    """Today's reward (earned already, or earned by signing in now) and tomorrow's, if the
    member signs in today and tomorrow: each under the version in force on its own day (a
    version starting tomorrow changes tomorrow's reward)."""
    today_day = streak.current if streak.signed_today else streak.current + 1
    tomorrow = streak.today + timedelta(days=1)
    return (rules.sign_in_reward(programme.on(streak.today), today_day),
            rules.sign_in_reward(programme.on(tomorrow), today_day + 1))


def sign_in_view(programme: rules.Program, streak: rules.Streak, lang: str,
                 offer: FreezeOffer | None = None) -> SignInView:
    """`programme`: the programme with its versions (services.programmes.timeline); `offer`:
    the streak freeze the member can use now."""
    program = programme.on(streak.today)
    points_name = program.points_names.get(lang)
    cells = calendar_cells(streak, lang)
    today_reward, tomorrow_reward = rewards_today_and_tomorrow(programme, streak)
    today_day = streak.current if streak.signed_today else streak.current + 1
    return SignInView(
        current=message("days_unit", lang).format(days=streak.current),
        longest=message("days_unit", lang).format(days=streak.longest),
        signed_today=streak.signed_today,
        button_label=(message("signin_done_button", lang) if streak.signed_today
                      else message("signin_button", lang).format(
                          reward=today_reward, points=points_for(programme, today_reward, lang))),
        today_line=message("signin_today_earned" if streak.signed_today
                           else "signin_today_earns", lang).format(
            day=today_day, reward=today_reward,
            points=points_for(programme, today_reward, lang)),
        tomorrow_line=message("signin_tomorrow", lang).format(
            reward=tomorrow_reward, points=points_for(programme, tomorrow_reward, lang)),
        calendar_title=message("calendar_title", lang).format(weeks=CALENDAR_WEEKS),
        calendar_range=_range(calendar_days(streak.today)[0], streak.today, lang),
        weekdays=message("weekdays", lang).split(","),
        cells=cells,
        freeze_line=message("freeze_offer", lang).format(
            day=day_text(offer.covers, lang), days=offer.saves) if offer else "",
        freeze_terms=(message("freeze_offer_plus", lang) if offer.price_points == 0 else
                      message("freeze_offer_price", lang).format(
                          price=number(offer.price_points, lang), points=points_name))
        if offer else "",
        any_frozen=any(cell.frozen for cell in cells),
        ladder=_ladder(program.sign_in_rewards, today_day, streak.signed_today, lang),
        ladder_note=ladder_note(program, lang),
        points_name=points_name,
    )


def calendar_days(today: date, weeks: int = CALENDAR_WEEKS) -> list[date]:
    """Monday-first weeks ending with the week of `today`, oldest first."""
    last = today + timedelta(days=6 - today.weekday())
    return [last - timedelta(days=offset) for offset in range(7 * weeks - 1, -1, -1)]


def calendar_cells(streak: rules.Streak, lang: str) -> list[CalendarCell]:
    signed, frozen = set(streak.dates), set(streak.frozen)
    days = calendar_days(streak.today)
    return [
        CalendarCell(label=str(day.day),
                     month=_month(day, lang) if day.day == 1 or index == 0 else "",
                     signed=day in signed, today=day == streak.today, frozen=day in frozen,
                     future=day > streak.today, iso=day.isoformat())
        for index, day in enumerate(days)
    ]


def freeze_sheet(offer: FreezeOffer, balance: int, program: rules.Program,
                 lang: str) -> SpendSheet:
    """The confirmation of a streak freeze: what it costs (points, or nothing for PLUS) and
    the day it forgives."""
    points_name = program.points_names.get(lang)
    price = offer.price_points
    return SpendSheet(
        action="freeze", title=message("freeze_title", lang),
        pay_lines=[message("spend_points", lang).format(points=number(price, lang),
                                                        points_name=points_name) if price
                   else message("freeze_offer_plus", lang)],
        get_lines=[message("freeze_gets", lang).format(day=day_text(offer.covers, lang),
                                                       days=offer.saves)],
        notes=[*([balance_note(balance, price, points_name, lang)] if price else []),
               message("freeze_note_once", lang)],
        confirm_label=message("freeze_confirm", lang),
        points_name=points_name,
    )


def day_text(day: date, lang: str) -> str:
    """A local day as the page writes it (11月21日, Nov 21)."""
    pattern = "M月d日" if normalize_locale(lang) == "zh" else "MMM d"
    return format_date(day, format=pattern, locale=BABEL_LOCALE[normalize_locale(lang)])


def ladder_note(program: rules.Program, lang: str) -> str:
    """The ladder in one sentence: what each day earns and what happens after the last step."""
    rewards = program.sign_in_rewards
    if len(rewards) == 1:
        # "Every sign-in earns points: 1 a day": the word is not counted here
        return message("ladder_note_flat", lang).format(
            reward=rewards[0], points=program.points_names.get(lang))
    return message("ladder_note", lang).format(
        first=rewards[0], last=rewards[-1], days=len(rewards),
        first_points=points_for(program, rewards[0], lang),
        last_points=points_for(program, rewards[-1], lang))


def _ladder(rewards: tuple[int, ...], today_day: int, signed_today: bool,
            lang: str) -> list[LadderStep]:
    if len(rewards) == 1:  # a flat reward (Alipay): one step that says "every day"
        return [LadderStep(label=message("ladder_every_day", lang), reward=f"+{rewards[0]}",
                           reached=signed_today, today=True)]
    step_today = min(today_day, len(rewards))  # from the last step on, every day is that step
    reached = step_today if signed_today else step_today - 1
    return [
        LadderStep(label=message("ladder_last_day" if index + 1 == len(rewards)
                                 else "ladder_day", lang).format(day=index + 1),
                   reward=f"+{reward}", reached=index < reached, today=index + 1 == step_today)
        for index, reward in enumerate(rewards)
    ]


def _month(day: date, lang: str) -> str:
    pattern = "M月" if normalize_locale(lang) == "zh" else "MMM"
    return format_date(day, format=pattern, locale=BABEL_LOCALE[normalize_locale(lang)])


def _range(first: date, last: date, lang: str) -> str:
    pattern = "M月d日" if normalize_locale(lang) == "zh" else "MMM d"
    locale = BABEL_LOCALE[normalize_locale(lang)]
    return (f"{format_date(first, format=pattern, locale=locale)} – "
            f"{format_date(last, format=pattern, locale=locale)}")
