"""The points page: balance, points expiring soon, and the ledger a page at a time."""

from __future__ import annotations

import reflex as rx

from member_app.presenters.points import LedgerRow, PointsView, ledger_rows, points_view
from member_app.services.overview import current_standing
from member_app.services.points import LEDGER_DIRECTIONS, ledger_page
from member_app.services.programmes import in_force
from member_app.state.session import SessionState, now

PAGE_SIZE = 20


class PointsState(SessionState):
    view: PointsView = PointsView()
    rows: list[LedgerRow] = []
    has_more: bool = False
    direction: str = "all"
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        return self._show(first_page=True)

    @rx.event
    def show_direction(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if not isinstance(value, str) or value not in LEDGER_DIRECTIONS:
            return None
        self.direction = value
        return self._show(first_page=True)

    @rx.event
    def load_more(self):  # type: ignore[no-untyped-def]
        if not self.has_more:
            return None
        return self._show(first_page=False)

    def _show(self, *, first_page: bool) -> rx.event.EventSpec | None:
        before = None if first_page or not self.rows else self.rows[-1].id
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            program = in_force(session=session, code=member.program, at=now())
            # Brought forward first, so what fell due (expiry) is in the ledger read next.
            assessment = current_standing(session=session, member=member, now=now())
        balance = assessment.points_balance
        with self._reading() as session:
            lines = ledger_page(session=session, member=member, limit=PAGE_SIZE + 1,
                                before_id=before, direction=self.direction)
        page = ledger_rows(program, lines[:PAGE_SIZE], self.lang)
        self.view = points_view(program, balance, assessment, self.lang)
        self.rows = page if first_page else self.rows + page
        self.has_more = len(lines) > PAGE_SIZE
        self.shown_in = self.shown_for
        return None
