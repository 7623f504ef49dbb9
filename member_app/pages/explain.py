"""Explain (SPEC 13): the growth, each part, each rule row with its cap, down to the events.

Opened from the tier card's figure, the breakdown card, or a ledger line (`?event=`), which
puts that record first. Parts side by side on a desktop (the frame's `.mc-columns`).
"""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, shown_in_current_language
from member_app.components.text import t
from member_app.state.explain import ExplainState

view = ExplainState.view
STRONG = "var(--brand-strong, #334155)"
MUTED = "#475569"


def explain_page() -> rx.Component:
    return page_frame(
        rx.cond(
            shown_in_current_language(ExplainState),
            rx.vstack(
                rx.cond(view.focus_asked, _focus()),
                _headline(),
                rx.el.div(rx.foreach(view.parts, _part), class_name="mc-explain-parts"),
                spacing="4", width="100%",
            ),
            loading(),
        ),
        active="home",
        title="explain_title",
        reload=ExplainState.load,
    )


def _focus() -> rx.Component:
    return rx.card(
        rx.text(t("explain_focus"), weight="bold", size="3"),
        rx.foreach(view.focus, _event),
        rx.cond(view.focus_missing != "",
                rx.text(view.focus_missing, size="2", color=MUTED)),
        width="100%",
        data_testid="explain-focus",
    )


def _headline() -> rx.Component:
    return rx.card(
        rx.text(view.headline, size="6", weight="bold", data_testid="explain-headline"),
        rx.text(view.equation, size="3", color=STRONG, data_testid="explain-equation"),
        rx.text(view.window, size="1", color=MUTED, data_testid="explain-window"),
        rx.cond(view.late != "", rx.text(view.late, size="1", color=MUTED,
                                         data_testid="explain-late")),
        rx.cond(view.risk != "", rx.hstack(
            rx.icon("shield-alert", size=14, color="#b42318", flex_shrink="0"),
            rx.text(view.risk, size="2", color="#b42318"),
            spacing="1", align="start", data_testid="explain-risk")),
        width="100%",
    )


def _part(part: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(part.label, weight="bold", size="3"),
            rx.spacer(),
            rx.text(part.value, weight="bold", size="4"),
            width="100%", align="baseline",
        ),
        rx.foreach(part.rows, _row),
        rx.text(t("explain_events"), size="2", weight="bold", margin_top="12px"),
        rx.cond(part.empty != "", rx.text(part.empty, size="2", color=MUTED)),
        rx.foreach(part.events, _event),
        rx.cond(part.more != "", rx.text(part.more, size="1", color=MUTED, margin_top="6px")),
        width="100%",
        data_testid="explain-part",
        custom_attrs={"data-source": part.source},
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(row.rule, size="2", flex="1", min_width="0"),
            rx.text(row.value, size="2", weight="bold", white_space="nowrap"),
            width="100%", align="start",
        ),
        rx.cond(row.cap != "", rx.hstack(
            rx.text(row.cap, size="1", color=MUTED),
            rx.cond(row.capped != "", rx.text(row.capped, size="1", color="#b45309",
                                              weight="medium")),
            spacing="2", wrap="wrap")),
        padding_y="6px",
        border_bottom="1px solid #eef1f6",
        width="100%",
        data_testid="explain-row",
        custom_attrs={"data-row": row.row},
    )


def _event(event: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(event.day, size="1", color=MUTED, white_space="nowrap"),
            rx.text(event.what, size="2", weight="medium"),
            spacing="2", align="baseline",
        ),
        rx.text(event.gains, size="1", color="#334155"),
        rx.cond(event.points != "", rx.text(event.points, size="1", color="#237804")),
        rx.cond(event.note != "", rx.text(event.note, size="1", color=MUTED)),
        padding_y="6px",
        width="100%",
        data_testid="explain-event",
        custom_attrs={"data-event": event.id},
    )
