"""The Reflex app: pages and, from the API issue on, the JSON API on the same port."""

from __future__ import annotations

import reflex as rx

from member_app.pages.home import home
from member_app.state.home import HomeState

app = rx.App(
    html_lang="zh-CN",
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.meta(name="theme-color", content="#7a4b2c"),
    ],
)
app.add_page(home, route="/", title="会员中心 · Member Centre", on_load=HomeState.load)
