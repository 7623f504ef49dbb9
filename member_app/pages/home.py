"""Home: tier card, restricted banner, points and streak at a glance, growth by source and month."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import ACCENT, loading, page_frame, section
from member_app.components.text import t
from member_app.components.tier_card import tier_card
from member_app.presenters.home import CHART_SLOTS, SERIES_COLOURS
from member_app.state.home import HomeState

summary = HomeState.summary


def home() -> rx.Component:
    return page_frame(
        rx.cond(
            HomeState.loaded,
            rx.vstack(
                _restricted_banner(),
                tier_card(),
                _glance(),
                _breakdown(),
                _monthly_chart(),
                spacing="4",
                width="100%",
            ),
            loading(),
        ),
        active="home",
        reload=HomeState.load,
    )


def _restricted_banner() -> rx.Component:
    return rx.cond(
        HomeState.card.restricted,
        rx.callout(
            t("restricted"),
            icon="triangle_alert",
            color_scheme="red",
            width="100%",
            data_testid="restricted-banner",
        ),
    )


def _glance() -> rx.Component:
    return rx.grid(
        rx.link(
            rx.card(
                rx.text(summary.points_line, size="1", color_scheme="gray"),
                rx.text(HomeState.balance, size="6", weight="bold", data_testid="home-balance"),
                rx.cond(
                    summary.expiring_line != "",
                    rx.text(summary.expiring_line, size="1", color="#d4380d"),
                ),
                height="100%",
            ),
            href="/points",
            underline="none",
        ),
        rx.link(
            rx.card(
                rx.text(t("tab_signin"), size="1", color_scheme="gray"),
                rx.text(summary.streak_line, size="3", weight="bold"),
                rx.text(t("go_sign_in"), " ›", size="1", color=ACCENT),
                height="100%",
            ),
            href="/sign-in",
            underline="none",
        ),
        columns="2",
        spacing="3",
        width="100%",
    )


def _breakdown() -> rx.Component:
    return section(
        "breakdown",
        rx.foreach(
            HomeState.card.breakdown,
            lambda row: rx.vstack(
                rx.hstack(
                    rx.text(row.label, size="2"),
                    rx.spacer(),
                    rx.text(row.value, size="2", weight="bold"),
                    width="100%",
                ),
                rx.progress(value=row.percent, size="1", width="100%", color_scheme="amber",
                            aria_label=row.label),
                spacing="1",
                width="100%",
                margin_top="10px",
            ),
        ),
    )


def _monthly_chart() -> rx.Component:
    return section(
        "by_month",
        rx.recharts.bar_chart(
            *[
                rx.recharts.bar(
                    data_key=slot,
                    name=summary.series_names[index],
                    stack_id="growth",
                    fill=colour,
                    is_animation_active=False,
                )
                for index, (slot, colour) in enumerate(
                    zip(CHART_SLOTS, SERIES_COLOURS, strict=True)
                )
            ],
            rx.recharts.x_axis(
                data_key="month", tick_line=False, interval=0, tick={"fontSize": 10}
            ),
            rx.recharts.y_axis(width=44, tick_line=False, axis_line=False, tick={"fontSize": 10}),
            rx.recharts.graphing_tooltip(),
            data=HomeState.chart,
            width="100%",
            height=180,
            margin={"top": 10, "right": 0, "left": 0, "bottom": 0},
        ),
        rx.flex(
            rx.foreach(
                summary.series,
                lambda series: rx.hstack(
                    rx.box(
                        width="10px", height="10px", border_radius="3px", background=series.colour
                    ),
                    rx.text(series.label, size="1"),
                    spacing="1",
                    align="center",
                ),
            ),
            gap="12px",
            wrap="wrap",
        ),
        data_testid="monthly-chart",
    )
