"""The tier card: tier, growth, progress to the next tier and when the tier would drop."""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t
from member_app.state.home import HomeState

# Card colours per program, close to each platform's own member centre.
PROGRAM_GRADIENTS = {
    "jd": "linear-gradient(135deg, #3b2a22 0%, #7a4b2c 55%, #c9935a 100%)",
    "fliggy": "linear-gradient(135deg, #1f1b3a 0%, #3d2f7a 55%, #f5b700 140%)",
    "alipay": "linear-gradient(135deg, #0b3a7a 0%, #1677ff 60%, #69b1ff 100%)",
}

card = HomeState.card


def tier_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(card.program_name, size="2", opacity="0.85"),
            rx.spacer(),
            rx.cond(
                HomeState.summary.plus_active,
                rx.badge(
                    t("plus_badge"),
                    variant="solid",
                    color_scheme="gold",
                    radius="full",
                    data_testid="plus-badge",
                ),
            ),
            rx.badge(t("current_tier"), variant="surface", color_scheme="amber", radius="full"),
            width="100%",
        ),
        rx.text(
            card.tier_name,
            size="8",
            weight="bold",
            margin_top="10px",
            data_testid="tier-name",
            custom_attrs={"data-tier": card.tier_code},
        ),
        rx.hstack(
            rx.text(card.growth_name, size="2", opacity="0.85"),
            rx.text(card.growth, size="5", weight="bold", data_testid="growth"),
            align="baseline",
            spacing="2",
        ),
        _progress(),
        _next_step(),
        _window_note(),
        background=rx.match(card.program, *PROGRAM_GRADIENTS.items(), PROGRAM_GRADIENTS["jd"]),
        color="white",
        padding="20px",
        border_radius="20px",
        box_shadow="0 10px 30px rgba(0,0,0,0.18)",
        width="100%",
        data_testid="tier-card",
    )


def _progress() -> rx.Component:
    return rx.box(
        rx.box(
            width=card.progress.to_string() + "%",
            height="100%",
            background="linear-gradient(90deg, #ffd591, #ffec3d)",
            border_radius="999px",
            transition="width 0.6s ease",
        ),
        height="8px",
        width="100%",
        background="rgba(255,255,255,0.22)",
        border_radius="999px",
        margin_top="14px",
        role="progressbar",
        aria_valuenow=card.progress,
        aria_label=card.next_step,
    )


def _next_step() -> rx.Component:
    return rx.text(card.next_step, size="2", margin_top="10px", data_testid="next-step")


def _window_note() -> rx.Component:
    return rx.fragment(
        rx.cond(
            card.window_note != "",
            rx.text(card.window_note, size="1", opacity="0.8", margin_top="4px"),
        ),
        rx.cond(
            card.settlement_note != "",
            rx.text(card.settlement_note, size="1", opacity="0.8", margin_top="4px"),
        ),
        rx.cond(
            card.forecast_note != "",
            rx.text(card.forecast_note, size="1", opacity="0.8", margin_top="2px",
                    data_testid="settlement-forecast"),
        ),
    )
