"""Locale-aware figures and dates (babel), so '12,345' and '2026年11月23日' come out right."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from member_app.i18n import BABEL_LOCALE, normalize_locale


def number(value: int, locale: str) -> str:
    return format_decimal(value, locale=BABEL_LOCALE[normalize_locale(locale)])


def day(value: date, locale: str) -> str:
    return format_date(value, format="long", locale=BABEL_LOCALE[normalize_locale(locale)])
