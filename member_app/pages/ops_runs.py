"""The console's runs page: the JD settlement and the sweep, started with progress, and the
runs before (state/ops_runs.py)."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import ERROR, MUTED, ops_frame, ops_table
from member_app.components.text import t
from member_app.state.ops import OpsState
from member_app.state.ops_runs import OpsRunsState


def ops_runs_page() -> rx.Component:
    return ops_frame(
        rx.heading(t("ops_runs_title"), size="6"),
        rx.cond(OpsRunsState.running != "", _progress()),
        rx.cond(OpsRunsState.outcome != "",
                rx.callout(OpsRunsState.outcome, icon="check", color_scheme="green",
                           width="100%", data_testid="ops-run-outcome")),
        rx.cond(OpsRunsState.run_error != "",
                rx.text(OpsRunsState.run_error, color=ERROR, role="alert",
                        data_testid="ops-run-error")),
        rx.el.div(
            rx.card(
                rx.vstack(
                    rx.text(t("ops_settlement_title"), weight="bold", size="3"),
                    rx.text(t("ops_settlement_intro"), size="2", color=MUTED),
                    rx.cond(OpsState.is_admin, rx.hstack(
                        rx.input(value=OpsRunsState.month, on_change=OpsRunsState.set_month,
                                 aria_label=t("ops_field_month"), max_length=7, width="120px",
                                 data_testid="ops-month"),
                        rx.button(t("ops_settle"), on_click=OpsRunsState.start_settlement,
                                  disabled=OpsRunsState.running != "",
                                  data_testid="ops-settle"),
                        spacing="2")),
                    _settlements(),
                    spacing="3", width="100%",
                ),
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.text(t("ops_sweep_title"), weight="bold", size="3"),
                    rx.text(t("ops_sweep_intro"), size="2", color=MUTED),
                    rx.cond(OpsState.is_admin,
                            rx.button(t("ops_sweep_now"), on_click=OpsRunsState.start_sweep,
                                      disabled=OpsRunsState.running != "",
                                      data_testid="ops-sweep")),
                    _sweeps(),
                    spacing="3", width="100%",
                ),
                width="100%",
            ),
            class_name="ops-form-grid",
        ),
        active="runs", state=OpsRunsState, reload=OpsRunsState.reload,
    )


def _progress() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(OpsRunsState.progress_text, size="2"),
            rx.progress(value=rx.cond(OpsRunsState.total > 0,
                                      OpsRunsState.done * 100 // OpsRunsState.total, 0),
                        width="100%"),
            spacing="2", width="100%",
        ),
        width="100%", data_testid="ops-run-progress",
    )


def _settlements() -> rx.Component:
    return rx.vstack(
        rx.text(t("ops_past_settlements"), weight="medium", size="2"),
        rx.cond(OpsRunsState.settlements.length() > 0,
                ops_table(["ops_col_month", "ops_col_members", "ops_col_started",
                           "ops_col_duration", "ops_col_status"],
                          OpsRunsState.settlements,
                          lambda row: [rx.table.cell(row["month"]),
                                       rx.table.cell(row["members"]),
                                       rx.table.cell(row["started"], white_space="nowrap"),
                                       rx.table.cell(row["seconds"]),
                                       rx.table.cell(row["status"])],
                          "ops-settlements", wide=False),
                rx.text(t("ops_no_runs"), size="2", color=MUTED)),
        spacing="2", width="100%",
    )


def _sweeps() -> rx.Component:
    return rx.vstack(
        rx.text(t("ops_past_sweeps"), weight="medium", size="2"),
        rx.cond(OpsRunsState.sweeps.length() > 0,
                ops_table(["ops_col_run_kind", "ops_col_started", "ops_col_brought_forward",
                           "ops_col_failures", "ops_col_duration", "ops_col_status"],
                          OpsRunsState.sweeps,
                          lambda row: [rx.table.cell(row["kind"]),
                                       rx.table.cell(row["started"], white_space="nowrap"),
                                       rx.table.cell(row["brought_forward"]),
                                       rx.table.cell(row["failures"]),
                                       rx.table.cell(row["seconds"]),
                                       rx.table.cell(row["status"])],
                          "ops-sweeps", wide=False),
                rx.text(t("ops_no_runs"), size="2", color=MUTED)),
        spacing="2", width="100%",
    )
