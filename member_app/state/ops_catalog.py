"""The console's catalog page: every item, a new item, stock, pause and resume, redemptions.

Double taps: Reflex runs one client's events one after another, so the second tap of "Add" or
"Apply" runs after the first has finished. Each dialog gets its Idempotency-Key when it
opens (before any tap) and is marked done by its first success; a later tap on a done dialog
changes nothing, and the services replay the key anyway (services.audit.earlier_request).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from member_app.errors import AppError
from member_app.i18n import message
from member_app.models import Operator
from member_app.presenters.ops import (
    cash_fen,
    catalog_rows,
    error_text,
    redemption_rows,
)
from member_app.services.catalog_data import PROGRAMMES
from member_app.services.ops_catalog import (
    catalog_item,
    change_stock,
    create_item,
    edit_item,
    item_redemptions,
    operator_catalog,
)
from member_app.state.ops import OpsState
from member_app.state.session import now

FILTERS = ("all", *PROGRAMMES)
# ASCII digits, at most 9 (str.isdigit takes "²", which int() refuses; the services bound
# the value and name the field).
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")
NEW_KINDS = ("own", "points_cash", "jd_bean")  # games need prizes and odds: catalog files


class OpsCatalogState(OpsState):
    programme: str = "all"
    rows: list[dict[str, str]] = []
    notice: str = ""  # a refused pause or resume, say

    new_open: bool = False
    new_key: str = ""
    new_done: bool = False
    new_kind: str = "own"
    new_message: str = ""
    new_error: str = ""

    stock_open: bool = False
    stock_code: str = ""
    stock_title: str = ""
    stock_info: str = ""
    stock_key: str = ""
    stock_done: bool = False
    stock_message: str = ""
    stock_error: str = ""

    edit_open: bool = False
    edit_code: str = ""
    edit_title: str = ""
    edit_values: dict[str, str] = {}
    edit_kind: str = ""
    edit_error: str = ""
    edit_done: bool = False

    redemptions_title: str = ""
    redemption_list: list[dict[str, str]] = []

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        return self._refresh()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._refresh()

    @rx.event
    def show_programme(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value in FILTERS:
            self.programme = value
            return self._refresh()
        return None

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            items = operator_catalog(session=session,
                                     program=None if self.programme == "all" else self.programme)
        self.rows = catalog_rows(items, self.lang)
        if self.redemptions_title and self.stock_code:
            self._load_redemptions(self.stock_code)
        self.shown_in = self.lang
        return None

    # --- a new item ----------------------------------------------------------------------

    @rx.event
    def open_new(self) -> None:
        self.new_open, self.new_done, self.new_kind = True, False, "own"
        self.new_key, self.new_message, self.new_error = str(uuid.uuid4()), "", ""

    @rx.event
    def new_open_changed(self, is_open: bool) -> None:
        self.new_open = bool(is_open)

    @rx.event
    def choose_new_kind(self, kind: str) -> None:
        if kind in NEW_KINDS:
            self.new_kind = kind

    @rx.event
    def add_item(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.new_done or not self.new_key:
            return None  # the first tap already added it
        spec, problem = self._new_spec(form)
        if problem:
            self.new_error = problem
            return None
        key = self.new_key
        program = str(form.get("program", "jd"))
        made = self._act(lambda session, operator: create_item(
            session=session, operator=operator, program=program, spec=spec,
            reason=str(form.get("reason", "")), now=now(), request_key=key), into="new_error")
        if made is None:
            return self._login_if_signed_out()
        self.new_done = True
        self.new_message = message("ops_item_added", self.lang).format(
            name=made["names"][self.lang])
        return self._refresh()

    def _new_spec(self, form: dict[str, Any]) -> tuple[dict[str, Any], str]:
        kind = self.new_kind
        spec: dict[str, Any] = {
            "code": str(form.get("code", "")).strip(), "kind": kind,
            "name": {"zh": str(form.get("name_zh", "")), "en": str(form.get("name_en", ""))},
            "note": {"zh": str(form.get("note_zh", "")), "en": str(form.get("note_en", ""))},
            "picture": str(form.get("picture", "gift")),
        }
        for field, label in (("points", "ops_field_points"), ("stock", "ops_field_stock"),
                             ("per_member_limit", "ops_field_limit")):
            text = str(form.get(field, "")).strip()
            if not text and field != "points":
                continue
            if not WHOLE_NUMBER.fullmatch(text):
                return spec, message("ops_err_whole_number", self.lang).format(
                    field=message(label, self.lang))
            spec[field] = int(text)
        if kind == "points_cash":
            fen = cash_fen(str(form.get("cash", "")))
            if fen is None:
                return spec, message("ops_err_cash", self.lang)
            spec["cash_fen"] = fen
        return spec, ""

    # --- stock -----------------------------------------------------------------------------

    @rx.event
    def open_stock(self, code: str) -> None:
        self.stock_open, self.stock_done = True, False
        self.stock_key, self.stock_message, self.stock_error = str(uuid.uuid4()), "", ""
        self.stock_code = str(code)
        self._describe_stock()

    @rx.event
    def stock_open_changed(self, is_open: bool) -> None:
        self.stock_open = bool(is_open)

    @rx.event
    def apply_stock(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.stock_done or not self.stock_key:
            return None
        text = str(form.get("change", "")).strip()
        if not WHOLE_NUMBER.fullmatch(text):
            self.stock_error = message("ops_err_whole_number", self.lang).format(
                field=message("ops_stock_change", self.lang))
            return None
        change, key, code = int(text), self.stock_key, self.stock_code
        changed = self._act(lambda session, operator: change_stock(
            session=session, operator=operator, code=code, change=change,
            reason=str(form.get("reason", "")), now=now(), request_key=key),
            into="stock_error")
        if changed is None:
            return self._login_if_signed_out()
        self.stock_done = True
        self.stock_message = message("ops_stock_done", self.lang).format(
            left=changed["stock_left"])
        self._describe_stock()
        return self._refresh()

    def _describe_stock(self) -> None:
        with self._reading() as session:
            if self._operator(session) is None:
                return
            try:
                item = catalog_item(session=session, code=self.stock_code)
            except AppError:
                self.stock_open = False
                return
        self.stock_title = message("ops_stock_title", self.lang).format(
            name=item["names"][self.lang])
        self.stock_info = message("ops_stock_now", self.lang).format(
            left=item["stock_left"], redeemed=item["redeemed"])

    # --- edit --------------------------------------------------------------------------------

    @rx.event
    def open_edit(self, code: str) -> None:
        with self._reading() as session:
            if self._operator(session) is None:
                return
            try:
                item = catalog_item(session=session, code=str(code))
            except AppError:
                return
        notes = item["notes"] or {"zh": "", "en": ""}
        self.edit_code, self.edit_kind = item["code"], item["kind"]
        self.edit_title = message("ops_edit_title", self.lang).format(
            name=item["names"][self.lang])
        self.edit_values = {
            "points": str(item["points"]), "cash": item["cash"],
            "name_zh": item["names"]["zh"], "name_en": item["names"]["en"],
            "note_zh": notes["zh"], "note_en": notes["en"], "picture": item["picture"],
            "per_member_limit": "" if item["per_member_limit"] is None
            else str(item["per_member_limit"])}
        self.edit_open, self.edit_done, self.edit_error = True, False, ""

    @rx.event
    def edit_open_changed(self, is_open: bool) -> None:
        self.edit_open = bool(is_open)

    @rx.event
    def save_edit(self, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.edit_done or not self.edit_code:
            return None
        changes: dict[str, Any] = {
            "name": {"zh": str(form.get("name_zh", "")), "en": str(form.get("name_en", ""))},
            "note": {"zh": str(form.get("note_zh", "")), "en": str(form.get("note_en", ""))},
            "picture": str(form.get("picture", self.edit_values.get("picture", "gift")))}
        points = str(form.get("points", "")).strip()
        limit = str(form.get("per_member_limit", "")).strip()
        for text, label in ((points, "ops_field_points"), (limit, "ops_field_limit")):
            if text and not WHOLE_NUMBER.fullmatch(text):
                self.edit_error = message("ops_err_whole_number", self.lang).format(
                    field=message(label, self.lang))
                return None
        changes["points"] = int(points) if points else 0
        changes["per_member_limit"] = int(limit) if limit else None
        if self.edit_kind == "points_cash":
            fen = cash_fen(str(form.get("cash", "")))
            if fen is None:
                self.edit_error = message("ops_err_cash", self.lang)
                return None
            changes["cash_fen"] = fen
        # Only what the operator changed: sending every field would undo another operator's
        # change made since this dialog opened.
        before = self.edit_values
        was = {"name": {"zh": before.get("name_zh", ""), "en": before.get("name_en", "")},
               "note": {"zh": before.get("note_zh", ""), "en": before.get("note_en", "")},
               "picture": before.get("picture", ""),
               "points": int(before["points"]) if before.get("points", "").isdigit() else None,
               "per_member_limit": int(before["per_member_limit"])
               if before.get("per_member_limit", "").isdigit() else None,
               "cash_fen": cash_fen(before.get("cash", ""))}
        changes = {key: value for key, value in changes.items() if was.get(key) != value}
        if not changes:
            self.edit_done = True  # nothing to change: done, as a double tap's second save is
            return None
        code = self.edit_code
        edited = self._act(lambda session, operator: edit_item(
            session=session, operator=operator, code=code, changes=changes,
            reason=str(form.get("reason", "")), now=now()), into="edit_error")
        if edited is None:
            return self._login_if_signed_out()
        self.edit_done = True
        return self._refresh()

    # --- pause, resume, redemptions ---------------------------------------------------------

    @rx.event
    def set_active(self, code: str, active: bool):  # type: ignore[no-untyped-def]
        if not isinstance(active, bool):  # from the websocket: "false" would be truthy
            return None
        self.notice = ""
        done = self._act(lambda session, operator: edit_item(
            session=session, operator=operator, code=str(code),
            changes={"active": bool(active)}, now=now()), into="notice")
        if done is None:
            return self._login_if_signed_out()
        return self._refresh()

    @rx.event
    def show_redemptions(self, code: str) -> None:
        self.stock_code = str(code)
        self._load_redemptions(str(code))

    @rx.event
    def hide_redemptions(self) -> None:
        self.redemptions_title, self.redemption_list = "", []

    def _load_redemptions(self, code: str) -> None:
        with self._reading() as session:
            if self._operator(session) is None:
                return
            try:
                item = catalog_item(session=session, code=code)
                rows = item_redemptions(session=session, code=code)
            except AppError:
                return
        self.redemptions_title = message("ops_redemptions_title", self.lang).format(
            name=item["names"][self.lang])
        self.redemption_list = redemption_rows(rows, self.lang)

    # --- one change, for the operator the token names ---------------------------------------

    def _act(self, change: Callable[[Session, Operator], dict[str, Any]], *,
             into: str) -> dict[str, Any] | None:
        """Run `change` in one transaction; its answer, or None with the error text set in
        the state field `into` (or the operator signed out: `_login_if_signed_out`)."""
        setattr(self, into, "")
        try:
            with self._writing() as session:
                operator = self._operator(session)
                if operator is None:
                    return None
                return change(session, operator)
        except AppError as error:
            setattr(self, into, error_text(error.code, error.detail, self.lang))
            return None

    def _login_if_signed_out(self) -> rx.event.EventSpec | None:
        return self._to_ops_login() if not self.operator_name else None
