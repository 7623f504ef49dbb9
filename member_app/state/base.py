"""State every page shares: the locale, kept in a cookie so the server can format for it.

The first visit takes the locale from the browser's Accept-Language (zh-* -> zh, else en);
switching writes the cookie, so the choice is remembered.
"""

from __future__ import annotations

import reflex as rx

from member_app.cookies import LOCALE_COOKIE
from member_app.i18n import locale_from_accept_language, normalize_locale

ONE_YEAR = 365 * 24 * 3600


class AppState(rx.State):
    locale: str = rx.Cookie("", name=LOCALE_COOKIE, max_age=ONE_YEAR)

    @rx.var
    def lang(self) -> str:
        return normalize_locale(self.locale) if self.locale else "zh"

    def _settle_locale(self) -> None:
        if not self.locale:
            self.locale = locale_from_accept_language(self.router.headers.accept_language)

    def _flip_locale(self) -> None:
        self.locale = "en" if self.lang == "zh" else "zh"

    # A bug reached an event handler (member_app.backend_exception_handler): every page shows
    # a notice (components/error_notice.py) until the member closes it. A flag, not a toast
    # sent from the server: Reflex runs server-sent scripts with eval, which our CSP refuses.
    backend_error: bool = False

    @rx.event
    def show_backend_error(self) -> None:
        self.backend_error = True

    @rx.event
    def dismiss_backend_error(self) -> None:
        self.backend_error = False
