"""Points: the balance, what expires within 30 days, a way to redeem, and the ledger."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, shown_in_current_language
from member_app.components.text import t
from member_app.state.points import PointsState
from member_app.state.session import SessionState

view = PointsState.view
CREDIT_COLOUR = "#237804"  # 6.4:1 on white
DEBIT_COLOUR = "#cf1322"
# The programme's colours (the shared --brand properties); Fliggy's yellow keeps its deep blue.
BALANCE_BACKGROUNDS = {
    "fliggy": "linear-gradient(135deg, var(--brand, #ffdd00) 0%, #fff0a0 100%)",
}
DEFAULT_BALANCE = ("linear-gradient(135deg, var(--brand-strong, #334155) 0%, "
                   "var(--brand, #3b4a66) 100%)")
STRONG = "var(--brand-strong, #334155)"


def points_page() -> rx.Component:
    return page_frame(
        rx.cond(shown_in_current_language(PointsState),
                rx.vstack(_balance_card(), _ledger(), spacing="4", width="100%"),
                loading()),
        active="points",
        title="pts_title",
        reload=PointsState.load,
    )


def _balance_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(view.balance_label, size="2", opacity="0.9"),
            rx.spacer(),
            rx.link(
                rx.button(t("pts_go_redeem"), rx.icon("chevron-right", size=16), size="2",
                          radius="full", variant="solid", data_testid="go-redeem",
                          background="white", color=STRONG, flex_shrink="0"),
                href="/redeem",
            ),
            align="center",
            width="100%",
        ),
        rx.text(view.balance, size="9", weight="bold", data_testid="points-balance",
                line_height="1.1", margin_top="6px"),
        rx.cond(view.debt_line != "",
                rx.hstack(rx.icon("circle-alert", size=14), rx.text(view.debt_line, size="2"),
                          spacing="1", align="center", margin_top="10px",
                          data_testid="points-debt")),
        rx.box(
            rx.cond(
                view.expiring.length() > 0,
                rx.foreach(view.expiring,
                           lambda line: rx.hstack(rx.icon("hourglass", size=14),
                                                  rx.text(line.text, size="2"),
                                                  spacing="1", align="center")),
                rx.text(view.no_expiring, size="2"),
            ),
            margin_top="14px",
            padding="8px 12px",
            border_radius="12px",
            background="color-mix(in srgb, currentColor 14%, transparent)",
            data_testid="points-expiring",
        ),
        background=rx.match(SessionState.program, *BALANCE_BACKGROUNDS.items(), DEFAULT_BALANCE),
        color=rx.match(SessionState.program, ("fliggy", "var(--on-brand, #1c2a6b)"),
                       "var(--on-brand, #ffffff)"),
        padding="20px",
        border_radius="20px",
        box_shadow="0 10px 30px rgba(15, 23, 42, 0.16)",
        width="100%",
    )


def _ledger() -> rx.Component:
    return rx.card(
        rx.text(view.ledger_title, weight="bold", size="3", data_testid="ledger-title"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(t(f"pts_filter_{value}"), value=value,
                                        data_testid=f"ledger-filter-{value}")
              for value in ("all", "income", "spending")],
            value=PointsState.direction,
            on_change=PointsState.show_direction,
            size="1",
            width="100%",
            margin_y="8px",
            aria_label=view.ledger_title,
        ),
        rx.cond(PointsState.rows.length() == 0, _empty_ledger()),
        rx.foreach(PointsState.rows, _ledger_row),
        rx.cond(
            PointsState.has_more,
            rx.button(t("pts_load_more"), on_click=PointsState.load_more, variant="soft",
                      color_scheme="gray", width="100%", margin_top="12px",
                      data_testid="ledger-more"),
            rx.cond(PointsState.rows.length() > 0,
                    rx.text(t("pts_no_more"), size="1", color_scheme="gray", align="center",
                            width="100%", margin_top="12px")),
        ),
        width="100%",
        data_testid="ledger",
    )


def _empty_ledger() -> rx.Component:
    return rx.vstack(
        rx.text(view.ledger_empty, size="2", color="#475569"),
        rx.link(rx.button(t("pts_go_sign_in"), size="2", radius="full", variant="soft"),
                href="/sign-in"),
        spacing="2",
        padding_y="12px",
        data_testid="ledger-empty",
    )


def _ledger_row(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row.reason, size="2", weight="medium"),
            rx.text(row.day, size="1", color_scheme="gray"),
            rx.cond(row.href != "",
                    rx.link(row.ref, href=row.href, size="1", color_scheme="gray",
                            underline="always"),
                    rx.cond(row.ref != "", rx.text(row.ref, size="1", color_scheme="gray",
                                                   trim="both",
                                                   style={"wordBreak": "break-all"}))),
            rx.cond(row.explain_href != "",
                    rx.link(t("explain_link"), " ›", href=row.explain_href, size="1",
                            color=STRONG, data_testid="ledger-explain")),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.text(row.points, size="4", weight="bold", white_space="nowrap",
                color=rx.cond(row.credit, CREDIT_COLOUR, DEBIT_COLOUR),
                data_testid="ledger-points"),
        width="100%",
        align="center",
        padding_y="10px",
        border_bottom="1px solid #f0ebe5",
        data_testid="ledger-row",
        custom_attrs={"data-entry": row.id},
    )
