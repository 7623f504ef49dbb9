"""The Reflex app: pages and, from the API issue on, the JSON API on the same port."""

from __future__ import annotations

import reflex as rx

from member_app.api import api_app
from member_app.pages.home import home
from member_app.state.home import HomeState

app = rx.App(
    api_transformer=api_app,
    html_lang="zh-CN",
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.meta(name="theme-color", content="#3b2a22"),
        rx.el.link(rel="manifest", href="/manifest.json"),
        rx.el.link(rel="icon", href="/favicon.ico"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        # An external script: React does not run inline scripts it renders itself.
        rx.script(src="/register-sw.js", custom_attrs={"async": True}),
    ],
)
app.add_page(home, route="/", title="会员中心 · Member Centre", on_load=HomeState.load)
