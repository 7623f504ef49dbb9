"""The forecast page (SPEC 13): what time does to the tier and the least spending for a goal
the member picks; computed by rules on request (services.forecast)."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.forecast import ForecastView, forecast_view
from member_app.services.forecast import MAX_AHEAD_DAYS, member_forecast
from member_app.state.session import SessionState, now


class ForecastState(SessionState):
    view: ForecastView = ForecastView()
    tier: str = ""  # the goal being edited (applied by `work_out`)
    by: str = ""
    error: str = ""
    # the goal last worked out, kept for a language switch or a return to the page
    _applied: tuple[str, str] = ("", "")
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        tier, by = self._applied
        return self._show(tier or None, date.fromisoformat(by) if by else None)

    @rx.event
    def choose_tier(self, value: str) -> None:
        self.tier = str(value)[:16]

    @rx.event
    def choose_day(self, value: str) -> None:
        self.by = str(value)[:10]

    @rx.event
    def work_out(self):  # type: ignore[no-untyped-def]
        try:
            day = date.fromisoformat(self.by)
        except ValueError:
            self.error = message("fc_goal_invalid", self.lang)
            return None
        self._applied = (self.tier, self.by)
        return self._show(self.tier or None, day)

    def _show(self, tier: str | None, by: date | None):  # type: ignore[no-untyped-def]
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            try:
                forecast = member_forecast(session=session, member=member, now=now(),
                                           tier=tier, by=by)
            except AppError:
                self.error = message("fc_goal_invalid", self.lang)
                self._applied = ("", "")
                return None
        self.error = ""
        self.view = forecast_view(forecast, self.lang, by_max=forecast.standing.today
                                  + timedelta(days=MAX_AHEAD_DAYS))
        self.tier, self.by = self.view.tier, self.view.by
        self.shown_in = self.shown_for
        return None
