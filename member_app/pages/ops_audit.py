"""The console's audit log: who changed what, when, before and after, and why."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED, ops_frame, ops_table
from member_app.components.text import t
from member_app.state.ops_audit import ACTIONS, OpsAuditState


def ops_audit_page() -> rx.Component:
    return ops_frame(
        rx.hstack(
            rx.heading(t("ops_audit_title"), size="6"),
            rx.spacer(),
            rx.select.root(
                rx.select.trigger(aria_label=t("ops_col_action")),
                rx.select.content(*[
                    rx.select.item(t("ops_audit_all" if action == "all"
                                     else f"ops_action_{action}"), value=action)
                    for action in ACTIONS]),
                value=OpsAuditState.action,
                on_change=OpsAuditState.show_action,
            ),
            width="100%", align="center", wrap="wrap", spacing="3",
        ),
        rx.card(
            rx.cond(
                OpsAuditState.entries.length() > 0,
                ops_table(
                    ["ops_col_time", "ops_col_operator", "ops_col_action", "ops_col_subject",
                     "ops_col_change", "ops_col_reason"],
                    OpsAuditState.entries,
                    lambda row: [
                        rx.table.cell(row["time"], white_space="nowrap"),
                        rx.table.cell(row["operator"]),
                        rx.table.cell(row["action"], white_space="nowrap"),
                        rx.table.cell(rx.code(row["subject"], variant="ghost")),
                        rx.table.cell(rx.vstack(
                            rx.text(row["before"], size="1", color=MUTED),
                            rx.text("→ ", row["after"], size="1"),
                            spacing="1"), max_width="420px", word_break="break-all"),
                        rx.table.cell(row["reason"]),
                    ],
                    "ops-audit",
                ),
                rx.text(t("ops_audit_empty"), color=MUTED),
            ),
            width="100%",
        ),
        active="audit", state=OpsAuditState, reload=OpsAuditState.reload,
    )
