"""Home: the tier card (with its goal), points and sign-in at a glance, growth by source and month.

A new member sees the card's welcome instead of empty charts. The two parts are laid out with
the frame's column classes (assets/theme.css `.mc-columns`): stacked on a phone, side by side
on a desktop.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, shown_in_current_language
from member_app.components.text import t
from member_app.components.tier_card import tier_card
from member_app.presenters.home import CHART_SLOTS
from member_app.state.home import HomeState

summary = HomeState.summary
STRONG = "var(--brand-strong, #334155)"  # text on white, >= 4.5:1 in every programme
SOFT = "var(--brand-soft, #eef1f6)"


def home() -> rx.Component:
    return page_frame(
        rx.cond(
            shown_in_current_language(HomeState),
            rx.el.div(
                rx.el.div(
                    rx.vstack(tier_card(), _growth_and_points(), spacing="4", width="100%"),
                    class_name="mc-column",
                ),
                rx.el.div(
                    rx.vstack(
                        rx.cond(HomeState.bubbles.shown | (HomeState.collected != ""),
                                _bubbles()),
                        _glance(),
                        rx.cond(~HomeState.card.welcome,
                                rx.vstack(_monthly_chart(), _breakdown(), spacing="4",
                                          width="100%")),
                        spacing="4",
                        width="100%",
                    ),
                    class_name="mc-column",
                ),
                class_name="mc-columns",
            ),
            # member_app.first_paint draws the card from the first response over this slot,
            # only until this tab's state has shown home once: a later wait (the language
            # changed on another page) must not bring that first response's card back.
            rx.cond(HomeState.shown_in == "",
                    rx.box(loading(), custom_attrs={"data-first-paint-slot": "home"}),
                    loading()),
        ),
        active="home",
        reload=HomeState.load,
    )


def _growth_and_points() -> rx.Component:
    """The two numbers told apart: growth decides the tier, points are spent."""
    return rx.hstack(
        rx.icon("info", size=14, color=STRONG, flex_shrink="0", margin_top="2px"),
        rx.text(summary.growth_points_note, size="1", color="#475569"),
        spacing="2",
        align="start",
        padding_x="4px",
        data_testid="growth-points-note",
    )


BUBBLE_CSS = """
@keyframes mc-bob { 0%, 100% { transform: translateY(0); } 50% { transform: translateY(-4px); } }
@keyframes mc-rise { 0% { transform: translateY(6px); opacity: 0; }
  30% { transform: translateY(0); opacity: 1; } 100% { transform: translateY(0); opacity: 1; } }
.mc-bubble { width: 64px; height: 64px; border-radius: 50%; border: none; cursor: pointer;
  display: flex; flex-direction: column; align-items: center; justify-content: center;
  background: radial-gradient(circle at 32% 28%, #ffffff 0%, var(--brand-soft, #e6f4ff) 45%,
  var(--brand, #1677ff) 140%); color: var(--brand-strong, #0958d9);
  box-shadow: 0 2px 8px rgba(9, 88, 217, 0.25); animation: mc-bob 2.6s ease-in-out infinite; }
.mc-bubble:nth-child(2n) { animation-delay: -1.3s; }
.mc-bubble:focus-visible { outline: 3px solid var(--brand-strong, #0958d9); outline-offset: 2px; }
/* One width for every column, whatever its caption says, so a bubble that turns to collected
   moves neither itself nor its neighbours. */
.mc-bubble-column { width: 84px; text-align: center; }
.mc-bubble-done { cursor: default; animation: none; opacity: 0.55; box-shadow: none;
  background: var(--brand-soft, #e6f4ff); }
.mc-bubble-points { font-size: 18px; font-weight: 700; line-height: 1.1; }
.mc-bubble-label { font-size: 11px; line-height: 1.2; }
.mc-collected { animation: mc-rise 0.7s ease-out both; }
@media (prefers-reduced-motion: reduce) { .mc-bubble, .mc-collected { animation: none; } }
"""


def _bubbles() -> rx.Component:
    """Alipay's subsidy bubbles (SPEC 13): a tap collects one; each says when it lapses."""
    card = HomeState.bubbles
    return rx.card(
        rx.el.style(BUBBLE_CSS),
        rx.cond(card.shown, rx.vstack(
            rx.text(card.title, weight="bold", size="3", data_testid="bubbles-title"),
            rx.text(card.hint, size="1", color="#475569"),
            spacing="1", width="100%")),
        rx.flex(
            rx.foreach(card.bubbles, lambda bubble: rx.cond(
                bubble.collected, _collected_bubble(bubble), _waiting_bubble(bubble))),
            gap="14px", wrap="wrap", margin_top=rx.cond(card.shown, "12px", "0"),
        ),
        rx.cond(
            HomeState.collected != "",
            rx.hstack(
                rx.icon("circle-check", size=16, color="#15803d"),
                rx.text(HomeState.collected, size="2", color="#15803d", weight="medium"),
                spacing="1", align="center", margin_top="8px", class_name="mc-collected",
                key=HomeState.collected_seq.to_string(), role="status",
                data_testid="bubble-collected",
            ),
        ),
        width="100%",
        data_testid="bubbles",
    )


def _waiting_bubble(bubble: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.button(
            rx.el.span(bubble.points, class_name="mc-bubble-points"),
            rx.el.span(bubble.label, class_name="mc-bubble-label"),
            class_name="mc-bubble",
            on_click=HomeState.collect(bubble.bubble),
            aria_label=bubble.spoken,
            data_testid="bubble",
            custom_attrs={"data-bubble": bubble.bubble},
        ),
        rx.text(bubble.lapses, size="1", weight=rx.cond(bubble.urgent, "bold", "regular"),
                color=rx.cond(bubble.urgent, "#b42318", "#475569"),
                data_testid="bubble-lapses"),
        align="center", spacing="1", class_name="mc-bubble-column",
    )


def _collected_bubble(bubble: rx.Var) -> rx.Component:
    """Same size and place as the bubble it was, with nothing to tap (presenters/bubbles)."""
    return rx.vstack(
        rx.el.div(
            rx.icon("check", size=16),
            rx.el.span(bubble.points, class_name="mc-bubble-points"),
            class_name="mc-bubble mc-bubble-done",
            role="img",
            aria_label=bubble.spoken,
            data_testid="bubble-done",
            custom_attrs={"data-bubble": bubble.bubble},
        ),
        rx.text(bubble.label, size="1", color="#475569", data_testid="bubble-done-label"),
        align="center", spacing="1", class_name="mc-bubble-column",
    )


def _glance() -> rx.Component:
    return rx.grid(
        rx.link(
            rx.card(
                rx.text(summary.points_line, size="1", color="#475569"),
                rx.text(HomeState.balance, size="6", weight="bold", data_testid="home-balance"),
                rx.cond(
                    summary.expiring_line != "",
                    rx.text(summary.expiring_line, size="1", color="#b42318"),
                ),
                height="100%",
            ),
            href="/points",
            underline="none",
            color="inherit",
        ),
        rx.link(
            rx.card(
                rx.text(t("tab_signin"), size="1", color="#475569"),
                rx.text(summary.streak_line, size="3", weight="bold", data_testid="home-streak"),
                rx.cond(
                    summary.signed_today,
                    rx.hstack(rx.icon("circle-check", size=14, color="#15803d"),
                              rx.text(summary.sign_in_line, size="1", color="#15803d"),
                              spacing="1", align="center"),
                    rx.text(summary.sign_in_line, " ›", size="1", color=STRONG,
                            weight="medium"),
                ),
                height="100%",
                data_testid="home-sign-in",
                custom_attrs={"data-signed-today": summary.signed_today},
            ),
            href="/sign-in",
            underline="none",
            color="inherit",
        ),
        columns="2",
        spacing="3",
        width="100%",
    )


def _breakdown() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(HomeState.card.breakdown_title, weight="bold", size="3",
                    data_testid="breakdown-title"),
            rx.spacer(),
            rx.link(t("explain_link"), " ›", href="/explain", size="2", color=STRONG,
                    data_testid="breakdown-explain"),
            align="baseline", width="100%",
        ),
        rx.foreach(
            HomeState.card.breakdown,
            lambda row: rx.vstack(
                rx.hstack(
                    rx.text(row.label, size="2"),
                    rx.spacer(),
                    rx.text(row.value, size="2", weight="bold"),
                    width="100%",
                ),
                rx.progress(value=row.percent, size="1", width="100%", aria_label=row.label),
                spacing="1",
                width="100%",
                margin_top="10px",
            ),
        ),
        width="100%",
    )


def _monthly_chart() -> rx.Component:
    return rx.card(
        rx.text(summary.chart_title, weight="bold", size="3"),
        rx.text(summary.chart_caption, size="1", color="#475569", data_testid="chart-caption"),
        rx.cond(
            summary.chart_empty != "",
            rx.text(summary.chart_empty, size="2", color="#475569", padding_y="16px"),
            rx.box(
                rx.recharts.bar_chart(
                    *[
                        rx.recharts.bar(
                            data_key=slot,
                            name=summary.series_names[index],
                            stack_id="growth",
                            fill=summary.series_colours[index],
                            is_animation_active=False,
                        )
                        for index, slot in enumerate(CHART_SLOTS)
                    ],
                    rx.recharts.x_axis(data_key="month", tick_line=False, interval=0,
                                       tick={"fontSize": 10, "fill": "#475569"}),
                    rx.recharts.y_axis(width=44, tick_line=False, axis_line=False,
                                       tick={"fontSize": 10, "fill": "#475569"}),
                    rx.recharts.graphing_tooltip(),
                    data=HomeState.chart,
                    width="100%",
                    height=180,
                    margin={"top": 10, "right": 8, "left": 0, "bottom": 0},
                ),
                rx.flex(
                    rx.foreach(
                        summary.series,
                        lambda series: rx.hstack(
                            rx.box(width="10px", height="10px", border_radius="3px",
                                   background=series.colour),
                            rx.text(series.label, size="1"),
                            spacing="1",
                            align="center",
                            custom_attrs={"data-source": series.key},
                        ),
                    ),
                    gap="12px",
                    wrap="wrap",
                    data_testid="chart-legend",
                ),
                width="100%",
                margin_top="6px",
            ),
        ),
        width="100%",
        data_testid="monthly-chart",
    )
