"""One helper for every member action that spends: the confirmation sheet's state and handlers.

A page state that spends subclasses `SpendState` and, per action, writes two small pieces: a
loader that builds the sheet (`_open_sheet`) and a confirm handler that names the use case and
how its answer reads (`_confirm`). The helper does the rest, the same way everywhere: resolve the
member from the token (or send them to log in), the idempotency key made when the sheet opened,
the payment choice, one result that a repeated tap cannot replace, then the page's refresh.
See `presenters.spend` for the rules themselves.

Reflex keeps `sheet` on this parent state, shared by its page states: each page's loader calls
`_close_sheet()` so a sheet never follows the member to another page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import reflex as rx
from sqlmodel import Session

from member_app.errors import AppError
from member_app.models import Member
from member_app.presenters.redeem import error_text
from member_app.presenters.spend import (
    SpendSheet,
    confirming,
    finished,
    opened,
    payment_token,
    with_payment,
)
from member_app.services.idempotency import Outcome
from member_app.state.actions import run_member_action
from member_app.state.session import SessionState

# (session, member, idempotency key, payment token) -> the use case's answer
UseCase = Callable[[Session, Member, str, "str | None"], Outcome]
# (member, answer) -> (result text, detail)
Describe = Callable[[Member, Outcome], "tuple[str, str]"]


class SpendState(SessionState):
    sheet: SpendSheet = SpendSheet()

    @rx.event
    def close_sheet(self) -> None:
        if not self.sheet.busy:  # a running confirm finishes first, then the sheet can close
            self._close_sheet()

    @rx.event
    def sheet_open_changed(self, is_open: bool) -> None:
        """The dialog's own close gestures (Escape, a tap outside)."""
        if not is_open and not self.sheet.busy:
            self._close_sheet()

    @rx.event
    def choose_payment(self, choice: str) -> None:
        self.sheet = with_payment(self.sheet, str(choice))

    def _close_sheet(self) -> None:
        self.sheet = SpendSheet()

    def _open_sheet(self, action: str, target: int,
                    build: Callable[[Session, Member], SpendSheet | None]
                    ) -> rx.event.EventSpec | None:
        """Open the sheet `build` describes (None: nothing to offer, e.g. an unknown item).

        A repeated tap on the same button keeps the open sheet and its key, without building
        it again."""
        current = self.sheet
        if current.open and current.action == action and current.target == target:
            return None
        with self._transaction() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            sheet = build(session, member)
        if sheet is not None:
            self.sheet = opened(sheet)
        return None

    def _confirm(self, action: str, use_case: UseCase, describe: Describe
                 ) -> Iterator[Any]:
        """Run the sheet's use case once; yields UI updates (and a login redirect if needed).

        Callers `yield from` it, then refresh their page."""
        started = confirming(self.sheet, action)
        if started is None:
            return
        self.sheet = started
        yield
        try:
            result = run_member_action(
                self._transaction, self._member,
                lambda session, member: use_case(session, member, started.key,
                                                 payment_token(started)))
            if result.signed_out:
                self._close_sheet()
                yield self._to_login()
                return
            if result.error is None and result.value is not None and result.member is not None:
                # A stored refusal (409) is an answer, committed with its key; raise it only now.
                answer = result.value.raise_for_error()
                text, detail = describe(result.member, answer)
                self.sheet = finished(started, ok=True, result=text, detail=detail)
            else:
                code = result.error.code if result.error is not None else "error"
                self.sheet = finished(started, ok=False,
                                      result=error_text(code, self.lang, started.points_name))
        except AppError as error:
            self.sheet = finished(started, ok=False,
                                  result=error_text(error.code, self.lang, started.points_name))
        except Exception:
            # A bug: the member is told (app.backend_exception_handler); the sheet can close.
            self.sheet = finished(started, ok=False, result=error_text("error", self.lang))
            raise
