"""The console's market page: listings by status; an admin withdraws one with a reason."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import (
    MUTED,
    change_dialog,
    done_panel,
    error_line,
    form_actions,
    ops_frame,
    ops_table,
)
from member_app.components.text import t
from member_app.services.ops_market import STATUSES
from member_app.state.ops import OpsState
from member_app.state.ops_market import OpsMarketState


def ops_market_page() -> rx.Component:
    return ops_frame(
        rx.heading(t("ops_market_title"), size="6"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(t(f"ops_listing_{status}"), value=status)
              for status in STATUSES],
            value=OpsMarketState.status, on_change=OpsMarketState.show_status,
        ),
        rx.card(
            rx.cond(OpsMarketState.rows.length() > 0,
                    ops_table(["ops_col_coupon", "ops_col_seller", "ops_col_price",
                               "ops_col_status", "ops_col_listed", "ops_col_reason",
                               "ops_col_actions"],
                              OpsMarketState.rows, _cells, "ops-listings"),
                    rx.text(t("ops_no_listings"), size="2", color=MUTED)),
            width="100%",
        ),
        _withdraw_dialog(),
        active="market", state=OpsMarketState, reload=OpsMarketState.reload,
    )


def _cells(row: rx.Var) -> list[rx.Component]:
    return [
        rx.table.cell(rx.vstack(rx.text(row["coupon"]),
                                rx.text("#", row["id"], size="1", color=MUTED), spacing="0")),
        rx.table.cell(row["seller"]),
        rx.table.cell(row["price"]),
        rx.table.cell(row["status"]),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(row["reason"]),
        rx.table.cell(rx.cond(
            OpsState.is_admin & (row["open"] == "yes"),
            rx.button(t("ops_withdraw"), size="1", variant="outline", color_scheme="red",
                      on_click=OpsMarketState.open_withdraw(row["id"]),
                      data_testid="ops-open-withdraw"))),
    ]


def _withdraw_dialog() -> rx.Component:
    form = rx.form(
        rx.vstack(
            rx.text(t("ops_withdraw_note"), size="2", color=MUTED),
            rx.input(name="reason", placeholder=t("ops_field_reason"),
                     aria_label=t("ops_field_reason"), max_length=500, width="100%",
                     data_testid="ops-withdraw-reason"),
            error_line(OpsMarketState.withdraw_error, "ops-withdraw-error"),
            form_actions("ops_withdraw", "ops-withdraw", color_scheme="red"),
            spacing="3", width="100%",
        ),
        on_submit=OpsMarketState.withdraw,
        reset_on_submit=False,
    )
    return change_dialog(OpsMarketState.withdraw_title, OpsMarketState.withdraw_done, form,
                         done_panel(t("ops_withdrawn"), "ops-withdraw-done"),
                         is_open=OpsMarketState.withdraw_open,
                         on_open_change=OpsMarketState.withdraw_open_changed,
                         max_width="480px")
