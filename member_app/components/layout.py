"""The frame of every member page, in the signed-in member's programme colours.

Phone (below 1024 px): a header band in the programme's colour, one column at most 480 px wide,
a bottom tab bar. Desktop (1024 px and up): the same navigation becomes a side bar, the content
is up to 1080 px wide, and `page_columns` lays its two parts side by side. The breakpoints are
CSS (assets/theme.css, `.mc-*`), so one navigation element serves both sizes.

The colours are the custom properties of assets/theme.css (--brand, --brand-strong,
--brand-soft, --brand-accent, --on-brand), switched by `data-programme` on the frame's box.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.brand import programme_mark_of
from member_app.components.text import t, t_choice
from member_app.state.session import SessionState

# Colours for code that sets them inline: the programme's, through the theme's properties.
ACCENT = "var(--brand-strong)"  # text, icons, borders on white: >= 4.5:1 in every programme
BRAND = "var(--brand)"
BRAND_SOFT = "var(--brand-soft)"
ON_BRAND = "var(--on-brand)"
PAGE_BACKGROUND = "var(--page-background)"
MUTED = "#5c6470"  # secondary text, 5.5:1 on the page background
TABS = (
    ("home", "/", "house", "tab_home"),
    ("signin", "/sign-in", "calendar-check", "tab_signin"),
    ("points", "/points", "coins", "tab_points"),
    ("coupons", "/coupons", "ticket", "tab_coupons"),
    ("me", "/me", "user-round", "tab_me"),
)
PROGRAMME_NAMES = {code: f"program_{code}" for code in ("jd", "fliggy", "alipay")}
POINTS_TAB_NAMES = {code: f"tab_points_{code}" for code in ("jd", "fliggy", "alipay")}


def page_frame(
    *children: rx.Component,
    active: str,
    title: str = "app_title",
    reload: rx.EventHandler | None = None,
) -> rx.Component:
    """A member page. `reload` re-runs the page's loader after a language switch."""
    return rx.box(
        offline_banner(),
        navigation(active),
        rx.box(
            _header(title, reload),
            rx.el.main(
                rx.vstack(*children, spacing="4", width="100%"),
                class_name="mc-main",
            ),
        ),
        class_name="mc-app",
        custom_attrs={"data-programme": SessionState.program},
        data_testid="frame",
    )


def page_columns(main: rx.Component, side: rx.Component) -> rx.Component:
    """Two parts of a page: stacked on a phone, side by side from 1024 px (main about 60%).

    Give each part a vstack or a single component; the home page puts the tier card and the
    chart in `main`, and sign-in, points and coupons summaries in `side`, for example:

        page_frame(page_columns(rx.vstack(tier_card(), chart()), rx.vstack(signin(), ...)),
                   active="home")
    """
    return rx.el.div(
        rx.el.div(main, class_name="mc-column", data_testid="column-main"),
        rx.el.div(side, class_name="mc-column", data_testid="column-side"),
        class_name="mc-columns",
    )


def language_toggle(*extra: rx.EventHandler) -> rx.Component:
    return rx.button(
        t("language"),
        size="1",
        radius="full",
        on_click=[SessionState.toggle_locale, *extra],
        # White pill with the programme's strong colour: readable on every band colour.
        style={"background": "white", "color": "var(--brand-strong)"},
        data_testid="language-toggle",
    )


def _header(title: str, reload: rx.EventHandler | None) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            programme_mark_of(SessionState.program, size=32,
                              label=t_choice(SessionState.program, PROGRAMME_NAMES, "app_title")),
            rx.heading(t(title), size="5", weight="bold", data_testid="page-title",
                       color=ON_BRAND),
            rx.spacer(),
            language_toggle(*([reload] if reload is not None else [])),
            width="100%",
            align="center",
            spacing="3",
            class_name="mc-header-inner",
        ),
        class_name="mc-header",
        data_testid="brand-header",
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
        background="#1e293b",
        color="white",
        width="100%",
        role="status",
        data_testid="offline-banner",
        custom_attrs={"data-offline-banner": "true"},
    )


def navigation(active: str) -> rx.Component:
    """The tab bar on a phone, the side navigation on a desktop (CSS decides which)."""
    return rx.el.nav(
        rx.el.div(
            programme_mark_of(SessionState.program, size=36),
            rx.vstack(
                rx.text(t_choice(SessionState.program, PROGRAMME_NAMES, "app_title"),
                        weight="bold", size="3"),
                rx.text(t("app_title"), size="1", color=MUTED),
                spacing="0",
            ),
            class_name="mc-nav-brand",
        ),
        rx.el.div(
            *[_tab(name == active, route, icon, label) for name, route, icon, label in TABS],
            class_name="mc-nav-links",
        ),
        class_name="mc-nav",
        aria_label=t("navigation"),
    )


def _tab(is_active: bool, route: str, icon: str, label: str) -> rx.Component:
    return rx.link(
        rx.icon(icon, size=22),
        rx.text(t_choice(SessionState.program, POINTS_TAB_NAMES, label) if label == "tab_points"
                else t(label), size="1", as_="span", class_name="mc-tab-label"),
        href=route,
        underline="none",
        class_name="mc-tab",
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


def shown_in_current_language(state: type[SessionState]) -> rx.Var[bool]:
    """True once a page's state holds the signed-in member's figures in their current language.

    A page's state keeps what it showed on the last visit. After the member switches language
    on another page, those words are in the old language, and after a logout and another
    member's login in the same tab they are the first member's, until the page's load answers
    (over the websocket, after the first paint); the page shows `loading()` until then.
    """
    return state.shown_in == SessionState.shown_for  # type: ignore[attr-defined,return-value]
