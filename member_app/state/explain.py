"""The explain page (SPEC 13): the member's figures traced to their events, on request only
(services.explain replays the history; no other page does)."""

from __future__ import annotations

import reflex as rx

from member_app.presenters.explain import ExplainView, explain_view
from member_app.services.explain import explanation
from member_app.state.session import SessionState, now


class ExplainState(SessionState):
    view: ExplainView = ExplainView()
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        # ?event=<id>: opened from a ledger line, that record first. Any string is safe: it
        # is only compared with the member's own event ids.
        focus = str(self.router.url.query_parameters.get("event", ""))[:128]
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            explained = explanation(session=session, member=member, now=now())
        self.view = explain_view(explained, self.lang, focus)
        self.shown_in = self.shown_for
        return None
