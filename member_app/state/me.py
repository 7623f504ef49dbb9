"""The Me page: account and profile, benefits, badges, joint memberships, PLUS, password."""

from __future__ import annotations

import reflex as rx

from member_app.errors import AppError
from member_app.models import id_of
from member_app.presenters.me import MeView, account, me_view
from member_app.services import passwords
from member_app.services.overview import current_standing
from member_app.services.plus import plus_status
from member_app.services.profile import update_profile
from member_app.services.programmes import in_force
from member_app.state.session import SessionState, now

PROFILE_ERRORS = ("nickname_too_long", "nickname_unprintable", "birthday_format",
                  "birthday_future", "birthday_too_early", "birthday_set")


class MeState(SessionState):
    view: MeView = MeView()
    plus_active: bool = False
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)
    password_error: str = ""  # a message key
    password_busy: bool = False
    profile_error: str = ""  # a message key
    profile_saved: bool = False
    profile_busy: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.profile_error, self.profile_saved = "", False
        return self._show()

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            moment = now()
            assessment = current_standing(session=session, member=member, now=moment)
            self.plus_active = plus_status(session=session, member=member, now=moment)["active"]
            self._load_demo_members(session)
            program = in_force(session=session, code=member.program, at=moment)
        self.view = me_view(program, assessment, self.lang, account(
            program, assessment, username=member.username, nickname=member.nickname,
            birthday=member.birthday, plus_active=self.plus_active, lang=self.lang))
        self.shown_in = self.shown_for
        return None

    @rx.event
    def save_profile(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        """Nickname and (once) birthday; a refusal names the problem and changes nothing."""
        with self._reading() as session:
            member = self._member(session)
        if member is None:
            yield self._to_login()
            return
        self.profile_busy = True
        self.profile_saved = False
        yield
        try:
            update_profile(engine=None, member_id=id_of(member),
                           nickname=str(form.get("nickname", ""))[:200],
                           birthday=str(form.get("birthday", ""))[:40], now=now())
        except AppError as error:
            self.profile_error = f"err_{error.code}" if error.code in PROFILE_ERRORS \
                else "err_profile"
            return
        finally:
            self.profile_busy = False
        self.profile_error = ""
        self.profile_saved = True
        redirect = self._show()
        if redirect is not None:
            yield redirect

    @rx.event
    def change_password(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        """Every session of the member ends, this one too: back to the login page."""
        with self._reading() as session:
            member = self._member(session)
        if member is None:
            yield self._to_login()
            return
        self.password_busy = True
        yield
        try:
            passwords.change_password(
                engine=None, member=member,
                current=str(form.get("current_password", "")),
                new=str(form.get("new_password", "")), now=now(),
                client=self.router.session.client_ip)
        except AppError as error:
            self.password_error = {"invalid_credentials": "err_wrong_current_password",
                                   "rate_limited": "err_rate_limited"}.get(
                                       error.code, "err_invalid_password")
            return
        finally:
            self.password_busy = False
        self.password_error = ""
        self._forget()
        yield rx.redirect("/login?notice=password_changed")
