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


def page_locale(chosen: str, accept_language: str) -> str:
    """The locale the pages use: the one the member chose (the locale cookie), else the
    browser's Accept-Language."""
    return normalize_locale(chosen) if chosen else locale_from_accept_language(accept_language)


def locale_from_accept_language(header: str) -> str:
    """A first visit's locale, from the browser's Accept-Language (zh-* -> zh, else en)."""
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


# The programmes' own words (rules/programs/*.toml) are lower case in English ("miles",
# "points", "JD beans"), as they read inside a sentence; a message that starts with one of
# them gets its first letter capitalised once formatted ("Miles available").
STARTS_WITH_PROGRAMME_WORD = ("{points_name}", "{growth}")


class _CapitalisedTemplate(str):
    """An English template whose formatted text starts with a capital letter."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        text = super().format(*args, **kwargs)
        return text[:1].upper() + text[1:]


def message(key: str, locale: str) -> str:
    template = MESSAGES[key][normalize_locale(locale)]
    if template.startswith(STARTS_WITH_PROGRAMME_WORD):
        return _CapitalisedTemplate(template)
    return template


def capitalised(word: str) -> str:
    """A programme word shown on its own, as a label: "Miles", "Points", "JD beans"."""
    return word[:1].upper() + word[1:]


__all__ = ["BABEL_LOCALE", "DEFAULT_LOCALE", "LOCALES", "MESSAGES", "capitalised", "message",
           "normalize_locale"]
