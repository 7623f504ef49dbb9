"""The console's catalog: every item with its stock and redemptions; admins add items, change
stock and pause or resume (services/ops_catalog.py decides what is allowed)."""

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
from member_app.services.catalog_data import PICTURES
from member_app.state.ops import OpsState
from member_app.state.ops_catalog import FILTERS, NEW_KINDS, OpsCatalogState


def ops_catalog_page() -> rx.Component:
    return ops_frame(
        rx.hstack(
            rx.heading(t("ops_catalog_title"), size="6"),
            rx.spacer(),
            rx.cond(OpsState.is_admin,
                    rx.button(rx.icon("plus", size=16), t("ops_new_item"),
                              on_click=OpsCatalogState.open_new, data_testid="ops-new-item")),
            width="100%", align="center",
        ),
        rx.segmented_control.root(
            *[rx.segmented_control.item(
                t("ops_all_programmes" if code == "all" else f"ops_programme_{code}"),
                value=code) for code in FILTERS],
            value=OpsCatalogState.programme,
            on_change=OpsCatalogState.show_programme,
            data_testid="ops-programme-filter",
        ),
        error_line(OpsCatalogState.notice),
        rx.card(
            ops_table(
                ["ops_col_item", "ops_col_programme", "ops_col_kind", "ops_col_price",
                 "ops_col_stock", "ops_col_redeemed", "ops_col_status", "ops_col_actions"],
                OpsCatalogState.rows,
                _item_cells,
                "ops-catalog",
            ),
            width="100%",
        ),
        rx.cond(OpsCatalogState.redemptions_title != "", _redemptions()),
        _new_item_dialog(),
        _edit_dialog(),
        _stock_dialog(),
        active="catalog", state=OpsCatalogState, reload=OpsCatalogState.reload,
    )


def _item_cells(row: rx.Var) -> list[rx.Component]:
    return [
        rx.table.cell(rx.vstack(rx.text(row["name"], weight="medium"),
                                rx.code(row["code"], size="1", variant="ghost"), spacing="0")),
        rx.table.cell(row["programme"]),
        rx.table.cell(row["kind"]),
        rx.table.cell(row["price"], white_space="nowrap"),
        rx.table.cell(row["stock_left"], data_testid="ops-stock-left"),
        rx.table.cell(row["redeemed"], data_testid="ops-redeemed"),
        rx.table.cell(rx.badge(row["status"],
                               color_scheme=rx.cond(row["active"] == "yes", "green", "gray"))),
        rx.table.cell(rx.hstack(
            rx.button(t("ops_redemptions"), size="1", variant="soft",
                      on_click=OpsCatalogState.show_redemptions(row["code"]),
                      data_testid="ops-show-redemptions"),
            rx.cond(OpsState.is_admin, rx.fragment(
                rx.button(t("ops_edit"), size="1", variant="soft",
                          on_click=OpsCatalogState.open_edit(row["code"]),
                          data_testid="ops-open-edit"),
                rx.cond(row["limited"] == "yes",
                        rx.button(t("ops_stock"), size="1", variant="soft",
                                  on_click=OpsCatalogState.open_stock(row["code"]),
                                  data_testid="ops-open-stock")),
                rx.cond(row["active"] == "yes",
                        rx.button(t("ops_pause"), size="1", variant="outline",
                                  color_scheme="gray",
                                  on_click=OpsCatalogState.set_active(row["code"], False),
                                  data_testid="ops-pause"),
                        rx.button(t("ops_resume"), size="1", variant="outline",
                                  on_click=OpsCatalogState.set_active(row["code"], True),
                                  data_testid="ops-resume")),
            )),
            spacing="2", wrap="wrap",
        )),
    ]


def _redemptions() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(OpsCatalogState.redemptions_title, weight="bold", size="3",
                    data_testid="ops-redemptions-title"),
            rx.spacer(),
            rx.button(t("ops_close"), size="1", variant="ghost",
                      on_click=OpsCatalogState.hide_redemptions),
            width="100%", align="center",
        ),
        rx.cond(
            OpsCatalogState.redemption_list.length() > 0,
            ops_table(["ops_col_member", "ops_col_quantity", "ops_col_points", "ops_col_status",
                       "ops_col_time"],
                      OpsCatalogState.redemption_list,
                      lambda row: [rx.table.cell(row["username"]),
                                   rx.table.cell(row["quantity"]),
                                   rx.table.cell(row["points"]),
                                   rx.table.cell(row["status"]),
                                   rx.table.cell(row["time"], white_space="nowrap")],
                      "ops-redemptions"),
            rx.text(t("ops_no_redemptions"), color=MUTED, size="2"),
        ),
        width="100%",
    )


def _edit_dialog() -> rx.Component:
    values = OpsCatalogState.edit_values
    form = rx.form(
        rx.vstack(
            rx.el.div(
                _field("ops_field_points", "points", input_mode="numeric",
                       default_value=values["points"]),
                rx.cond(OpsCatalogState.edit_kind == "points_cash",
                        _field("ops_field_cash", "cash", input_mode="decimal",
                               default_value=values["cash"])),
                _field("ops_field_name_zh", "name_zh", max_length=128,
                       default_value=values["name_zh"]),
                _field("ops_field_name_en", "name_en", max_length=128,
                       default_value=values["name_en"]),
                _field("ops_field_note_zh", "note_zh", max_length=200,
                       default_value=values["note_zh"]),
                _field("ops_field_note_en", "note_en", max_length=200,
                       default_value=values["note_en"]),
                _choice("ops_field_picture", "picture",
                        [(picture, picture) for picture in PICTURES], values["picture"]),
                _field("ops_field_limit", "per_member_limit", input_mode="numeric",
                       default_value=values["per_member_limit"]),
                class_name="ops-form-grid",
            ),
            _field("ops_field_reason", "reason", max_length=500),
            error_line(OpsCatalogState.edit_error, "ops-edit-error"),
            form_actions("ops_save", "ops-save-edit"),
            spacing="3", width="100%",
        ),
        on_submit=OpsCatalogState.save_edit,
        reset_on_submit=False,
    )
    return change_dialog(OpsCatalogState.edit_title, OpsCatalogState.edit_done, form,
                         done_panel(t("ops_saved"), "ops-edit-done"),
                         is_open=OpsCatalogState.edit_open,
                         on_open_change=OpsCatalogState.edit_open_changed, max_width="640px")


def _field(label: str, name: str, **props) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.vstack(
        rx.el.label(t(label), html_for=f"ops-field-{name}", style={"fontSize": "13px"}),
        rx.input(id=f"ops-field-{name}", name=name, width="100%",
                 data_testid=f"ops-field-{name}", **props),
        spacing="1", width="100%",
    )


def _choice(label: str, name: str, options: list[tuple[str, rx.Var]], default: str,
            **props) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.vstack(
        rx.el.label(t(label), style={"fontSize": "13px"}),
        rx.select.root(
            rx.select.trigger(width="100%", aria_label=t(label),
                              data_testid=f"ops-field-{name}"),
            rx.select.content(*[rx.select.item(text, value=value) for value, text in options]),
            name=name, default_value=default, **props,
        ),
        spacing="1", width="100%",
    )


def _new_item_dialog() -> rx.Component:
    form = rx.form(
        rx.vstack(
            rx.el.div(
                _field("ops_field_code", "code", max_length=64),
                _choice("ops_field_programme", "program",
                        [(code, t(f"ops_programme_{code}")) for code in FILTERS[1:]], "jd"),
                _choice("ops_field_kind", "kind",
                        [(kind, t(f"ops_kind_{kind}")) for kind in NEW_KINDS], "own",
                        on_change=OpsCatalogState.choose_new_kind),
                _field("ops_field_points", "points", input_mode="numeric"),
                rx.cond(OpsCatalogState.new_kind == "points_cash",
                        _field("ops_field_cash", "cash", input_mode="decimal")),
                _field("ops_field_name_zh", "name_zh", max_length=128),
                _field("ops_field_name_en", "name_en", max_length=128),
                _field("ops_field_note_zh", "note_zh", max_length=200),
                _field("ops_field_note_en", "note_en", max_length=200),
                _choice("ops_field_picture", "picture",
                        [(picture, picture) for picture in PICTURES], "gift"),
                _field("ops_field_stock", "stock", input_mode="numeric"),
                _field("ops_field_limit", "per_member_limit", input_mode="numeric"),
                class_name="ops-form-grid",
            ),
            _field("ops_field_reason", "reason", max_length=500),
            rx.text(t("ops_game_note"), size="1", color=MUTED),
            error_line(OpsCatalogState.new_error, "ops-new-error"),
            form_actions("ops_add_item", "ops-add-item"),
            spacing="3", width="100%",
        ),
        on_submit=OpsCatalogState.add_item,
        reset_on_submit=False,
    )
    done = done_panel(OpsCatalogState.new_message, "ops-new-done",
                      rx.button(t("ops_add_another"), variant="soft",
                                on_click=OpsCatalogState.open_new),
                      close_testid="ops-new-close")
    return change_dialog(t("ops_new_item"), OpsCatalogState.new_done, form, done,
                         is_open=OpsCatalogState.new_open,
                         on_open_change=OpsCatalogState.new_open_changed, max_width="640px")


def _stock_dialog() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _field("ops_stock_change", "change", input_mode="numeric"),
            _field("ops_field_reason", "reason", max_length=500),
            error_line(OpsCatalogState.stock_error, "ops-stock-error"),
            form_actions("ops_stock_apply", "ops-apply-stock"),
            spacing="3", width="100%",
        ),
        on_submit=OpsCatalogState.apply_stock,
        reset_on_submit=False,
    )
    return change_dialog(OpsCatalogState.stock_title, OpsCatalogState.stock_done, form,
                         done_panel(OpsCatalogState.stock_message, "ops-stock-done"),
                         is_open=OpsCatalogState.stock_open,
                         on_open_change=OpsCatalogState.stock_open_changed, max_width="440px",
                         description=OpsCatalogState.stock_info)
