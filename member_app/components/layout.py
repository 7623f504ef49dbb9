"""The phone-first frame: a header, a centred column at most 480px wide, a bottom tab bar.

On a desktop the column stays phone-width in the middle of the window, as member centres do.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t
from member_app.state.session import SessionState

PAGE_BACKGROUND = "#f6f4f1"
ACCENT = "#8a5a1f"  # gold-brown, 5.9:1 on white (WCAG AA for small text)
MUTED = "#6b6058"  # secondary text, 5.6:1 on the page background
TAB_BAR_HEIGHT = "64px"
TABS = (
    ("home", "/", "house", "tab_home"),
    ("signin", "/sign-in", "calendar-check", "tab_signin"),
    ("points", "/points", "coins", "tab_points"),
    ("coupons", "/coupons", "ticket", "tab_coupons"),
    ("me", "/me", "user-round", "tab_me"),
)


def page_frame(
    *children: rx.Component,
    active: str,
    title: str = "app_title",
    reload: rx.EventHandler | None = None,
) -> rx.Component:
    """A member page. `reload` re-runs the page's loader after a language switch."""
    switch = [SessionState.toggle_locale] + ([reload] if reload is not None else [])
    return rx.box(
        offline_banner(),
        rx.el.main(rx.vstack(
            rx.hstack(
                rx.heading(t(title), size="5", data_testid="page-title"),
                rx.spacer(),
                rx.button(
                    t("language"),
                    variant="soft",
                    size="1",
                    radius="full",
                    on_click=switch,
                    data_testid="language-toggle",
                ),
                width="100%",
                align="center",
            ),
            *children,
            spacing="4",
            width="100%",
            max_width="480px",
            margin="0 auto",
            padding="16px",
            padding_bottom=f"calc({TAB_BAR_HEIGHT} + 24px)",
        )),
        tab_bar(active),
        background=PAGE_BACKGROUND,
        min_height="100vh",
    )


def offline_banner() -> rx.Component:
    """Hidden until assets/offline.js marks the page offline (CSS in member_app.py)."""
    return rx.hstack(
        rx.icon("wifi-off", size=16),
        rx.text(t("offline_banner"), size="2", weight="medium"),
        align="center",
        justify="center",
        spacing="2",
        position="sticky",
        top="0",
        z_index="20",
        padding="8px 12px",
        background="#3b2a22",
        color="white",
        width="100%",
        role="status",
        data_testid="offline-banner",
        custom_attrs={"data-offline-banner": "true"},
    )


def tab_bar(active: str) -> rx.Component:
    return rx.box(
        rx.hstack(
            *[_tab(name == active, route, icon, label) for name, route, icon, label in TABS],
            justify="between",
            width="100%",
            max_width="480px",
            margin="0 auto",
            padding_x="12px",
        ),
        position="fixed",
        bottom="0",
        left="0",
        right="0",
        height=TAB_BAR_HEIGHT,
        padding_bottom="env(safe-area-inset-bottom)",
        background="rgba(255,255,255,0.96)",
        border_top="1px solid #ece6df",
        backdrop_filter="blur(8px)",
        z_index="10",
        role="navigation",
    )


def _tab(is_active: bool, route: str, icon: str, label: str) -> rx.Component:
    colour = ACCENT if is_active else MUTED
    return rx.link(
        rx.vstack(
            rx.icon(icon, size=22, color=colour),
            rx.text(t(label), size="1", color=colour, weight="bold" if is_active else "regular"),
            spacing="1",
            align="center",
            padding_top="8px",
        ),
        href=route,
        underline="none",
        flex="1",
        data_testid=f"tab-{route.strip('/') or 'home'}",
        aria_current="page" if is_active else None,
    )


def section(title_key: str, *children: rx.Component, **props) -> rx.Component:  # type: ignore[no-untyped-def]
    """A white card with a bold title: the building block of every page."""
    return rx.card(
        rx.text(t(title_key), weight="bold", size="3"),
        *children,
        width="100%",
        **props,
    )


def loading() -> rx.Component:
    return rx.center(
        rx.spinner(size="3"), rx.text(t("loading")), padding="48px", width="100%", spacing="2"
    )
