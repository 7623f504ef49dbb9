"""The home page: the signed-in member's tier card, growth charts, points and streak."""

from __future__ import annotations

import reflex as rx

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.presenters.bubbles import BubblesCard, bubbles_card, collected_text, kept_in_place
from member_app.presenters.home import HomeSummary, home_summary
from member_app.presenters.plus_savings import home_saved_line
from member_app.presenters.tier_card import TierCard, tier_card
from member_app.services.bubbles import collect_bubble
from member_app.services.overview import current_standing
from member_app.services.plus import plus_status
from member_app.services.plus_savings import plus_savings
from member_app.services.programmes import in_force
from member_app.state.actions import run_member_action
from member_app.state.session import SessionState, now


class HomeState(SessionState):
    card: TierCard = TierCard()
    summary: HomeSummary = HomeSummary()
    balance: str = ""
    bubbles: BubblesCard = BubblesCard()
    collected: str = ""  # "已领取 3 积分", the last tap's answer (or why nothing was collected)
    collected_seq: int = 0  # bumps on each collection: the page replays its "+N" rise
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)
    chart: list[dict[str, int | str]] = []
    # The chart is sent in a second delta: the tier card paints first, the bars right after.
    _chart_pending: list[dict[str, int | str]] = []

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.collected = ""  # a page (re)opened: the last visit's answer is not news
        self.bubbles = BubblesCard()  # and the bubbles collected then are not shown
        return self._show()

    def _show(self):  # type: ignore[no-untyped-def]
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            moment = now()
            assessment = current_standing(session=session, member=member, now=moment)
            plus = plus_status(session=session, member=member, now=moment)
            # The statement's queries only for PLUS members, who see its line on the card.
            savings = plus_savings(session=session, member=member, now=moment,
                                   standing=assessment) if plus["active"] else None
            program = in_force(session=session, code=member.program, at=moment)
        self.card = tier_card(program, assessment, self.lang)
        # The chart's months end with the month of the page's own clock, in the programme's zone.
        summary = home_summary(program, assessment, today=rules.local_date(program, moment),
                               plus_active=plus["active"], lang=self.lang)
        self._chart_pending, summary.chart = summary.chart, []
        summary.plus_saved_line = home_saved_line(savings, self.lang)
        self.summary = summary
        self.balance = number(assessment.points_balance, self.lang)
        self.bubbles = kept_in_place(
            self.bubbles,
            bubbles_card(program, assessment, rules.local_date(program, moment), self.lang),
            self.lang)
        self.shown_in = self.shown_for
        return HomeState.show_chart

    @rx.event
    def collect(self, bubble: str):  # type: ignore[no-untyped-def]
        """Tap a bubble (SPEC 13). The bubble's id, rendered before the tap, is what makes a
        double tap or a retry collect once (services.bubbles); the member is the token's."""
        if not isinstance(bubble, str) or not 0 < len(bubble) <= 128:
            return None
        result = run_member_action(
            self._transaction, self._member,
            lambda session, member: collect_bubble(session=session, member=member,
                                                   bubble=bubble, now=now()))
        if result.signed_out:
            return self._to_login()
        if result.error is not None or result.value is None or result.member is None:
            self.collected = message("bubble_gone", self.lang)
        elif result.value["points"]:
            program = rules.load_program(result.member.program)
            self.collected = collected_text(program, result.value["points"], self.lang)
            self.collected_seq += 1
        return self._show()

    @rx.event
    def show_chart(self) -> None:
        self.chart = self._chart_pending
