"""The console's members page: find a member, their standing, ledger and risk flags.

Setting a flag follows the catalog page's rule for double taps (state/ops_catalog.py): the
form's Idempotency-Key is made when the member is shown, and a done form ignores more taps
until the operator asks for another flag.
"""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.ops import (
    coupon_rows,
    error_text,
    ledger_rows,
    member_summary,
    plus_line,
    risk_rows,
    trace_rows,
)
from member_app.services.ops_members import member_file, member_trace, set_risk_flag
from member_app.state.ops import OpsState
from member_app.state.session import now
from rules.events import RISK_KINDS, RISK_LEVELS

TRACE_SHOWN = 50


class OpsMembersState(OpsState):
    query: str = ""
    found: bool = False
    not_found: bool = False
    summary: dict[str, str] = {}
    flags: list[dict[str, str]] = []
    ledger: list[dict[str, str]] = []
    trace: list[dict[str, str]] = []
    coupons: list[dict[str, str]] = []
    plus: str = ""
    trace_total: str = ""
    risk_key: str = ""
    risk_done: bool = False
    risk_message: str = ""
    risk_error: str = ""

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        ref = self.router.url.query_parameters.get("member", "")
        if ref:
            self.query = str(ref)[:64]
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def search(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        self.query = str(form.get("member", "")).strip()[:64]
        self.risk_done, self.risk_message, self.risk_error = False, "", ""
        self.risk_key = str(uuid.uuid4())
        return self._show()

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            file = trace = None
            if self.query:
                try:
                    file = member_file(session=session, member_ref=self.query, now=now())
                    trace = member_trace(session=session, member_ref=self.query, now=now(),
                                         limit=TRACE_SHOWN)
                except AppError:
                    file = None
        self.found, self.not_found = file is not None, bool(self.query) and file is None
        if file is not None:
            self.summary = member_summary(file, self.lang)
            self.flags = risk_rows(file["risk_flags"], self.lang)
            self.ledger = ledger_rows(file["ledger"], file["member"]["program"], self.lang)
            self.coupons = coupon_rows(file["coupons"], self.lang)
            self.plus = plus_line(file["plus"], self.lang)
        if file is not None and trace is not None:
            self.trace = trace_rows(trace["entries"], self.lang)
            self.trace_total = message("ops_trace_count", self.lang).format(
                total=trace["total"], shown=len(trace["entries"]))
            if not self.risk_key:
                self.risk_key = str(uuid.uuid4())
        self.shown_in = self.lang
        return None

    @rx.event
    def set_flag(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.risk_done or not self.found:
            return None
        kind, level = str(form.get("kind", "")), str(form.get("level", ""))
        reason = str(form.get("reason", "")).strip()
        if kind not in RISK_KINDS or level not in RISK_LEVELS:
            return None
        if not reason:
            self.risk_error = message("ops_risk_reason_required", self.lang)
            return None
        self.risk_error = ""
        try:
            with self._writing() as session:
                operator = self._operator(session)
                if operator is None:
                    return self._to_ops_login()
                set_risk_flag(session=session, operator=operator,
                              member_ref=self.summary.get("id", ""), kind=kind, level=level,
                              reason=reason, now=now(), request_key=self.risk_key)
        except AppError as error:
            self.risk_error = error_text(error.code, error.detail, self.lang)
            return None
        self.risk_done, self.risk_message = True, message("ops_risk_saved", self.lang)
        return self._show()

    @rx.event
    def another_flag(self) -> None:
        self.risk_done, self.risk_message, self.risk_error = False, "", ""
        self.risk_key = str(uuid.uuid4())
