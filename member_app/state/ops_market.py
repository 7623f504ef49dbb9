"""The console's market page: every listing, and an admin's withdrawal with a reason the
seller sees. The withdraw dialog's Idempotency-Key is made when it opens; a done dialog
ignores more taps."""

from __future__ import annotations

import re
import uuid
from typing import Any

import reflex as rx

from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.ops import error_text, listing_rows
from member_app.services.ops_market import STATUSES, operator_listings, withdraw_listing
from member_app.state.ops import OpsState
from member_app.state.session import now

LISTING_ID = re.compile(r"[0-9]{1,10}")  # ASCII (isdecimal takes "１"); int() stays small


class OpsMarketState(OpsState):
    status: str = "open"
    rows: list[dict[str, str]] = []
    withdraw_open: bool = False
    withdraw_id: int = 0
    withdraw_title: str = ""
    withdraw_key: str = ""
    withdraw_done: bool = False
    withdraw_error: str = ""

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
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
            rows = operator_listings(session=session, now=now(), status=self.status)
        self.rows = listing_rows(rows, self.lang)
        self.shown_in = self.lang
        return None

    @rx.event
    def open_withdraw(self, listing_id: str) -> None:
        if not LISTING_ID.fullmatch(str(listing_id)):
            return
        self.withdraw_id = int(listing_id)
        self.withdraw_title = message("ops_withdraw_title", self.lang).format(id=listing_id)
        self.withdraw_open, self.withdraw_done, self.withdraw_error = True, False, ""
        self.withdraw_key = str(uuid.uuid4())

    @rx.event
    def withdraw_open_changed(self, is_open: bool) -> None:
        self.withdraw_open = bool(is_open)

    @rx.event
    def withdraw(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.withdraw_done or not self.withdraw_id:
            return None
        reason = str(form.get("reason", "")).strip()
        if not reason:
            self.withdraw_error = message("ops_risk_reason_required", self.lang)
            return None
        try:
            with self._writing() as session:
                operator = self._operator(session)
                if operator is None:
                    return self._to_ops_login()
                withdraw_listing(session=session, operator=operator,
                                 listing_id=self.withdraw_id, reason=reason, now=now(),
                                 request_key=self.withdraw_key)
        except AppError as error:
            self.withdraw_error = error_text(error.code, error.detail, self.lang)
            return None
        self.withdraw_done = True
        return self._show()
