"""The console's programme versions page: the figures, a new version, the history.

A new version is built on the page as a list of changes (figure, value before, value after:
the diff against the latest version) and saved with one tap; the save's Idempotency-Key is
made when the form is shown, so a double tap or a resent event saves one version (the
service replays the first). Every check that decides anything is the service's; the page
only refuses what cannot be a figure's value before sending it.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import reflex as rx

import rules
from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.ops_programmes import (
    VersionCard,
    figure_rows,
    key_label,
    version_cards,
    version_error,
)
from member_app.services.catalog_data import PROGRAMMES
from member_app.services.programmes import add_version, figure_table, real_day, version_history
from member_app.services.unit import run_in_transaction
from member_app.state.ops import OpsState
from member_app.state.session import now

WHOLE = re.compile(r"[0-9]{1,12}")
DECIMAL = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?")


class OpsProgrammesState(OpsState):
    programme: str = "jd"
    intro: str = ""
    figures: list[dict[str, str]] = []
    keys: list[str] = []
    versions: list[VersionCard] = []
    tomorrow: str = ""  # the earliest first day, YYYY-MM-DD (the date input's minimum)
    figure_key: str = ""
    figure_value: str = ""
    pending: list[dict[str, str]] = []  # {key, before, after}: the diff being built
    effective_from: str = ""
    reason: str = ""
    save_key: str = ""
    saved_note: str = ""
    error: str = ""
    _latest: dict[str, str] = {}  # key -> value in the latest version (the diff's "before")
    _decimal: list[str] = []  # the figures that are decimals (the others are integers)
    # The latest version's number when the diff was started: sent with the save, so a version
    # another admin saves meanwhile refuses this one instead of being built on unseen.
    _based_on: int = 1
    # What the notes say, kept so a language switch says it again in the other language:
    # the saved version (number, first day) and the refusal (a message key and the figure's
    # key, or "refused" with the service's error code and detail).
    _saved: list[str] = []
    _problem: list[str] = []

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self._start_over()
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def show_programme(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value in PROGRAMMES and value != self.programme:
            self.programme = value
            self._start_over()
            return self._show()
        return None

    def _show(self) -> rx.event.EventSpec | None:
        moment = now()
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            table = figure_table(session=session, code=self.programme, at=moment)
            history = version_history(session=session, code=self.programme, at=moment)
        program = rules.load_program(self.programme)
        self.tomorrow = (moment.astimezone(program.tz).date() + timedelta(days=1)).isoformat()
        self.intro = message("ops_programmes_intro", self.lang).format(zone=program.timezone)
        self.figures = figure_rows(table)
        self.keys = [row["key"] for row in table]
        if not self.pending:  # the diff being built keeps the figures it was built on
            self._latest = {row["key"]: str(row["latest"]) for row in table}
            self._based_on = max((int(v["number"]) for v in history), default=1)
        self._decimal = [row["key"] for row in table if row["kind"] == "decimal"]
        self.versions = version_cards(history, self.lang)
        self._say()
        self.shown_in = self.lang
        return None

    def _refuse(self, *problem: str) -> None:
        self._problem = list(problem)
        self._say()

    def _say(self) -> None:
        """The notes in the current language."""
        self.saved_note = message("ops_version_saved", self.lang).format(
            number=self._saved[0], day=self._saved[1]) if self._saved else ""
        if not self._problem:
            self.error = ""
        elif self._problem[0] == "refused":
            self.error = version_error(self._problem[1], self._problem[2], self.lang,
                                       self.tomorrow)
        else:
            self.error = message(self._problem[0], self.lang).format(
                key=self._problem[1] if len(self._problem) > 1 else "")

    @rx.event
    def pick_figure(self, value: str) -> None:
        self.figure_key = value if value in self._latest else ""
        self.figure_value = self._latest.get(self.figure_key, "")
        self._refuse()

    @rx.event
    def set_figure_value(self, value: str) -> None:
        self.figure_value = str(value)[:20]

    @rx.event
    def set_effective_from(self, value: str) -> None:
        self.effective_from = str(value)[:10]

    @rx.event
    def set_reason(self, value: str) -> None:
        self.reason = str(value)[:500]

    @rx.event
    def add_change(self) -> None:
        key, value = self.figure_key, self.figure_value.strip()
        if key not in self._latest:
            self._refuse("ops_err_pick_figure")
            return
        before = self._latest[key]
        decimal = key in self._decimal
        if not (DECIMAL if decimal else WHOLE).fullmatch(value):
            self._refuse("ops_err_figure_decimal" if decimal else "ops_err_figure_whole", key)
            return
        if Decimal(value) == Decimal(before):  # "0.90" is the figure 0.9 already in force
            self._refuse("ops_err_nothing_to_change")
            return
        self.pending = [row for row in self.pending if row["key"] != key] + [
            {"key": key, "label": key_label(key), "before": before, "after": value}]
        self.figure_key = self.figure_value = ""
        self._refuse()

    @rx.event
    def remove_change(self, key: str) -> None:
        self.pending = [row for row in self.pending if row["key"] != key]

    @rx.event
    def save(self):  # type: ignore[no-untyped-def]
        if self._saved:  # saved: more taps of the same button change nothing
            return None
        if not self.pending:
            self._refuse("ops_err_no_changes")
            return None
        if not self.effective_from:
            self._refuse("ops_err_pick_day")
            return None
        changes: dict[str, int | str] = {
            row["key"]: row["after"] if row["key"] in self._decimal else int(row["after"])
            for row in self.pending}
        code, first, reason, key = self.programme, self.effective_from, self.reason, self.save_key
        based_on = self._based_on

        def work(session: Any) -> dict[str, Any] | None:
            operator = self._operator(session)
            if operator is None:
                return None
            return add_version(session=session, operator=operator, code=code,
                               effective_from=real_day(first, "effective_from"),
                               changes=changes, reason=reason, now=now(), request_key=key,
                               based_on=based_on)

        try:
            made = run_in_transaction(None, work)
        except AppError as refused:
            self._refuse("refused", refused.code, refused.detail)
            if refused.code == "version_changed":  # show the new figures to build on
                self.pending = []
                return self._show()
            return None
        if made is None:
            return self._to_ops_login()
        self._problem, self._saved = [], [str(made["number"]), made["effective_from"]]
        return self._show()

    @rx.event
    def another_version(self):  # type: ignore[no-untyped-def]
        self._start_over()
        return self._show()  # the next diff starts from the version just saved

    def _start_over(self) -> None:
        self.pending, self.figure_key, self.figure_value = [], "", ""
        self.effective_from = self.reason = ""
        self._saved, self._problem = [], []
        self._say()
        self.save_key = str(uuid.uuid4())

