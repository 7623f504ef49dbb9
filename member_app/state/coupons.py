"""Coupons: the wallet by segment, the market, my listings, and listing a coupon for sale.

Every handler resolves the member from the signed token first; ids sent by the page are only
hints that the services check against that member (ownership, program, status).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.models import Coupon, Member
from member_app.presenters.coupons import (
    SEGMENTS,
    CouponCard,
    CouponWords,
    ListingCard,
    SalePreview,
    buy_sheet,
    coupon_card,
    coupon_words,
    group_cards,
    listing_card,
    sale_preview,
    segment_cards,
    segment_counts,
    withdrawn_notices,
)
from member_app.presenters.redeem import Callout, refused
from member_app.presenters.spend import SpendSheet
from member_app.services.coupons import wallet
from member_app.services.idempotency import Outcome
from member_app.services.market import (
    buy,
    fee_percent,
    list_coupon,
    max_price,
    my_listings,
    open_listings,
)
from member_app.services.market import withdraw as withdraw_listing
from member_app.services.overview import current_standing
from member_app.services.points import balance_of
from member_app.services.programmes import in_force
from member_app.state.actions import run_member_action
from member_app.state.session import now
from member_app.state.spend import SpendState

MARKET_SHOWN = 30
MY_LISTINGS = -1  # an outcome's target: shown above "my listings" (a coupon id: in its card)
WALLET_SHOWN = 8  # cards (identical coupons are one card); more behind "show all"


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class CouponsState(SpendState):
    segment: str = "unused"
    counts: dict[str, int] = {}
    coupons: list[CouponCard] = []
    hidden_coupons: int = 0
    show_all: bool = False
    market: list[ListingCard] = []
    mine: list[ListingCard] = []
    withdrawn_notices: list[str] = []  # listings the platform withdrew lately, with its reason
    balance_line: str = ""
    selling: int = 0
    using: CouponCard = CouponCard()  # the coupon whose checkout card is open
    using_open: bool = False
    words: CouponWords = CouponWords()
    sell_price: str = ""
    preview: SalePreview = SalePreview()
    busy: str = ""
    outcome: Callout = Callout()
    _fee_percent: int = 0  # the market fee in force when the wallet was shown (services.market)
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome, self.selling, self.using_open = Callout(), 0, False
        self._close_sheet()
        return self._refresh()

    @rx.event
    def show_segment(self, value: str):  # type: ignore[no-untyped-def]
        if value not in SEGMENTS:
            return None
        self.segment, self.selling, self.show_all = value, 0, False
        return self._refresh()

    @rx.event
    def show_all_coupons(self):  # type: ignore[no-untyped-def]
        self.show_all = True
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        """Two reads, no write: the first brings the standing forward if time has moved past it
        (a short write of its own grants the coupons that fell due), the second shows the
        wallet from a snapshot that includes them (services.coupons.wallet)."""
        moment = now()
        with self._reading() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            current_standing(session=session, member=member, now=moment)
        with self._reading() as session:
            self._show(session, member, moment)
        self.shown_in = self.shown_for
        return None

    def _show(self, session: Session, member: Member, moment: datetime) -> None:
        program = in_force(session=session, code=member.program, at=moment)
        self._fee_percent = fee_percent(program)  # what a sale's preview shows: the fee now
        by_state = wallet(session=session, member=member, now=moment)
        listings = open_listings(session=session, member=member, now=moment)
        listed_ids = {row["coupon"]["id"] for row in listings if row["own"]}
        cards = {
            state: [coupon_card(program, row, listed=row["id"] in listed_ids, now=moment,
                                lang=self.lang,
                                max_price=self._max_price(session, row, program))
                    for row in rows]
            for state, rows in by_state.items()
        }
        self.counts = segment_counts(cards)
        groups = group_cards(segment_cards(cards, self.segment))
        shown = groups if self.show_all else groups[:WALLET_SHOWN]
        self.hidden_coupons = sum(group.count for group in groups[len(shown):])
        self.coupons = shown
        self.words = coupon_words(program, self.lang)
        self.mine = [listing_card(program, row, self.lang) for row in listings if row["own"]]
        self.withdrawn_notices = withdrawn_notices(
            my_listings(session=session, member=member, now=moment), moment, self.lang)
        self.market = [listing_card(program, row, self.lang)
                       for row in listings if not row["own"]][:MARKET_SHOWN]
        self.balance_line = message("cpn_balance", self.lang).format(
            points=number(balance_of(session=session, member_id=member.id), self.lang),
            points_name=program.points_names.get(self.lang))

    @staticmethod
    def _max_price(session: Session, row: dict, program: rules.Program) -> int:  # type: ignore[type-arg]
        if row["state"] != "unused" or not row["transferable"]:
            return 0
        coupon = session.get(Coupon, row["id"])
        return max_price(coupon, program) if coupon is not None else 0

    # -- listing a coupon for sale --------------------------------------------------------

    # -- using a coupon at checkout --------------------------------------------------------

    @rx.event
    def open_use(self, coupon_id: int) -> None:
        """Shows the coupon's checkout card: its terms and the code the checkout asks for.
        The platform marks it used when the order is paid (services.coupon_use), so this
        changes nothing; only a coupon on the member's own page can be opened."""
        card = next((c for c in self.coupons if c.id == coupon_id and c.state == "unused"
                     and not c.listed), None)
        if card is not None:
            self.using, self.using_open = card, True

    @rx.event
    def close_use(self) -> None:
        self.using_open = False

    @rx.event
    def use_open_changed(self, is_open: bool) -> None:
        self.using_open = bool(is_open) and self.using_open

    @rx.event
    def start_sale(self, coupon_id: int) -> None:
        """Opens the sale form in the coupon's card (the page scrolls the card into view)."""
        card = next((c for c in self.coupons if c.id == coupon_id and c.sellable), None)
        if card is None:
            return
        self.selling, self.sell_price, self.preview = card.id, "", SalePreview()
        self.outcome = Callout()

    @rx.event
    def cancel_sale(self) -> None:
        self.selling, self.sell_price, self.preview = 0, "", SalePreview()

    @rx.event
    def set_sell_price(self, value: str) -> None:
        self.sell_price = str(value)[:12]
        self.preview = sale_preview(self.sell_price, self._selling_max(),
                                    self._fee_percent, self.lang)

    def _selling_max(self) -> int:
        return next((c.max_price for c in self.coupons if c.id == self.selling), 0)

    @rx.event
    def list_for_sale(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        if self.busy or not self.selling:
            return
        preview = sale_preview(str(form.get("price", self.sell_price)), self._selling_max(),
                               self._fee_percent, self.lang)
        if not preview.price:
            self.preview = SalePreview(error=preview.error or message("cpn_price_invalid",
                                                                      self.lang))
            return
        coupon_id = self.selling

        def use_case(session: Session, member: Member) -> None:
            list_coupon(session=session, member=member, coupon_id=coupon_id,
                        price=preview.price, now=now())

        # Shown in the coupon's card, where the member tapped. A repeated submit finds
        # `selling` cleared by the first and does nothing.
        yield from self._act("list", use_case, self.words.listed_ok, coupon_id)
        if self.outcome.ok:
            self.selling, self.sell_price, self.preview = 0, "", SalePreview()

    # -- the market -----------------------------------------------------------------------

    @rx.event
    def open_buy(self, listing_id: int):  # type: ignore[no-untyped-def]
        if not _is_id(listing_id):
            return None

        def build(session: Session, member: Member) -> SpendSheet | None:
            listing = next((row for row in open_listings(session=session, member=member,
                                                         now=now())
                            if row["id"] == listing_id and not row["own"]), None)
            if listing is None:
                return None
            balance = balance_of(session=session, member_id=member.id)
            return buy_sheet(in_force(session=session, code=member.program, at=now()), listing,
                             balance, self.lang)

        self.outcome = Callout()
        return self._open_sheet("buy", listing_id, build)

    @rx.event
    def confirm_buy(self):  # type: ignore[no-untyped-def]
        listing_id = self.sheet.target

        def use_case(session: Session, member: Member, key: str, _token: str | None) -> Outcome:
            return buy(session=session, member=member, listing_id=listing_id,
                       idempotency_key=key, now=now())

        def describe(member: Member, answer: Outcome) -> tuple[str, str]:
            points_name = rules.load_program(member.program).points_names.get(self.lang)
            return message("cpn_bought", self.lang).format(
                price=f"{number(answer.body['price'], self.lang)} {points_name}",
                balance=number(answer.body["balance"], self.lang)), ""

        yield from self._confirm("buy", use_case, describe)
        if self.sheet.done:
            yield self._refresh()

    @rx.event
    def withdraw(self, listing_id: int):  # type: ignore[no-untyped-def]
        # A repeated tap arrives after the first refreshed `mine`: the listing is gone, so it
        # does nothing (instead of replacing "withdrawn" with "no longer open").
        if self.busy or not _is_id(listing_id) or all(c.id != listing_id for c in self.mine):
            return

        def use_case(session: Session, member: Member) -> None:
            withdraw_listing(session=session, member=member, listing_id=listing_id, now=now())

        yield from self._act(f"withdraw-{listing_id}", use_case,
                             message("cpn_withdrawn", self.lang), MY_LISTINGS)

    def _act(self, busy: str, use_case: Callable[[Session, Member], None], success: str,
             target: int) -> Iterator[Any]:
        """A non-spending action: busy while it runs, its result shown at `target`, refresh."""
        self.busy, self.outcome = busy, Callout()
        yield
        try:
            result = run_member_action(self._transaction, self._member, use_case)
        finally:
            self.busy = ""
        if result.signed_out:
            yield self._to_login()
            return
        self.outcome = (Callout(ok=True, text=success, target=target) if result.error is None
                        else refused(result.error.code, self.lang, target))
        yield self._refresh()
