"""The console's audit log page: every change, newest first, filtered by action."""

from __future__ import annotations

import reflex as rx

from member_app.presenters.ops import audit_rows
from member_app.services.audit import audit_log
from member_app.state.ops import OpsState

ACTIONS = ("all", "catalog.create", "catalog.edit", "catalog.stock", "risk_flag.set",
           "run.settlement", "run.sweep.start", "run.sweep", "plus_codes.issue", "market.withdraw")


class OpsAuditState(OpsState):
    action: str = "all"
    entries: list[dict[str, str]] = []

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def show_action(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value in ACTIONS:
            self.action = value
            return self._show()
        return None

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            entries = audit_log(session=session, limit=200,
                                action=None if self.action == "all" else self.action)
        self.entries = audit_rows(entries, self.lang)
        self.shown_in = self.lang
        return None
