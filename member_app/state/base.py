"""State every page shares: the locale, kept in a cookie so the server can format for it."""

from __future__ import annotations

import reflex as rx

from member_app.i18n import normalize_locale

ONE_YEAR = 365 * 24 * 3600


class AppState(rx.State):
    locale: str = rx.Cookie("zh", name="member_app_locale", max_age=ONE_YEAR)

    @rx.var
    def lang(self) -> str:
        return normalize_locale(self.locale)

    def _flip_locale(self) -> None:
        self.locale = "en" if self.lang == "zh" else "zh"
