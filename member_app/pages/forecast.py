"""Forecast (SPEC 13): the days time changes the tier, the least spending (and the sign-ins and
reviews that count) for a goal, and JD's next settlement part by part: the JD score page's
five-part radar, last settlement under the next, then each part's figures and change."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, shown_in_current_language
from member_app.components.text import t
from member_app.state.forecast import ForecastState

view = ForecastState.view
STRONG = "var(--brand-strong, #334155)"
MUTED = "#475569"
LAST_COLOUR = "#94a3b8"
STEP_ICONS = {"order": "shopping-bag", "sign_in": "calendar-check", "review": "message-square"}


def forecast_page() -> rx.Component:
    return page_frame(
        rx.cond(
            shown_in_current_language(ForecastState),
            rx.el.div(
                rx.el.div(rx.cond(view.jd, _jd()), _goal(), class_name="mc-column"),
                rx.el.div(_outlook(), class_name="mc-column"),
                class_name="mc-columns"),
            loading(),
        ),
        active="home",
        title="fc_title",
        reload=ForecastState.load,
    )


def _outlook() -> rx.Component:
    return rx.card(
        rx.text(view.outlook_title, weight="bold", size="3"),
        rx.cond(view.outlook_empty != "",
                rx.text(view.outlook_empty, size="2", color=MUTED, margin_top="6px")),
        rx.foreach(view.outlook, lambda line: rx.text(line, size="2", padding_y="4px",
                                                      data_testid="fc-outlook-day")),
        width="100%",
        data_testid="fc-outlook",
    )


def _goal() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(t("fc_goal_tier"), size="1", color=MUTED),
                rx.el.select(
                    rx.foreach(view.tiers, lambda c: rx.el.option(c.label, value=c.value)),
                    value=ForecastState.tier, on_change=ForecastState.choose_tier,
                    aria_label=view.tier_label,
                    class_name="rt-reset", data_testid="fc-tier",
                    style={"padding": "6px 8px", "border": "1px solid #cbd5e1",
                           "borderRadius": "8px", "background": "white"},
                ),
                spacing="1",
            ),
            rx.vstack(
                rx.text(t("fc_goal_by"), size="1", color=MUTED),
                rx.input(type="date", value=ForecastState.by, min=view.by_min, max=view.by_max,
                         on_change=ForecastState.choose_day, aria_label=view.by_label,
                         data_testid="fc-by"),
                spacing="1",
            ),
            rx.button(t("fc_goal_go"), on_click=ForecastState.work_out, radius="full",
                      data_testid="fc-go", align_self="end"),
            gap="12px", wrap="wrap", align="end",
        ),
        rx.cond(ForecastState.error != "",
                rx.text(ForecastState.error, size="2", color="#b42318", margin_top="6px")),
        rx.text(view.plan_title, weight="bold", size="3", margin_top="14px",
                data_testid="fc-plan-title"),
        rx.foreach(view.plan, _step),
        rx.text(view.plan_total, size="2", color=STRONG, weight="medium", margin_top="6px",
                data_testid="fc-plan-total"),
        rx.cond(view.plan_alone != "",
                rx.text(view.plan_alone, size="1", color=MUTED, margin_top="2px",
                        data_testid="fc-plan-alone")),
        width="100%",
        data_testid="fc-goal",
    )


def _step(step: rx.Var) -> rx.Component:  # type: ignore[type-arg]
    return rx.hstack(
        rx.match(step.kind,
                 *[(kind, rx.icon(icon, size=14, color=STRONG))
                   for kind, icon in STEP_ICONS.items()]),
        rx.text(step.text, size="2"),
        spacing="2", align="center", padding_y="3px",
        data_testid=rx.match(step.kind, ("order", "fc-order"), ("sign_in", "fc-sign-ins"),
                             "fc-reviews"),
    )


def _radar() -> rx.Component:
    """The five parts, each against its most (presenters.forecast): last settlement in grey
    under the next one in the programme's colour."""
    return rx.box(
        rx.recharts.radar_chart(
            rx.recharts.polar_grid(),
            rx.recharts.polar_angle_axis(data_key="part",
                                         tick={"fontSize": 11, "fill": "#334155"}),
            rx.recharts.polar_radius_axis(domain=[0, 100], tick=False, axis_line=False),
            rx.recharts.radar(data_key="last", stroke=LAST_COLOUR, fill=LAST_COLOUR,
                              fill_opacity=0.25, is_animation_active=False),
            rx.recharts.radar(data_key="next", stroke="var(--brand)", fill="var(--brand)",
                              fill_opacity=0.35, is_animation_active=False),
            data=view.jd_chart,
            width="100%",
            height=240,
            outer_radius="70%",
        ),
        # the legend in the page's words (recharts' own would name the data keys)
        rx.flex(_key(LAST_COLOUR, view.jd_chart_last), _key("var(--brand)", view.jd_chart_next),
                gap="14px", justify="center"),
        width="100%",
        margin_top="8px",
        data_testid="fc-jd-radar",
    )


def _key(colour: str, label: rx.Var) -> rx.Component:  # type: ignore[type-arg]
    return rx.hstack(rx.box(width="10px", height="10px", border_radius="3px", background=colour),
                     rx.text(label, size="1", color=MUTED), spacing="1", align="center")


def _jd() -> rx.Component:
    return rx.card(
        rx.text(view.jd_headline, weight="bold", size="3", data_testid="fc-jd-headline"),
        rx.cond(view.jd_chart.length() > 0, _radar()),
        rx.text(t("fc_jd_parts"), size="1", color=MUTED, margin_top="4px"),
        rx.foreach(view.jd_parts, lambda part: rx.vstack(
            rx.hstack(
                rx.text(part.label, size="2"),
                rx.spacer(),
                rx.text(part.last, " → ", part.next, size="2", weight="bold"),
                rx.text(part.change, size="1", color=MUTED, white_space="nowrap"),
                width="100%", align="baseline", spacing="2",
            ),
            rx.cond(~part.risk, rx.progress(value=part.percent, size="1", width="100%",
                                            aria_label=part.label)),
            spacing="1", width="100%", margin_top="10px", data_testid="fc-jd-part",
        )),
        width="100%",
    )
