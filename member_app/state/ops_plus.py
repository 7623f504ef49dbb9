"""The console's PLUS codes page: issue a batch (its codes shown once), list, export CSV.

The issue form's Idempotency-Key is made when the form is shown; a done form ignores more
taps (state/ops_catalog.py says why), and the service refuses the same key again, since the
codes of a batch are never stored and so never shown twice.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import reflex as rx

from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.ops import error_text, plus_code_rows
from member_app.services.ops_plus import STATUSES, issue_plus_codes, plus_codes, plus_codes_csv
from member_app.state.ops import OpsState
from member_app.state.session import now

WHOLE = re.compile(r"[0-9]{1,5}")


class OpsPlusState(OpsState):
    status: str = "all"
    rows: list[dict[str, str]] = []
    issue_key: str = ""
    issue_done: bool = False
    issue_error: str = ""
    issued_text: str = ""  # the new batch's codes, one per line: shown this once
    issued_note: str = ""

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        # The codes of a batch are shown once, while the operator stays on the page: a new
        # visit forgets them (they would otherwise sit in the state store, Redis in
        # production, for as long as the tab's state lives).
        self._forget_codes()
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def show_status(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value in STATUSES:
            self.status = value
            return self._show()
        return None

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            rows = plus_codes(session=session, status=self.status, limit=200)
        self.rows = plus_code_rows(rows, self.lang)
        self.shown_in = self.lang
        return None

    @rx.event
    def issue(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.issue_done:
            return None
        count, days = str(form.get("count", "")).strip(), str(form.get("days", "")).strip()
        for text, label in ((count, "ops_field_count"), (days, "ops_field_days")):
            if not WHOLE.fullmatch(text):
                self.issue_error = message("ops_err_whole_number", self.lang).format(
                    field=message(label, self.lang))
                return None
        try:
            with self._writing() as session:
                operator = self._operator(session)
                if operator is None:
                    return self._to_ops_login()
                batch = issue_plus_codes(session=session, operator=operator, count=int(count),
                                         days=int(days), reason=str(form.get("reason", "")),
                                         now=now(), request_key=self.issue_key)
        except AppError as error:
            self.issue_error = error_text(error.code, error.detail, self.lang)
            return None
        self.issue_done, self.issue_error = True, ""
        self.issued_text = "\n".join(f"{code['label']}  {code['code']}"
                                     for code in batch["codes"])
        self.issued_note = message("ops_codes_issued", self.lang).format(
            count=batch["count"], days=batch["days"], batch=batch["batch"])
        return self._show()

    @rx.event
    def issue_another(self) -> None:
        self._forget_codes()

    def _forget_codes(self) -> None:
        self.issue_done, self.issue_error = False, ""
        self.issued_text = self.issued_note = ""
        self.issue_key = str(uuid.uuid4())

    @rx.event
    def export_csv(self):  # type: ignore[no-untyped-def]
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            text = plus_codes_csv(session=session, status=self.status)
        return rx.download(data=text, filename=f"plus-codes-{self.status}.csv")
