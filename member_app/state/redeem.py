"""The redemption catalog: every spending way; a tap opens the confirmation sheet.

Spending goes through `SpendState` (state/spend.py): the idempotency key is made when the sheet
opens, so double taps, reloads and reconnect replays redeem once. The cash leg of points + cash
goods goes through the demo payment step the member sees in the sheet.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.models import Member
from member_app.presenters.redeem import (
    Callout,
    CatalogGroup,
    catalog_groups,
    pending_text,
    redeem_sheet,
    redeemed,
)
from member_app.presenters.spend import SpendSheet
from member_app.services.catalog import catalog
from member_app.services.idempotency import Outcome
from member_app.services.overview import current_standing
from member_app.services.points import balance_of
from member_app.services.redeem import redeem
from member_app.state.session import now
from member_app.state.spend import SpendState


class RedeemState(SpendState):
    groups: list[CatalogGroup] = []
    balance_line: str = ""
    outcome: Callout = Callout()
    loaded: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome = Callout()
        self._close_sheet()
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            program = rules.load_program(member.program)
            balance = current_standing(session=session, member=member, now=now()).points_balance
            rows = catalog(session=session, member=member)
        self.groups = catalog_groups(program, rows, self.lang)
        self.balance_line = message("rdm_balance", self.lang).format(
            points=number(balance, self.lang), points_name=program.points_names.get(self.lang))
        self.loaded = True
        return None

    @rx.event
    def open_redeem(self, item_id: int):  # type: ignore[no-untyped-def]
        if isinstance(item_id, bool) or not isinstance(item_id, int):
            return None

        def build(session: Session, member: Member) -> SpendSheet | None:
            row = next((r for r in catalog(session=session, member=member)
                        if r["id"] == item_id), None)
            if row is None:
                return None
            balance = balance_of(session=session, member_id=member.id)
            return redeem_sheet(rules.load_program(member.program), row, balance, self.lang)

        return self._open_sheet("redeem", item_id, build)

    @rx.event
    def confirm_redeem(self):  # type: ignore[no-untyped-def]
        item_id = self.sheet.target

        def use_case(session: Session, member: Member, key: str, token: str | None) -> Outcome:
            return redeem(session=session, member=member, item_id=item_id, quantity=1,
                          idempotency_key=key, payment_token=token, now=now())

        def describe(member: Member, answer: Outcome) -> tuple[str, str]:
            program = rules.load_program(member.program)
            body: dict[str, Any] = answer.body
            if body.get("status") == "pending":
                return pending_text(program, body["points_spent"], self.lang), ""
            done = redeemed(program, self._item_name(item_id), body, self.lang)
            return done.text, done.detail

        yield from self._confirm("redeem", use_case, describe)
        if self.sheet.done:  # the result also stays beside the item once the sheet closes
            self.outcome = Callout(ok=self.sheet.ok, text=self.sheet.result,
                                   detail=self.sheet.result_detail, target=item_id)
            yield self._refresh()

    def _item_name(self, item_id: int) -> str:
        for group in self.groups:
            for item in group.cards:
                if item.id == item_id:
                    return item.name
        return ""
