"""The Me page: benefits, badges, joint memberships, PLUS summary, language, log out."""

from __future__ import annotations

import reflex as rx

import rules
from member_app.presenters.me import MeView, me_view
from member_app.services.overview import current_standing
from member_app.services.plus import plus_status
from member_app.state.session import SessionState, now


class MeState(SessionState):
    view: MeView = MeView()
    plus_active: bool = False
    loaded: bool = False

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
