"""Points: the balance, what expires within 30 days, a way to redeem, and the ledger."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, section
from member_app.components.text import t
from member_app.state.points import PointsState

view = PointsState.view
CREDIT_COLOUR = "#389e0d"
DEBIT_COLOUR = "#cf1322"
BALANCE_GRADIENT = "linear-gradient(135deg, #e1251b 0%, #f5533d 55%, #ff8a4c 100%)"


def points_page() -> rx.Component:
    return page_frame(
        rx.cond(PointsState.loaded,
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
                          background="white", color="#e1251b", flex_shrink="0"),
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
                rx.text(t("pts_no_expiring"), size="2", opacity="0.85"),
            ),
            margin_top="14px",
            padding="8px 12px",
            border_radius="12px",
            background="rgba(255,255,255,0.16)",
            data_testid="points-expiring",
        ),
        background=BALANCE_GRADIENT,
        color="white",
        padding="20px",
        border_radius="20px",
        box_shadow="0 10px 30px rgba(225,37,27,0.25)",
        width="100%",
    )


def _ledger() -> rx.Component:
    return section(
        "pts_ledger",
        rx.segmented_control.root(
            *[rx.segmented_control.item(t(f"pts_filter_{value}"), value=value,
                                        data_testid=f"ledger-filter-{value}")
              for value in ("all", "income", "spending")],
            value=PointsState.direction,
            on_change=PointsState.show_direction,
            size="1",
            width="100%",
            margin_y="8px",
            aria_label=t("pts_ledger"),
        ),
        rx.cond(PointsState.rows.length() == 0,
                rx.text(t("pts_ledger_empty"), size="2", color_scheme="gray", padding_y="12px")),
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
        data_testid="ledger",
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
