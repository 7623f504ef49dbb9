"""The console's members page: look a member up; their standing, risk flags and ledger, each
line with the event it came from; admins set a risk flag with a reason."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED, error_line, ops_frame, ops_table
from member_app.components.text import t
from member_app.state.ops import OpsState
from member_app.state.ops_members import OpsMembersState
from rules.events import RISK_KINDS, RISK_LEVELS


def ops_members_page() -> rx.Component:
    return ops_frame(
        rx.heading(t("ops_members_title"), size="6"),
        rx.form(
            rx.hstack(
                rx.input(name="member", default_value=OpsMembersState.query,
                         placeholder=t("ops_member_search"), aria_label=t("ops_member_search"),
                         max_length=64, width="100%", max_width="360px",
                         data_testid="ops-member-search"),
                rx.button(rx.icon("search", size=16), t("ops_search"), type="submit",
                          data_testid="ops-member-go"),
                spacing="2", width="100%",
            ),
            on_submit=OpsMembersState.search,
            reset_on_submit=False,
            width="100%",
        ),
        rx.cond(OpsMembersState.not_found,
                rx.text(t("ops_member_not_found"), color=MUTED, data_testid="ops-member-none")),
        rx.cond(OpsMembersState.found, _member()),
        active="members", state=OpsMembersState, reload=OpsMembersState.reload,
    )


def _figure(label: rx.Var, value: rx.Var, testid: str) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=MUTED),
                     rx.text(value, size="4", weight="bold", data_testid=testid),
                     spacing="0", min_width="120px")


def _member() -> rx.Component:
    summary = OpsMembersState.summary
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(summary["username"], size="5", data_testid="ops-member-name"),
                    rx.badge(summary["programme"]),
                    rx.text("#", summary["id"], color=MUTED, size="2"),
                    align="center", spacing="3", wrap="wrap",
                ),
                rx.text(OpsMembersState.plus, size="2", color=MUTED, data_testid="ops-member-plus"),
                rx.hstack(
                    _figure(t("ops_member_tier"), summary["tier"], "ops-member-tier"),
                    _figure(summary["points_label"], summary["points"], "ops-member-points"),
                    _figure(summary["growth_label"], summary["growth"], "ops-member-growth"),
                    _figure(t("ops_member_joined"), summary["joined"], "ops-member-joined"),
                    spacing="6", wrap="wrap",
                ),
                spacing="3",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.text(t("ops_risk_title"), weight="bold", size="3"),
                rx.cond(
                    OpsMembersState.flags.length() > 0,
                    rx.hstack(rx.foreach(OpsMembersState.flags, lambda flag: rx.badge(
                        flag["kind"], ": ", flag["level"], " · ", flag["time"],
                        color_scheme="amber", size="2")), wrap="wrap", spacing="2",
                        data_testid="ops-risk-flags"),
                    rx.text(t("ops_risk_none"), color=MUTED, size="2"),
                ),
                rx.cond(OpsState.is_admin, _risk_form()),
                spacing="3", width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.text(t("ops_coupons_title"), weight="bold", size="3"),
            rx.cond(OpsMembersState.coupons.length() > 0,
                    ops_table(["ops_col_coupon", "ops_col_face", "ops_col_status",
                               "ops_col_until"], OpsMembersState.coupons,
                              lambda row: [rx.table.cell(row["name"]), rx.table.cell(row["face"]),
                                           rx.table.cell(row["state"]),
                                           rx.table.cell(row["until"], white_space="nowrap")],
                              "ops-coupons", wide=False),
                    rx.text(t("ops_no_coupons"), size="2", color=MUTED)),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.text(t("ops_trace_title"), weight="bold", size="3"),
                rx.text(OpsMembersState.trace_total, size="1", color=MUTED),
                ops_table(["ops_col_time", "ops_col_event", "ops_col_type",
                           OpsMembersState.summary["growth_label"],
                           OpsMembersState.summary["points_label"], "ops_col_expired",
                           "ops_col_note"],
                          OpsMembersState.trace,
                          lambda row: [rx.table.cell(row["time"], white_space="nowrap"),
                                       rx.table.cell(rx.code(row["event"], variant="ghost")),
                                       rx.table.cell(rx.code(row["type"], variant="ghost")),
                                       rx.table.cell(rx.code(row["growth"], variant="ghost")),
                                       rx.table.cell(row["points"]),
                                       rx.table.cell(row["expired"]),
                                       rx.table.cell(row["note"])],
                          "ops-trace"),
                spacing="2", width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.text(t("ops_member_ledger"), weight="bold", size="3"),
            ops_table(["ops_col_time", summary["points_label"], "ops_col_reason", "ops_col_event"],
                      OpsMembersState.ledger,
                      lambda row: [rx.table.cell(row["time"], white_space="nowrap"),
                                   rx.table.cell(row["points"]),
                                   rx.table.cell(row["reason"]),
                                   rx.table.cell(rx.code(row["event"], variant="ghost"))],
                      "ops-ledger"),
            width="100%",
        ),
        spacing="4", width="100%",
    )


def _select(name: str, values: tuple[str, ...], prefix: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("ops_risk_title")),
        rx.select.content(*[rx.select.item(t(f"{prefix}{value}"), value=value)
                            for value in values]),
        name=name, default_value=values[0],
    )


def _risk_form() -> rx.Component:
    return rx.cond(
        OpsMembersState.risk_done,
        rx.hstack(
            rx.callout(OpsMembersState.risk_message, icon="check", color_scheme="green",
                       size="1"),
            rx.button(t("ops_risk_set"), variant="soft", size="1",
                      on_click=OpsMembersState.another_flag),
            align="center", spacing="3",
        ),
        rx.form(
            rx.vstack(
                rx.hstack(
                    _select("kind", RISK_KINDS, "ops_risk_kind_"),
                    _select("level", RISK_LEVELS, "ops_risk_level_"),
                    rx.input(name="reason", placeholder=t("ops_field_reason"),
                             aria_label=t("ops_field_reason"), max_length=500,
                             min_width="240px", data_testid="ops-risk-reason"),
                    rx.button(t("ops_risk_set"), type="submit", data_testid="ops-risk-set"),
                    spacing="2", wrap="wrap", align="center",
                ),
                error_line(OpsMembersState.risk_error),
                spacing="2",
            ),
            on_submit=OpsMembersState.set_flag,
            reset_on_submit=True,
        ),
    )
