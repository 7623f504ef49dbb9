"""Static strings on the page: both locales are compiled in, the `lang` var picks one."""

from __future__ import annotations

import reflex as rx

from member_app.i18n import MESSAGES
from member_app.state.base import AppState


def t(key: str) -> rx.Var:
    entry = MESSAGES[key]
    return rx.cond(AppState.lang == "en", entry["en"], entry["zh"])


def t_choice(var: rx.Var, keys: dict[str, str], default: str) -> rx.Var:
    """The message for whichever value `var` holds: keys maps a value to a message key."""
    return rx.match(var, *[(value, t(key)) for value, key in keys.items()], t(default))
