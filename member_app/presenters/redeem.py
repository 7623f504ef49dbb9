"""The redemption catalog and what a redemption did, as display strings.

Also the shared store helpers: money in yuan and the translated store error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal, format_percent

import rules
from member_app.i18n import BABEL_LOCALE, MESSAGES, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.spend import SpendSheet, balance_note

KIND_ORDER = ("own", "points_cash", "activity", "jd_bean")


@dataclass
class OddsLine:
    prize: str = ""
    odds: str = ""


@dataclass
class CatalogCard:
    id: int = 0
    name: str = ""
    points: str = ""
    cash: str = ""
    stock: str = ""
    sold_out: bool = False
    limit: str = ""
    is_game: bool = False
    odds: list[OddsLine] = field(default_factory=list)
    expected: str = ""


@dataclass
class CatalogGroup:
    kind: str = ""
    title: str = ""
    hint: str = ""
    cards: list[CatalogCard] = field(default_factory=list)


@dataclass
class Callout:
    """A result callout: success or a translated refusal, for one item (0: page-wide)."""

    ok: bool = True
    text: str = ""
    detail: str = ""
    target: int = 0


def yuan(fen: int, lang: str) -> str:
    """'¥39' / '¥39.50': cents only when there are any."""
    amount = Decimal(fen) / 100
    pattern = "#,##0" if fen % 100 == 0 else "#,##0.00"
    return "¥" + format_decimal(amount, format=pattern, locale=_babel(lang))


def error_text(code: str, lang: str) -> str:
    key = f"store_error_{code}"
    return message(key, lang) if key in MESSAGES else message("error_generic", lang)


def catalog_groups(program: rules.Program, rows: list[dict[str, Any]],
                   lang: str) -> list[CatalogGroup]:
    """The catalog (as `services.catalog.catalog` describes it), one group per spending way."""
    points_name = program.points_names.get(lang)
    groups = []
    for kind in KIND_ORDER:
        items = [_card(row, points_name, lang) for row in rows if row["kind"] == kind]
        if items:
            groups.append(CatalogGroup(kind=kind, title=message(f"rdm_kind_{kind}", lang),
                                       hint=message(f"rdm_kind_{kind}_hint", lang), cards=items))
    return groups


def _card(row: dict[str, Any], points_name: str, lang: str) -> CatalogCard:
    stock = row["stock_left"]
    game = row.get("game")
    return CatalogCard(
        id=row["id"],
        name=row["names"]["en" if lang == "en" else "zh"],
        points=message("rdm_price_points", lang).format(points=number(row["points"], lang),
                                                        points_name=points_name),
        cash=(message("rdm_price_cash", lang).format(cash=yuan(row["cash_fen"], lang))
              if row["cash_fen"] else ""),
        stock=(message("rdm_stock_unlimited", lang) if stock is None
               else message("rdm_sold_out", lang) if stock == 0
               else message("rdm_stock_left", lang).format(stock=number(stock, lang))),
        sold_out=stock == 0,
        limit=(message("rdm_limit", lang).format(limit=row["per_member_limit"])
               if row["per_member_limit"] else ""),
        is_game=game is not None,
        odds=[_odds(prize, points_name, lang) for prize in game["prizes"]] if game else [],
        expected=(message("rdm_expected_value", lang).format(
            value=_points(Decimal(game["expected_value"]), points_name, lang),
            fee=_points(Decimal(game["fee"]), points_name, lang)) if game else ""),
    )


def _odds(prize: dict[str, Any], points_name: str, lang: str) -> OddsLine:
    return OddsLine(
        prize=(message("rdm_prize_points", lang).format(points=number(prize["points"], lang),
                                                        points_name=points_name)
               if prize["points"] else message("rdm_prize_none", lang)),
        odds=format_percent(Decimal(prize["odds"]), format="#,##0.#%", locale=_babel(lang)),
    )


def _points(value: Decimal, points_name: str, lang: str) -> str:
    return f"{format_decimal(value, format='#,##0.##', locale=_babel(lang))} {points_name}"


def redeemed(program: rules.Program, item_name: str, body: dict[str, Any],
             lang: str) -> Callout:
    """What a successful redemption did (the body `services.redeem.redeem` answers)."""
    points_name = program.points_names.get(lang)
    details = []
    if body.get("cash_fen"):
        details.append(message("rdm_success_cash", lang).format(cash=yuan(body["cash_fen"], lang)))
    if "prizes" in body:
        won = sum(body["prizes"])
        details.append(message("rdm_prize_won", lang).format(prize=number(won, lang),
                                                             points_name=points_name)
                       if won else message("rdm_prize_lost", lang))
    return Callout(
        ok=True,
        text=message("rdm_success", lang).format(
            item=item_name, spent=number(body["points_spent"], lang), points_name=points_name,
            balance=number(body["balance"], lang)),
        detail=" · ".join(details),
        target=body["item_id"],
    )


def refused(code: str, lang: str, target: int = 0) -> Callout:
    return Callout(ok=False, text=error_text(code, lang), target=target)


def _babel(lang: str) -> str:
    return BABEL_LOCALE[normalize_locale(lang)]


def redeem_sheet(program: rules.Program, row: dict[str, Any], balance: int,
                 lang: str) -> SpendSheet:
    """What redeeming one of `row` (as services.catalog describes it) spends and gives."""
    points_name = program.points_names.get(lang)
    price = row["points"]
    pay = [message("spend_points", lang).format(points=number(price, lang),
                                                points_name=points_name)]
    if row["cash_fen"]:
        pay.append(message("spend_cash", lang).format(cash=yuan(row["cash_fen"], lang)))
    is_game = row.get("game") is not None
    name = row["names"]["en" if lang == "en" else "zh"]
    notes = [message("spend_game_draw", lang)] if is_game else []
    notes.append(balance_note(balance, price, points_name, lang))
    return SpendSheet(
        action="redeem", target=row["id"], title=name, pay_lines=pay, get_lines=[name],
        notes=notes, cash=yuan(row["cash_fen"], lang) if row["cash_fen"] else "",
        confirm_label=message("spend_confirm_play" if is_game else "spend_confirm_redeem",
                              lang),
    )


def pending_text(program: rules.Program, points: int, lang: str) -> str:
    return message("spend_pending_result", lang).format(
        points=number(points, lang), points_name=program.points_names.get(lang))
