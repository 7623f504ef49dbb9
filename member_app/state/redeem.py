"""The redemption catalog: every spending way, one redeem button per item.

Each tap gets a fresh idempotency key made here on the server (uuid4), and `busy_item` refuses
a second tap while one runs. The cash leg of points + cash goods is charged by the service
through the payment provider.
"""

from __future__ import annotations

from uuid import uuid4

import reflex as rx

import rules
from member_app.errors import AppError
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.presenters.redeem import Callout, CatalogGroup, catalog_groups, redeemed, refused
from member_app.services.catalog import catalog
from member_app.services.points import balance_of, sync_points
from member_app.services.redeem import redeem
from member_app.state.session import SessionState, now


class RedeemState(SessionState):
    groups: list[CatalogGroup] = []
    balance_line: str = ""
    busy_item: int = 0
    outcome: Callout = Callout()
    loaded: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome = Callout()
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._transaction() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            program = rules.load_program(member.program)
            sync_points(session=session, member=member, now=now())
            rows = catalog(session=session, member=member)
            balance = balance_of(session=session, member_id=member.id)
        self.groups = catalog_groups(program, rows, self.lang)
        self.balance_line = message("rdm_balance", self.lang).format(
            points=number(balance, self.lang), points_name=program.points_names.get(self.lang))
        self.loaded = True
        return None

    @rx.event
    def redeem_item(self, item_id: int):  # type: ignore[no-untyped-def]
        if self.busy_item or isinstance(item_id, bool) or not isinstance(item_id, int):
            return
        self.busy_item, self.outcome = item_id, Callout()
        yield
        try:
            self.outcome = self._redeem(item_id)
        finally:
            self.busy_item = 0
        if self.outcome.text == "":  # not signed in any more
            yield self._to_login()
            return
        yield self._refresh()

    def _redeem(self, item_id: int) -> Callout:
        try:
            with self._transaction() as session:
                member = self._member(session)
                if member is None:
                    return Callout()
                program = rules.load_program(member.program)
                answer = redeem(session=session, member=member, item_id=item_id, quantity=1,
                                idempotency_key=str(uuid4()), now=now())
            answer.raise_for_error()
        except AppError as error:
            return refused(error.code, self.lang, item_id)
        return redeemed(program, self._item_name(item_id), answer.body, self.lang)

    def _item_name(self, item_id: int) -> str:
        for group in self.groups:
            for item in group.cards:
                if item.id == item_id:
                    return item.name
        return ""
