"""Every visible string exists in both locales; figures and dates follow the locale."""

from __future__ import annotations

from datetime import date

from member_app.i18n import LOCALES, MESSAGES, message, normalize_locale
from member_app.i18n.format import day, number


def test_every_message_has_every_locale_and_no_blank() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LOCALES), key
        assert all(text.strip() for text in texts.values()), key


def test_placeholders_match_across_locales() -> None:
    import string

    for key, texts in MESSAGES.items():
        fields = {
            locale: {name for _, name, _, _ in string.Formatter().parse(text) if name}
            for locale, text in texts.items()
        }
        assert fields["zh"] == fields["en"], key


def test_unknown_locale_falls_back_to_chinese() -> None:
    assert normalize_locale("fr") == "zh"
    assert normalize_locale(None) == "zh"
    assert message("app_title", "xx") == "会员中心"


def test_numbers_and_dates_follow_the_locale() -> None:
    assert number(12345, "en") == "12,345"
    assert number(12345, "zh") == "12,345"
    assert day(date(2026, 11, 23), "en") == "November 23, 2026"
    assert day(date(2026, 11, 23), "zh") == "2026年11月23日"
