"""The coupons page: wallet coupons, market listings and the sale preview, as display strings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.presenters.names import coupon_name
from member_app.presenters.points import local_day
from member_app.presenters.redeem import yuan
from member_app.presenters.spend import SpendSheet, balance_note
from member_app.services.members import is_ascii_number

# The wallet's filters: the coupons a member can sell first (they are what the market is
# for), then the coupons by state.
SEGMENTS = ("sellable", "unused", "used", "expired")
STATES = ("unused", "used", "expired")


@dataclass
class CouponCard:
    id: int = 0
    name: str = ""
    face: str = ""
    min_spend: str = ""
    category: str = ""
    validity: str = ""
    state: str = "unused"
    transferable: bool = False
    transfer_note: str = ""
    listed: bool = False
    sellable: bool = False
    max_price: int = 0
    max_price_text: str = ""
    count: int = 1  # identical coupons shown as one card (see `group_cards`)
    count_text: str = ""  # "×6", "" for one
    code: str = ""  # what the checkout asks for


@dataclass
class ListingCard:
    id: int = 0
    coupon_id: int = 0
    name: str = ""
    face: str = ""
    min_spend: str = ""
    category: str = ""
    validity: str = ""
    price: str = ""


@dataclass
class CouponWords:
    """The page's sentences that name the programme's points (京豆, 里程, 积分)."""

    market_hint: str = ""
    listed_ok: str = ""
    my_listings_empty: str = ""
    unused_empty: str = ""
    sellable_empty: str = ""  # names the resale lock of the version in force


def coupon_words(program: rules.Program, lang: str) -> CouponWords:
    """`program`: the version in force (the lock's hours are a figure of the moment)."""
    points_name = program.points_names.get(lang)
    hours = program.market.transfer_lock_hours
    return CouponWords(**{
        name: message(f"cpn_{name}", lang).format(points_name=points_name, hours=hours)
        for name in ("market_hint", "listed_ok", "my_listings_empty", "unused_empty",
                     "sellable_empty")})


@dataclass
class SalePreview:
    """What the seller sees while typing a price: fee and proceeds, or why the price is wrong."""

    price: int = 0
    fee_line: str = ""
    error: str = ""


def coupon_card(program: rules.Program, coupon: dict[str, Any], *, listed: bool,
                max_price: int, now: datetime, lang: str) -> CouponCard:
    """One coupon as `services.coupons.describe` gives it; `max_price` from `market.max_price`."""
    locked_until = _moment(coupon["locked_until"])
    locked = locked_until is not None and locked_until > now
    transferable = bool(coupon["transferable"])
    if locked:
        note = message("cpn_locked_until", lang).format(date=local_day(locked_until, program.tz,
                                                                        lang))
    else:
        note = message("cpn_transferable" if transferable else "cpn_not_transferable", lang)
    return CouponCard(
        **_common(program, coupon, lang),
        state=coupon["state"],
        transferable=transferable,
        transfer_note=note,
        listed=listed,
        sellable=coupon["state"] == "unused" and transferable and not locked and not listed,
        max_price=max_price,
        max_price_text=message("cpn_max_price", lang).format(points=number(max_price, lang)),
        code=checkout_code(coupon["id"]),
    )


def checkout_code(coupon_id: int) -> str:
    """The coupon's number as a checkout reads it: the platform names a coupon by its id
    (POST /api/v1/coupons/{id}/use), grouped in fours like a card number."""
    digits = f"{coupon_id:08d}"
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def group_cards(cards: list[CouponCard]) -> list[CouponCard]:
    """Identical coupons (same name, value, terms, validity and state) as one card with a
    count, in the order of their first one (the wallet's: soonest to expire first). The card
    keeps the first coupon's id, so selling or using it acts on that one."""
    groups: dict[tuple[object, ...], CouponCard] = {}
    for card in cards:
        key = (card.name, card.face, card.min_spend, card.category, card.validity, card.state,
               card.transfer_note, card.listed, card.sellable, card.max_price)
        if key in groups:
            groups[key].count += 1
        else:
            groups[key] = replace(card, count=1)
    for group in groups.values():
        group.count_text = f"×{group.count}" if group.count > 1 else ""
    return list(groups.values())


def segment_counts(cards_by_state: dict[str, list[CouponCard]]) -> dict[str, int]:
    """How many coupons each filter holds: sellable, then one count per state."""
    counts = {state: len(cards_by_state.get(state, [])) for state in STATES}
    return {"sellable": sum(card.sellable for card in cards_by_state.get("unused", [])),
            **counts}


def segment_cards(cards_by_state: dict[str, list[CouponCard]], segment: str) -> list[CouponCard]:
    if segment == "sellable":
        return [card for card in cards_by_state.get("unused", []) if card.sellable]
    return cards_by_state.get(segment, [])


def listing_card(program: rules.Program, listing: dict[str, Any], lang: str) -> ListingCard:
    """One listing as `services.market.open_listings` gives it."""
    coupon = listing["coupon"]
    common = _common(program, coupon, lang)
    common["coupon_id"] = common.pop("id")
    return ListingCard(id=listing["id"], **common,
                       price=message("cpn_price", lang).format(
                           points=number(listing["price"], lang),
                           points_name=program.points_names.get(lang)))


def sale_preview(raw: str, max_price: int, fee_percent: int, lang: str) -> SalePreview:
    """Check a typed price (a whole number from 1 to `max_price`) and show fee and proceeds.

    `fee_percent` is the market's; the fee is rounded down as the market rounds it.
    """
    text = raw.strip()
    if not is_ascii_number(text) or int(text) < 1:
        return SalePreview(error=message("cpn_price_invalid", lang) if text else "")
    price = int(text)
    if price > max_price:
        return SalePreview(error=message("cpn_price_too_high", lang).format(
            points=number(max_price, lang)))
    fee = price * fee_percent // 100
    return SalePreview(price=price, fee_line=message("cpn_fee_line", lang).format(
        percent=fee_percent, fee=number(fee, lang), receive=number(price - fee, lang)))


def _common(program: rules.Program, coupon: dict[str, Any], lang: str) -> dict[str, Any]:
    min_spend = coupon["min_spend_fen"]
    # valid_until is the first instant it no longer works: show the last day it does.
    last_day = _moment(coupon["valid_until"]) - timedelta(microseconds=1)
    return {
        "id": coupon["id"],
        "name": coupon_name(coupon["name"], lang),
        "face": yuan(coupon["face_value_fen"], lang),
        "min_spend": (message("cpn_min_spend", lang).format(amount=yuan(min_spend, lang))
                      if min_spend else message("cpn_no_min_spend", lang)),
        "category": _category(program, coupon["category"], lang),
        "validity": message("cpn_valid_until", lang).format(
            date=local_day(last_day, program.tz, lang)),
    }


def _category(program: rules.Program, code: str | None, lang: str) -> str:
    if not code:
        return message("cpn_all_categories", lang)
    if code == "shipping":
        return message("cpn_category_shipping", lang)
    names = program.badges.category_names.get(code) if program.badges else None
    return names.get(lang) if names else code


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def buy_sheet(program: rules.Program, listing: dict[str, Any], balance: int,
              lang: str) -> SpendSheet:
    """What buying `listing` (as services.market.open_listings gives it) spends and gives;
    `program` is the version in force (its resale lock)."""
    card = listing_card(program, listing, lang)
    points_name = program.points_names.get(lang)
    price = listing["price"]
    return SpendSheet(
        action="buy", target=listing["id"], title=card.name,
        pay_lines=[message("spend_points", lang).format(points=number(price, lang),
                                                        points_name=points_name)],
        get_lines=[message("spend_coupon", lang).format(name=card.name, face=card.face,
                                                        min_spend=card.min_spend),
                   card.validity],
        notes=[balance_note(balance, price, points_name, lang),
               message("spend_coupon_lock", lang).format(
                   hours=program.market.transfer_lock_hours)],
        confirm_label=message("spend_confirm_buy", lang),
        points_name=points_name,  # a refusal then says 京豆不足, not 余额不足
    )


NOTICE_DAYS = 30  # how long the seller is told about a listing the platform withdrew


def withdrawn_notices(listings: list[dict[str, Any]], now: datetime, lang: str) -> list[str]:
    """The member's listings an operator withdrew in the last NOTICE_DAYS, each with the
    operator's reason (SPEC 12: the seller is shown it), newest first."""
    since = now - timedelta(days=NOTICE_DAYS)
    return [message("cpn_withdrawn_by_platform", lang).format(
                name=coupon_name(row["coupon"]["name"], lang), reason=row["withdrawn_reason"])
            for row in listings
            if row["withdrawn_by_operator"] and row["closed_at"]
            and datetime.fromisoformat(row["closed_at"]) >= since]
