"""The sign-in page: a button that says what it earns, the streaks, the calendar, a celebration,
and the streak freeze the day after a missed day (confirmed in the spend sheet, so a double
tap uses one: state.spend)."""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import Session

import rules
from member_app.i18n import message
from member_app.models import Member
from member_app.presenters.names import points_for
from member_app.presenters.signin import SignInView, day_text, freeze_sheet, sign_in_view
from member_app.presenters.spend import SpendSheet
from member_app.services.idempotency import Outcome
from member_app.services.overview import current_standing
from member_app.services.points import balance_of
from member_app.services.programmes import in_force, timeline
from member_app.services.signin import sign_in
from member_app.services.streak_freeze import freeze_offer, use_streak_freeze
from member_app.state.session import now
from member_app.state.spend import SpendState


class SignInState(SpendState):
    view: SignInView = SignInView()
    result: str = ""
    # What `result` says, kept apart from its words so a language switch re-words it:
    # (message key, reward, member's programme code); empty when nothing was said.
    _said: tuple[str, int, str] = ("", 0, "")
    result_is_new: bool = False
    result_day: str = ""  # "<member id>:<local day>" the shown "+N" was earned for
    celebrate: bool = False  # the sign-in just earned something: the page plays its burst
    celebrate_text: str = ""  # "+3 京豆"
    busy: bool = False
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        # A page (re)opened: yesterday's celebration does not play again.
        self.celebrate = False
        self._close_sheet()
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            moment = now()
            assessment = current_standing(session=session, member=member, now=moment)
            programme = timeline(session=session, code=member.program)
            offer = freeze_offer(session=session, member=member, now=moment,
                                 assessment=assessment)
        self.view = sign_in_view(programme, assessment.streak, self.lang, offer)
        self._word_result()
        self.shown_in = self.shown_for
        return None

    def _word_result(self) -> None:
        key, reward, code = self._said
        self.result = "" if not key else message(key, self.lang).format(
            reward=reward, points_name=points_for(rules.load_program(code), reward, self.lang))

    @rx.event
    def open_freeze(self):  # type: ignore[no-untyped-def]
        def build(session: Session, member: Member) -> SpendSheet | None:
            moment = now()
            offer = freeze_offer(session=session, member=member, now=moment)
            if offer is None:
                return None
            program = in_force(session=session, code=member.program, at=moment)
            balance = balance_of(session=session, member_id=member.id or 0)
            return freeze_sheet(offer, balance, program, self.lang)

        return self._open_sheet("freeze", 0, build)

    @rx.event
    def confirm_freeze(self):  # type: ignore[no-untyped-def]
        def use_case(session: Session, member: Member, key: str, _token: str | None) -> Outcome:
            return use_streak_freeze(session=session, member=member, idempotency_key=key,
                                     now=now())

        def describe(member: Member, answer: Outcome) -> tuple[str, str]:
            covers = date.fromisoformat(answer.body["covers"])
            return message("freeze_done", self.lang).format(day=day_text(covers, self.lang)), ""

        yield from self._confirm("freeze", use_case, describe)
        if self.sheet.done:
            yield self._refresh()

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
                self._said, self.result_is_new = ("signin_already", 0, program.code), False
            else:
                points_name = points_for(program, outcome.reward, self.lang)
                self.result_day = today
                said = "signin_to_collect" if outcome.to_collect else "signin_earned"
                self._said = (said, outcome.reward, program.code)
                self.result_is_new = True
                self.celebrate = True
                self.celebrate_text = f"+{outcome.reward} {points_name}"
        finally:
            self.busy = False
        yield self._refresh()
