"""The sign-in page: a button that says what it earns, the streaks, the calendar, a celebration."""

from __future__ import annotations

import reflex as rx

import rules
from member_app.i18n import message
from member_app.presenters.signin import SignInView, sign_in_view
from member_app.services.overview import current_standing
from member_app.services.programmes import in_force
from member_app.services.signin import sign_in
from member_app.state.session import SessionState, now


class SignInState(SessionState):
    view: SignInView = SignInView()
    result: str = ""
    result_is_new: bool = False
    result_day: str = ""  # "<member id>:<local day>" the shown "+N" was earned for
    celebrate: bool = False  # the sign-in just earned something: the page plays its burst
    celebrate_text: str = ""  # "+3 京豆"
    busy: bool = False
    shown_in: str = ""  # the language of the figures held; pages wait for the current one

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        # A page (re)opened: yesterday's celebration does not play again.
        self.celebrate = False
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            moment = now()
            assessment = current_standing(session=session, member=member, now=moment)
            program = in_force(session=session, code=member.program, at=moment)
        self.view = sign_in_view(program, assessment.streak, self.lang)
        self.shown_in = self.lang
        return None

    @rx.event
    def sign_in_today(self):  # type: ignore[no-untyped-def]
        if self.busy:
            return
        self.busy = True
        yield
        try:
            with self._transaction() as session:
                member = self._member(session)
                if member is None:
                    yield self._to_login()
                    return
                moment = now()
                outcome = sign_in(session=session, member=member, now=moment)
                program = rules.load_program(member.program)
                today = f"{member.id}:{rules.local_date(program, moment).isoformat()}"
            if outcome.already and self.result_is_new and self.result_day == today:
                pass  # a second tap of the same sign-in: the "+N" it earned stays on screen
            elif outcome.already:
                self.result, self.result_is_new = message("signin_already", self.lang), False
            else:
                points_name = program.points_names.get(self.lang)
                self.result_day = today
                self.result = message("signin_earned", self.lang).format(
                    reward=outcome.reward, points_name=points_name
                )
                self.result_is_new = True
                self.celebrate = True
                self.celebrate_text = f"+{outcome.reward} {points_name}"
        finally:
            self.busy = False
        yield self._refresh()
