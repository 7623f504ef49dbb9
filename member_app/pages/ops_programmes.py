"""The console's programme versions page: a new version as a diff, the history of versions,
and every figure's value in the file, in force and in the latest version."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED, error_line, ops_frame, ops_table
from member_app.components.text import t
from member_app.presenters.ops_programmes import VersionCard
from member_app.services.catalog_data import PROGRAMMES
from member_app.state.ops import OpsState
from member_app.state.ops_programmes import OpsProgrammesState

LABEL = {"fontSize": "13px"}



def ops_programmes_page() -> rx.Component:
    return ops_frame(
        rx.heading(t("ops_programmes_title"), size="6"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(t(f"ops_programme_{code}"), value=code)
              for code in PROGRAMMES],
            value=OpsProgrammesState.programme,
            on_change=OpsProgrammesState.show_programme,
            data_testid="ops-versions-programme",
        ),
        rx.text(OpsProgrammesState.intro, size="2", color=MUTED),
        rx.el.div(
            rx.vstack(
                rx.cond(OpsState.is_admin, _new_version()),
                _history(),
                spacing="4", width="100%",
            ),
            _figures(),
            class_name="ops-form-grid",
        ),
        active="programmes", state=OpsProgrammesState, reload=OpsProgrammesState.reload,
    )


def _new_version() -> rx.Component:
    form = rx.vstack(
        rx.text(t("ops_new_version_intro"), size="2", color=MUTED),
        rx.hstack(
            rx.vstack(
                rx.el.label(t("ops_field_figure"), html_for="ops-figure-key", style=LABEL),
                rx.el.select(
                    rx.el.option("—", value=""),
                    rx.foreach(OpsProgrammesState.keys,
                               lambda key: rx.el.option(key, value=key)),
                    id="ops-figure-key", value=OpsProgrammesState.figure_key,
                    on_change=OpsProgrammesState.pick_figure,
                    class_name="ops-select", data_testid="ops-figure-key",
                ),
                spacing="1",
            ),
            rx.vstack(
                rx.el.label(t("ops_field_new_value"), html_for="ops-figure-value", style=LABEL),
                rx.input(id="ops-figure-value", value=OpsProgrammesState.figure_value,
                         on_change=OpsProgrammesState.set_figure_value, input_mode="decimal",
                         width="120px", data_testid="ops-figure-value"),
                spacing="1",
            ),
            rx.button(rx.icon("plus", size=16), t("ops_add_change"), variant="soft",
                      on_click=OpsProgrammesState.add_change, data_testid="ops-add-change"),
            align="end", spacing="3", wrap="wrap",
        ),
        rx.text(t("ops_pending_title"), weight="bold", size="2"),
        rx.cond(
            OpsProgrammesState.pending.length() > 0,
            ops_table(["ops_col_figure", "ops_col_before", "ops_col_after", "ops_col_action"],
                      OpsProgrammesState.pending,
                      lambda row: [
                          _key_cell(row),
                          rx.table.cell(row["before"]),
                          rx.table.cell(rx.text(row["after"], weight="bold")),
                          rx.table.cell(rx.button(
                              t("ops_remove_change"), size="1", variant="ghost",
                              color_scheme="gray",
                              on_click=OpsProgrammesState.remove_change(row["key"])))],
                      "ops-pending", wide=False),
            rx.text(t("ops_pending_empty"), size="2", color=MUTED),
        ),
        rx.hstack(
            rx.vstack(
                rx.el.label(t("ops_field_effective_from"), html_for="ops-effective-from",
                            style=LABEL),
                rx.input(id="ops-effective-from", type="date",
                         min=OpsProgrammesState.tomorrow,
                         value=OpsProgrammesState.effective_from,
                         on_change=OpsProgrammesState.set_effective_from,
                         width="170px", data_testid="ops-effective-from"),
                spacing="1",
            ),
            rx.vstack(
                rx.el.label(t("ops_field_reason"), html_for="ops-version-reason", style=LABEL),
                rx.input(id="ops-version-reason", value=OpsProgrammesState.reason,
                         on_change=OpsProgrammesState.set_reason, max_length=500,
                         width="260px"),
                spacing="1",
            ),
            rx.button(t("ops_save_version"), on_click=OpsProgrammesState.save,
                      data_testid="ops-save-version"),
            align="end", spacing="3", wrap="wrap",
        ),
        spacing="3", width="100%",
    )
    done = rx.vstack(
        rx.callout(OpsProgrammesState.saved_note, icon="check", color_scheme="green",
                   width="100%", data_testid="ops-version-saved"),
        rx.button(t("ops_another_version"), variant="soft",
                  on_click=OpsProgrammesState.another_version),
        spacing="3", width="100%",
    )
    return rx.card(
        rx.vstack(
            rx.text(t("ops_new_version"), weight="bold", size="3"),
            rx.cond(OpsProgrammesState.saved_note != "", done, form),
            error_line(OpsProgrammesState.error, "ops-version-error"),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _history() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(t("ops_history_title"), weight="bold", size="3"),
            rx.foreach(OpsProgrammesState.versions, _version),
            spacing="3", width="100%",
        ),
        width="100%", data_testid="ops-versions",
    )


def _version(card: VersionCard) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(card.title, weight="bold", size="2"),
            rx.badge(card.status, color_scheme=card.colour, variant="soft"),
            align="center", spacing="2", wrap="wrap",
        ),
        rx.cond(card.meta != "", rx.text(card.meta, size="1", color=MUTED)),
        rx.cond(card.reason != "", rx.text(card.reason, size="2")),
        rx.cond(card.changes.length() > 0,
                ops_table(["ops_col_figure", "ops_col_before", "ops_col_after"], card.changes,
                          lambda row: [_key_cell(row),
                                       rx.table.cell(row["before"]),
                                       rx.table.cell(rx.text(row["after"], weight="bold"))],
                          "ops-version-changes", wide=False)),
        spacing="2", width="100%", padding_bottom="8px",
        border_bottom="1px solid #e5e7eb",
        data_testid="ops-version",
    )


def _figures() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(t("ops_figures_title"), weight="bold", size="3"),
            ops_table(["ops_col_figure", "ops_col_file", "ops_col_now", "ops_col_latest"],
                      OpsProgrammesState.figures,
                      lambda row: [
                          _key_cell(row),
                          rx.table.cell(row["file"]),
                          rx.table.cell(rx.text(row["now"], weight=rx.cond(
                              row["changed"] != "", "bold", "regular"))),
                          rx.table.cell(row["latest"])],
                      "ops-figure-table", wide=False),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _key_cell(row: rx.Var) -> rx.Component:
    """A key path, which may break after its dots (presenters.ops_programmes.key_label)."""
    return rx.table.cell(rx.code(row["label"], variant="ghost"))
