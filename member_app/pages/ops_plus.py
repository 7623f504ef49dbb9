"""The console's PLUS codes page: issue a batch (shown once), the codes by status, CSV."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED, error_line, ops_frame, ops_table
from member_app.components.text import t
from member_app.services.ops_plus import STATUSES
from member_app.state.ops import OpsState
from member_app.state.ops_plus import OpsPlusState


def ops_plus_page() -> rx.Component:
    return ops_frame(
        rx.heading(t("ops_plus_title"), size="6"),
        rx.text(t("ops_plus_intro"), size="2", color=MUTED),
        rx.cond(OpsState.is_admin, _issue()),
        rx.hstack(
            rx.segmented_control.root(
                *[rx.segmented_control.item(t("ops_codes_all" if status == "all"
                                              else f"ops_code_{status}"), value=status)
                  for status in STATUSES],
                value=OpsPlusState.status, on_change=OpsPlusState.show_status,
            ),
            rx.spacer(),
            rx.button(rx.icon("download", size=16), t("ops_export_csv"), variant="soft",
                      on_click=OpsPlusState.export_csv, data_testid="ops-export-csv"),
            width="100%", align="center", wrap="wrap", spacing="3",
        ),
        rx.card(
            rx.cond(OpsPlusState.rows.length() > 0,
                    ops_table(["ops_col_label", "ops_col_days", "ops_col_status",
                               "ops_col_used_by", "ops_col_used_at", "ops_col_created"],
                              OpsPlusState.rows,
                              lambda row: [rx.table.cell(rx.code(row["label"], variant="ghost")),
                                           rx.table.cell(row["days"]),
                                           rx.table.cell(row["status"]),
                                           rx.table.cell(row["used_by"]),
                                           rx.table.cell(row["used_at"], white_space="nowrap"),
                                           rx.table.cell(row["created"], white_space="nowrap")],
                              "ops-codes"),
                    rx.text(t("ops_no_codes"), size="2", color=MUTED)),
            width="100%",
        ),
        active="plus", state=OpsPlusState, reload=OpsPlusState.reload,
    )


def _issue() -> rx.Component:
    form = rx.form(
        rx.hstack(
            rx.vstack(rx.el.label(t("ops_field_count"), html_for="ops-count",
                                  style={"fontSize": "13px"}),
                      rx.input(id="ops-count", name="count", default_value="10",
                               input_mode="numeric", width="120px", data_testid="ops-count"),
                      spacing="1"),
            rx.vstack(rx.el.label(t("ops_field_days"), html_for="ops-days",
                                  style={"fontSize": "13px"}),
                      rx.input(id="ops-days", name="days", default_value="365",
                               input_mode="numeric", width="120px", data_testid="ops-days"),
                      spacing="1"),
            rx.vstack(rx.el.label(t("ops_field_reason"), html_for="ops-plus-reason",
                                  style={"fontSize": "13px"}),
                      rx.input(id="ops-plus-reason", name="reason", max_length=500,
                               width="260px"),
                      spacing="1"),
            rx.button(t("ops_issue"), type="submit", data_testid="ops-issue"),
            align="end", spacing="3", wrap="wrap",
        ),
        on_submit=OpsPlusState.issue,
        reset_on_submit=False,
    )
    done = rx.vstack(
        rx.callout(OpsPlusState.issued_note, icon="key-round", color_scheme="amber",
                   width="100%", data_testid="ops-issued-note"),
        rx.text_area(value=OpsPlusState.issued_text, read_only=True, rows="8",
                     width="100%", font_family="monospace", aria_label=t("ops_plus_title"),
                     data_testid="ops-issued-codes"),
        rx.button(t("ops_issue_another"), variant="soft", on_click=OpsPlusState.issue_another),
        spacing="3", width="100%",
    )
    return rx.card(
        rx.cond(OpsPlusState.issue_done, done, form),
        error_line(OpsPlusState.issue_error, "ops-issue-error"),
        width="100%",
    )
