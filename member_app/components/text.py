"""Static strings on the page: both locales are compiled in, the `lang` var picks one."""

from __future__ import annotations

import reflex as rx

from member_app.i18n import MESSAGES
from member_app.state.base import AppState


def t(key: str) -> rx.Var:
    entry = MESSAGES[key]
    return rx.cond(AppState.lang == "en", entry["en"], entry["zh"])
