"""The Me page: benefits, badges, joint memberships, PLUS, language, password, log out."""

from __future__ import annotations

import reflex as rx

import rules
from member_app.errors import AppError
from member_app.presenters.me import MeView, me_view
from member_app.services import passwords
from member_app.services.overview import current_standing
from member_app.services.plus import plus_status
from member_app.state.session import SessionState, now


class MeState(SessionState):
    view: MeView = MeView()
    plus_active: bool = False
    loaded: bool = False
    password_error: str = ""  # a message key
    password_busy: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            moment = now()
            assessment = current_standing(session=session, member=member, now=moment)
            self.plus_active = plus_status(session=session, member=member, now=moment)["active"]
            self._load_demo_members(session)
        self.view = me_view(rules.load_program(member.program), assessment, self.lang)
        self.loaded = True
        return None

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
