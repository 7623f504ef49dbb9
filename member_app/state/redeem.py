"""The redemption catalog, its games and the member's history; a tap opens the confirmation sheet.

Spending goes through `SpendState` (state/spend.py): the idempotency key is made when the sheet
opens, so double taps, reloads and reconnect replays redeem once. The cash leg of points + cash
goods goes through the demo payment step the member sees in the sheet.

Games: the key also fixes the ticket's seed (services/games.py), so the sheet shows the draw's
commitment before the member confirms. A guess is typed in the sheet and sent with the
purchase; a scratch card's prize is drawn at purchase and hidden under a cover the member
scratches off here (the cover is only the reveal: the server decided the prize already).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.models import CatalogItem, Member
from member_app.presenters.redeem import (
    Callout,
    CatalogGroup,
    GamePlay,
    GuessRules,
    HistoryRow,
    catalog_groups,
    game_play,
    guess_rules,
    history_rows,
    parse_guess,
    pending_text,
    redeem_sheet,
    redeemed,
    reveal_all,
    scratch,
    ticket_bought,
)
from member_app.presenters.spend import SpendSheet
from member_app.services import games
from member_app.services.catalog import catalog
from member_app.services.idempotency import Outcome
from member_app.services.overview import current_standing
from member_app.services.programmes import in_force
from member_app.services.redeem import HISTORY_PAGE, redeem, redemption_history
from member_app.state.session import now
from member_app.state.spend import SpendState

HISTORY_MOST = 100


class RedeemState(SpendState):
    groups: list[CatalogGroup] = []
    balance_line: str = ""
    outcome: Callout = Callout()
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)
    history: list[HistoryRow] = []
    history_more: bool = False
    # The open sheet's game: "" (not a game), scratch or guess; its commitment and guess form.
    sheet_game: str = ""
    commitment: str = ""
    guess: GuessRules = GuessRules()
    guess_text: str = ""
    guess_error: str = ""
    play: GamePlay = GamePlay()
    _history_limit: int = HISTORY_PAGE
    _sheet_code: str = ""
    _sheet_price: tuple[int, int] | None = None  # (points, cash_fen) the open sheet shows

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome = Callout()
        self._close_sheet()
        self._reset_game()
        self._history_limit = HISTORY_PAGE
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            program = in_force(session=session, code=member.program, at=now())
            balance = current_standing(session=session, member=member, now=now()).points_balance
            rows = catalog(session=session, member=member)
            history, more = redemption_history(session=session, member=member,
                                               limit=self._history_limit)
        self.groups = catalog_groups(program, rows, self.lang, balance)
        self.balance_line = message("rdm_balance", self.lang).format(
            points=number(balance, self.lang), points_name=program.points_names.get(self.lang))
        self.history = history_rows(program, history, self.lang)
        self.history_more = more
        self.shown_in = self.shown_for
        return None

    @rx.event
    def show_more_history(self):  # type: ignore[no-untyped-def]
        self._history_limit = min(self._history_limit + HISTORY_PAGE, HISTORY_MOST)
        return self._refresh()

    def _reset_game(self) -> None:
        self.sheet_game = ""
        self.commitment = ""
        self.guess = GuessRules()
        self.guess_text = ""
        self.guess_error = ""
        self.play = GamePlay()
        self._sheet_code = ""

    @rx.event
    def open_redeem(self, item_id: int):  # type: ignore[no-untyped-def]
        if isinstance(item_id, bool) or not isinstance(item_id, int):
            return None
        if self.sheet.open and self.sheet.target == item_id:
            return None  # a repeated tap keeps the open sheet and its key
        found: dict[str, Any] = {}

        def build(session: Session, member: Member) -> SpendSheet | None:
            row = next((r for r in catalog(session=session, member=member)
                        if r["id"] == item_id), None)
            if row is None:
                return None
            program = in_force(session=session, code=member.program, at=now())
            item = session.get(CatalogItem, item_id)
            found.update(row=row, program=program, member_id=member.id,
                         seed=item.seed if item is not None else None)
            # The price on the sheet is the price charged, or nothing (services.redeem).
            self._sheet_price = (int(row["points"]), int(row["cash_fen"]))
            balance = current_standing(session=session, member=member,
                                       now=now()).points_balance
            return redeem_sheet(program, row, balance, self.lang)

        result = self._open_sheet("redeem", item_id, build)
        self._reset_game()
        row = found.get("row")
        if row is not None and row.get("game") and found.get("seed") and self.sheet.open:
            self.sheet_game = row["game"]["type"]
            self._sheet_code = row["code"]
            self.commitment = games.ticket_commitment(found["seed"], found["member_id"],
                                                      self.sheet.key)
            if self.sheet_game == games.GUESS:
                self.guess = guess_rules(found["program"], row, self.lang)
        return result

    @rx.event
    def set_guess(self, text: str) -> None:
        if not self.sheet.busy and not self.sheet.done:
            self.guess_text = str(text)[:12]
            self.guess_error = ""

    @rx.event
    def scratch_cell(self, cell: int) -> None:
        if isinstance(cell, int) and not isinstance(cell, bool):
            self.play = scratch(self.play, cell)

    @rx.event
    def scratch_everything(self) -> None:
        self.play = reveal_all(self.play)

    @rx.event
    def confirm_redeem(self):  # type: ignore[no-untyped-def]
        item_id = self.sheet.target
        game_type, code = self.sheet_game, self._sheet_code
        shown_price = self._sheet_price
        guess: int | None = None
        if game_type == games.GUESS and not self.sheet.done:
            guess = parse_guess(self.guess_text, self.guess)
            if guess is None:
                self.guess_error = message("rdm_guess_invalid", self.lang)
                return

        def use_case(session: Session, member: Member, key: str, token: str | None) -> Outcome:
            return redeem(session=session, member=member, item_id=item_id, quantity=1,
                          idempotency_key=key, payment_token=token, now=now(), guess=guess,
                          shown_price=shown_price)

        beside: list[Callout] = []  # what stays beside the item, when it differs from the sheet

        def describe(member: Member, answer: Outcome) -> tuple[str, str]:
            program = rules.load_program(member.program)
            body: dict[str, Any] = answer.body
            if body.get("status") == "pending":
                return pending_text(program, body["points_spent"], self.lang), ""
            done = redeemed(program, self._item_name(item_id), body, self.lang)
            if game_type:  # the sheet keeps the prize under the cover until it is scratched
                self.play = game_play(program, code, game_type, body, self.lang)
                beside.append(done)
                return ticket_bought(program, body, self.lang, game_type), ""
            return done.text, done.detail

        yield from self._confirm("redeem", use_case, describe)
        if self.sheet.done:  # the result also stays beside the item once the sheet closes
            self.outcome = beside[0] if beside else Callout(
                ok=self.sheet.ok, text=self.sheet.result, detail=self.sheet.result_detail,
                target=item_id)
            yield self._refresh()

    def _item_name(self, item_id: int) -> str:
        for group in self.groups:
            for item in group.cards:
                if item.id == item_id:
                    return item.name
        return ""
