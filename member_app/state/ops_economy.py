"""The console's economy page: one programme's flows, balances, liability and tiers."""

from __future__ import annotations

from typing import Any

import reflex as rx

from member_app.i18n import message
from member_app.presenters.ops import economy_view
from member_app.services.catalog_data import PROGRAMMES
from member_app.services.ops_economy import economy
from member_app.state.ops import OpsState
from member_app.state.session import now


class OpsEconomyState(OpsState):
    programme: str = "jd"
    view: dict[str, str] = {}
    intro: str = ""
    chart: list[dict[str, Any]] = []
    flows: list[dict[str, str]] = []
    tiers: list[dict[str, str]] = []
    moves: list[dict[str, str]] = []

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def show_programme(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value in PROGRAMMES:
            self.programme = value
            return self._show()
        return None

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            answer = economy(session=session, program=self.programme, now=now())
        shown = economy_view(answer, self.lang)
        self.chart, self.flows = shown.pop("chart"), shown.pop("flows")
        self.tiers, self.moves = shown.pop("tiers"), shown.pop("moves")
        self.view = shown
        self.intro = message("ops_economy_intro", self.lang).format(
            points_name=shown["points_name"])
        self.shown_in = self.lang
        return None
