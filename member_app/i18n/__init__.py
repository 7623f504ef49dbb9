"""Two locales, zh-CN (default, the programs are Chinese) and en.

Static strings live in the catalogs below and are compiled into the pages, picked on the client
by the small `locale` var, so catalogs never travel in per-client state. Figures and dates are
formatted on the server with babel for the member's locale.
"""

from __future__ import annotations

from member_app.i18n.catalog import MESSAGES

LOCALES = ("zh", "en")
DEFAULT_LOCALE = "zh"
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en_US"}


def normalize_locale(value: str | None) -> str:
    return value if value in LOCALES else DEFAULT_LOCALE


def message(key: str, locale: str) -> str:
    return MESSAGES[key][normalize_locale(locale)]


__all__ = ["BABEL_LOCALE", "DEFAULT_LOCALE", "LOCALES", "MESSAGES", "message", "normalize_locale"]
