"""The tier card: tier and growth, one goal for every member, and the tiers' benefits.

It wears the programme's colours (the shared --brand properties of assets/theme.css, with
neutral fallbacks): JD red and Alipay blue carry white text, Fliggy's yellow its deep blue.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.icons import matched_icon
from member_app.components.text import t
from member_app.state.home import HomeState

# The strong colour to the brand colour; Fliggy's yellow stays light so its deep blue reads.
CARD_BACKGROUNDS = {
    "fliggy": "linear-gradient(135deg, var(--brand, #ffdd00) 0%, #fff0a0 100%)",
}
DEFAULT_BACKGROUND = ("linear-gradient(135deg, var(--brand-strong, #334155) 0%, "
                      "var(--brand, #3b4a66) 100%)")
# Text on the card: the programme's --on-brand (Fliggy: deep blue on its yellow).
ON_CARD = {"fliggy": "var(--on-brand, #1c2a6b)"}
DEFAULT_ON_CARD = "var(--on-brand, #ffffff)"
# Tints of whatever colour the card's text has: they work on every programme's card.
TINT = "color-mix(in srgb, currentColor 14%, transparent)"
TRACK = "color-mix(in srgb, currentColor 22%, transparent)"

card = HomeState.card


def tier_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(card.program_name, size="2", weight="medium"),
            rx.spacer(),
            rx.cond(
                HomeState.summary.plus_active,
                rx.badge(t("plus_badge"), variant="solid", color_scheme="gold", radius="full",
                         data_testid="plus-badge"),
            ),
            rx.text(t("current_tier"), size="1", padding="2px 10px", border_radius="999px",
                    background=TINT),
            width="100%",
            align="center",
        ),
        rx.text(card.tier_name, size="8", weight="bold", margin_top="8px",
                data_testid="tier-name", custom_attrs={"data-tier": card.tier_code}),
        rx.hstack(
            rx.text(card.growth_name, size="2"),
            rx.text(card.growth, size="5", weight="bold", data_testid="growth"),
            # SPEC 13 explain: the figure opens to its parts, rules and events
            rx.link(t("explain_link"), " ›", href="/explain", size="1", color="inherit",
                    underline="always", opacity="0.9", data_testid="growth-explain"),
            align="baseline",
            spacing="2",
        ),
        _goal(),
        _notes(),
        _benefits(),
        _plus_saved(),
        background=rx.match(card.program, *CARD_BACKGROUNDS.items(), DEFAULT_BACKGROUND),
        color=rx.match(card.program, *ON_CARD.items(), DEFAULT_ON_CARD),
        padding="20px",
        border_radius="20px",
        box_shadow="0 10px 30px rgba(15, 23, 42, 0.16)",
        width="100%",
        data_testid="tier-card",
        custom_attrs={"data-goal": card.kind},
    )


def _goal() -> rx.Component:
    return rx.box(
        rx.hstack(
            matched_icon(card.kind, [("restricted", "lock"), ("new", "sparkles"),
                                     ("keep", "shield-check")], "target", size=16),
            rx.text(card.goal_label, size="1", weight="bold"),
            spacing="1",
            align="center",
        ),
        rx.text(card.goal, size="3", weight="bold", margin_top="4px", data_testid="next-step"),
        rx.cond(card.goal_detail != "",
                rx.text(card.goal_detail, size="1", margin_top="2px", data_testid="goal-detail")),
        rx.cond(card.show_progress, _progress()),
        rx.cond(card.welcome, _welcome_steps()),
        # a new member too: what it takes to reach the first tier is the plan's first use
        rx.link(t("fc_link"), " ›", href="/forecast", size="1", color="inherit",
                underline="always", display="inline-block", margin_top="6px",
                data_testid="forecast-link"),
        margin_top="14px",
        padding="12px 14px",
        border_radius="14px",
        background=TINT,
        data_testid=rx.cond(card.restricted, "restricted-banner", "tier-goal"),
    )


def _progress() -> rx.Component:
    return rx.box(
        rx.box(
            width=card.progress.to_string() + "%",
            height="100%",
            background="currentColor",
            border_radius="999px",
            transition="width 0.6s ease",
        ),
        height="8px",
        width="100%",
        background=TRACK,
        border_radius="999px",
        margin_top="10px",
        role="progressbar",
        aria_valuenow=card.progress,
        aria_valuemin=0,
        aria_valuemax=100,
        aria_label=card.progress_label,
    )


def _plus_saved() -> rx.Component:
    """PLUS members: what PLUS saved this year, opening the statement (SPEC 13)."""
    line = HomeState.summary.plus_saved_line
    return rx.cond(line != "", rx.link(
        rx.hstack(rx.icon("piggy-bank", size=16, flex_shrink="0"),
                  rx.text(line, size="2", weight="medium"),
                  rx.icon("chevron-right", size=14), spacing="2", align="center"),
        href="/plus", underline="none", color="inherit", margin_top="10px",
        padding="4px 10px", border_radius="999px", background=TINT, width="fit-content",
        data_testid="home-plus-saved",
    ))


def _welcome_steps() -> rx.Component:
    return rx.vstack(
        rx.foreach(
            card.welcome_steps,
            lambda step: rx.link(
                rx.hstack(
                    rx.icon("circle-chevron-right", size=16, flex_shrink="0"),
                    rx.text(step.text, size="2", weight="medium"),
                    spacing="2",
                    align="center",
                ),
                href=step.href,
                underline="none",
                color="inherit",
                data_testid="welcome-step",
            ),
        ),
        spacing="2",
        margin_top="10px",
        data_testid="welcome",
    )


def _notes() -> rx.Component:
    return rx.fragment(
        rx.cond(
            card.settlement_note != "",
            rx.text(card.settlement_note, size="1", margin_top="8px"),
        ),
        rx.cond(
            card.forecast_note != "",
            rx.text(card.forecast_note, size="1", margin_top="2px",
                    data_testid="settlement-forecast"),
        ),
    )


def _chips(chips: rx.Var) -> rx.Component:
    return rx.flex(
        rx.foreach(
            chips,
            lambda chip: rx.text(chip.label, size="1", padding="3px 10px", border_radius="999px",
                                 background=TINT, white_space="nowrap",
                                 custom_attrs={"data-benefit": chip.code}),
        ),
        gap="6px",
        wrap="wrap",
        margin_top="4px",
    )


def _benefits() -> rx.Component:
    return rx.box(
        rx.text(card.benefits_label, size="1", weight="bold"),
        rx.cond(card.benefits_note != "",
                rx.text(card.benefits_note, size="1", margin_top="2px",
                        data_testid="benefits-frozen"),
                _chips(card.benefits)),
        rx.cond(
            card.next_benefits.length() > 0,
            rx.box(
                rx.text(card.next_benefits_label, size="1", weight="bold", margin_top="10px"),
                _chips(card.next_benefits),
                data_testid="next-benefits",
            ),
        ),
        margin_top="14px",
        data_testid="benefits-strip",
    )
