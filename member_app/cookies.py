"""The cookies the member pages keep, and reading one from a Cookie header.

They are written by the pages' own JavaScript (Reflex's `rx.Cookie`), and read on the server
from the header a request or the websocket's opening request carried.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

TOKEN_COOKIE = "member_app_token"  # noqa: S105  (a cookie name, not a secret)
LOCALE_COOKIE = "member_app_locale"


def cookie_value(header: str, name: str) -> str:
    """One cookie's value from a Cookie header ("" if absent or the header is malformed)."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""
