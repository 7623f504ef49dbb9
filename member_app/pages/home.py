"""Home: the tier card of the member on show, and the demo member switcher."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import page_frame
from member_app.components.text import t
from member_app.components.tier_card import tier_card
from member_app.state.home import HomeState


def home() -> rx.Component:
    return page_frame(
        rx.cond(
            HomeState.loaded,
            rx.vstack(_restricted_banner(), tier_card(), _breakdown(), _demo_switcher(),
                      spacing="4", width="100%"),
            rx.cond(
                HomeState.not_found,
                rx.callout(t("member_not_found"), icon="info", width="100%"),
                rx.center(rx.spinner(size="3"), rx.text(t("loading")), padding="48px",
                          width="100%", spacing="2"),
            ),
        ),
        on_language=HomeState.toggle_locale,
    )


def _restricted_banner() -> rx.Component:
    return rx.cond(
        HomeState.card.restricted,
        rx.callout(t("restricted"), icon="triangle_alert", color_scheme="red", width="100%",
                   data_testid="restricted-banner"),
    )


def _breakdown() -> rx.Component:
    return rx.card(
        rx.text(t("breakdown"), weight="bold", size="3"),
        rx.foreach(
            HomeState.card.breakdown,
            lambda row: rx.vstack(
                rx.hstack(
                    rx.text(row.label, size="2"),
                    rx.spacer(),
                    rx.text(row.value, size="2", weight="bold"),
                    width="100%",
                ),
                rx.progress(value=row.percent, size="1", width="100%"),
                spacing="1",
                width="100%",
                margin_top="10px",
            ),
        ),
        width="100%",
    )


def _demo_switcher() -> rx.Component:
    return rx.card(
        rx.text(t("demo_members"), weight="bold", size="3"),
        rx.flex(
            rx.foreach(
                HomeState.demo_members,
                lambda member: rx.button(
                    member["username"],
                    size="1",
                    radius="full",
                    variant=rx.cond(member["username"] == HomeState.username, "solid", "outline"),
                    on_click=HomeState.show_member(member["username"]),
                ),
            ),
            wrap="wrap",
            gap="8px",
            margin_top="10px",
        ),
        width="100%",
    )
