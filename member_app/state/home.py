"""The home page: a demo member's tier card.

Until members log in (issue: the member app), the page shows demo members only, and only
when the app runs with demo data: any websocket client can call these handlers, so they refuse
every member that is not a demo member.
"""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from member_app import db
from member_app.errors import NotFound
from member_app.presenters import TierCard, tier_card
from member_app.services.overview import demo_usernames, member_overview
from member_app.settings import load_settings
from member_app.state.base import AppState


class HomeState(AppState):
    username: str = ""
    card: TierCard = TierCard()
    demo_members: list[dict[str, str]] = []
    loaded: bool = False
    not_found: bool = False

    @rx.event
    def load(self) -> None:
        if not load_settings().demo:
            self.not_found = True
            return
        with db.transaction() as session:
            members = demo_usernames(session=session)
            self.demo_members = [{"username": u, "program": p} for u, p in members]
            wanted = self.router.url.query_parameters.get("member") or self.username
            known = {u for u, _ in members}
            self.username = wanted if wanted in known else (members[0][0] if members else "")
            self._refresh(session)

    @rx.event
    def show_member(self, username: str) -> None:
        with db.transaction() as session:
            if username not in {u for u, _ in demo_usernames(session=session)}:
                return
            self.username = username
            self._refresh(session)

    @rx.event
    def toggle_locale(self) -> None:
        self._flip_locale()
        with db.transaction() as session:
            self._refresh(session)

    def _refresh(self, session) -> None:  # type: ignore[no-untyped-def]
        if not self.username:
            self.not_found = True
            return
        try:
            overview = member_overview(
                session=session, member_ref=self.username, now=datetime.now(UTC)
            )
        except NotFound:
            self.not_found = True
            return
        self.card = tier_card(overview, self.lang)
        self.not_found = False
        self.loaded = True
