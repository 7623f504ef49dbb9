"""The redemption catalog, its games, the member's redemption history, as display strings.

Pure: rows as `services.catalog` / `services.redeem` describe them in, dataclasses of words
out, in the programme's point unit (`program.points_names`: 京豆, 里程, 积分). Affordability
is the balance against the price, the balance being what the ledger says (a debt is
negative, so a member in debt can afford nothing); the server refuses the same on its own.

Also the shared store helpers: money in yuan and the translated store error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal, format_percent

import rules
from member_app.i18n import BABEL_LOCALE, MESSAGES, message, normalize_locale
from member_app.i18n.format import day, number
from member_app.presenters.spend import SpendSheet, balance_note

KIND_ORDER = ("own", "points_cash", "activity", "jd_bean")
SCRATCH_CELLS = 12  # the cover of a scratch card: a 4 x 3 grid of patches
VERIFY_COMMAND = ("python -m member_app.verify_draw --game {code} --redemption {id} "
                  "--seed {seed} --commitment {commitment}")


@dataclass
class OddsLine:
    prize: str = ""
    odds: str = ""


@dataclass
class CatalogCard:
    id: int = 0
    code: str = ""
    name: str = ""
    note: str = ""
    picture: str = "gift"
    points: str = ""
    cash: str = ""
    stock: str = ""
    sold_out: bool = False
    limit: str = ""
    is_game: bool = False
    game_type: str = ""
    odds: list[OddsLine] = field(default_factory=list)
    odds_note: str = ""
    expected: str = ""
    affordable: bool = True
    short: str = ""  # why the button is disabled: "还差 120 京豆", or sold out
    can_redeem: bool = True


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


@dataclass
class DrawProof:
    """What a member needs to check a draw: shown before (commitment) and after (the rest)."""

    commitment: str = ""
    seed: str = ""
    redemption: str = ""
    command: str = ""


@dataclass
class GamePlay:
    """The game in the sheet after the ticket is bought: what the cover hides, the proof."""

    active: bool = False
    game_type: str = ""  # scratch or guess
    target: int = 0
    won: bool = False
    prize: str = ""  # "300 京豆" / "未中奖"
    headline: str = ""  # what the revealed card says
    detail: str = ""  # a guess: the price drawn against the guess
    scratched: list[bool] = field(default_factory=list)
    revealed: bool = False
    proof: DrawProof = field(default_factory=DrawProof)


@dataclass
class GuessRules:
    """The guess form in the sheet: the range and what each closeness wins."""

    low: int = 0
    high: int = 0
    range_text: str = ""
    tiers_text: str = ""
    placeholder: str = ""


@dataclass
class HistoryRow:
    id: int = 0
    name: str = ""
    picture: str = "gift"
    price: str = ""
    when: str = ""
    status: str = ""
    status_tone: str = "green"  # green completed, orange pending, gray released
    result: str = ""  # a game's prize
    has_proof: bool = False
    proof: DrawProof = field(default_factory=DrawProof)


def yuan(fen: int, lang: str) -> str:
    """'¥39' / '¥39.50': cents only when there are any."""
    amount = Decimal(fen) / 100
    pattern = "#,##0" if fen % 100 == 0 else "#,##0.00"
    return "¥" + format_decimal(amount, format=pattern, locale=_babel(lang))


def error_text(code: str, lang: str, points_name: str = "") -> str:
    """A store refusal in words; `points_name` names the unit where the message has one."""
    key = f"store_error_{code}"
    if key not in MESSAGES:
        return message("error_generic", lang)
    if code == "insufficient_points" and not points_name:
        return message("store_error_insufficient_balance", lang)
    if code == "price_changed" and not points_name:  # a cash-only sheet (PLUS): no unit
        return message("store_error_fee_changed", lang)
    return message(key, lang).format(points_name=points_name)


def catalog_groups(program: rules.Program, rows: list[dict[str, Any]], lang: str,
                   balance: int | None = None) -> list[CatalogGroup]:
    """The catalog (as `services.catalog.catalog` describes it), one group per spending way.

    With a `balance`, each card says whether the member can afford it and what is missing."""
    points_name = program.points_names.get(lang)
    groups = []
    for kind in KIND_ORDER:
        items = [card(row, points_name, lang, balance) for row in rows if row["kind"] == kind]
        if items:
            groups.append(CatalogGroup(
                kind=kind, title=message(f"rdm_kind_{kind}", lang).format(points_name=points_name),
                hint=message(f"rdm_kind_{kind}_hint", lang).format(points_name=points_name),
                cards=items))
    return groups


def card(row: dict[str, Any], points_name: str, lang: str,
         balance: int | None = None) -> CatalogCard:
    stock = row["stock_left"]
    game = row.get("game")
    sold_out = stock == 0
    affordable = balance is None or balance >= row["points"]
    notes = row.get("notes") or {}
    return CatalogCard(
        id=row["id"],
        code=row["code"],
        name=_pick(row["names"], lang),
        note=_pick(notes, lang) if notes else "",
        picture=row.get("picture") or "gift",
        points=message("rdm_price_points", lang).format(points=number(row["points"], lang),
                                                        points_name=points_name),
        cash=(message("rdm_price_cash", lang).format(cash=yuan(row["cash_fen"], lang))
              if row["cash_fen"] else ""),
        stock=(message("rdm_stock_unlimited", lang) if stock is None
               else message("rdm_sold_out", lang) if sold_out
               else message("rdm_stock_left", lang).format(stock=number(stock, lang))),
        sold_out=sold_out,
        limit=(message("rdm_limit", lang).format(limit=row["per_member_limit"])
               if row["per_member_limit"] else ""),
        is_game=game is not None,
        game_type=game["type"] if game else "",
        odds=[_odds(prize, points_name, lang) for prize in game["prizes"]] if game else [],
        odds_note=(message("rdm_guess_odds_note", lang).format(
            within=yuan(100 * game["tiers"][-1]["within"], lang))
            if game and game["type"] == "guess" else ""),
        expected=(message("rdm_expected_value", lang).format(
            value=_points(Decimal(game["expected_value"]), points_name, lang),
            fee=_points(Decimal(game["fee"]), points_name, lang)) if game else ""),
        affordable=affordable,
        short=(message("rdm_sold_out", lang) if sold_out
               else "" if affordable or balance is None
               else shortfall(balance, row["points"], points_name, lang)),
        can_redeem=affordable and not sold_out,
    )


def shortfall(balance: int, price: int, points_name: str, lang: str) -> str:
    """'还差 120 京豆' / '120 JD beans short' (a debt counts: -50 against 100 is 150 short)."""
    return message("rdm_short", lang).format(missing=number(price - balance, lang),
                                             points_name=points_name)


def _pick(names: dict[str, str], lang: str) -> str:
    return names["en" if lang == "en" else "zh"]


def _odds(prize: dict[str, Any], points_name: str, lang: str) -> OddsLine:
    return OddsLine(
        prize=(message("rdm_prize_points", lang).format(points=number(prize["points"], lang),
                                                        points_name=points_name)
               if prize["points"] else message("rdm_prize_none", lang)),
        odds=format_percent(Decimal(prize["odds"]), format="#,##0.##%", locale=_babel(lang)),
    )


def _points(value: Decimal, points_name: str, lang: str) -> str:
    return f"{format_decimal(value, format='#,##0.##', locale=_babel(lang))} {points_name}"


def guess_rules(program: rules.Program, row: dict[str, Any], lang: str) -> GuessRules:
    game = row["game"]
    points_name = program.points_names.get(lang)
    tiers = message("rdm_guess_tier_joiner", lang).join(
        message("rdm_guess_tier", lang).format(
            within=yuan(100 * tier["within"], lang),
            prize=f"{number(tier['points'], lang)} {points_name}")
        for tier in game["tiers"])
    return GuessRules(
        low=game["price_min"], high=game["price_max"],
        range_text=message("rdm_guess_range", lang).format(
            low=yuan(100 * game["price_min"], lang), high=yuan(100 * game["price_max"], lang)),
        tiers_text=tiers,
        placeholder=message("rdm_guess_placeholder", lang).format(
            low=game["price_min"], high=game["price_max"]),
    )


def parse_guess(text: str, rules_: GuessRules) -> int | None:
    """The member's typed guess as whole yuan within the range, or None."""
    cleaned = text.strip().lstrip("¥").replace(",", "")
    if not cleaned.isdigit():
        return None
    value = int(cleaned)
    return value if rules_.low <= value <= rules_.high else None


def proof_of(code: str, draw: dict[str, Any] | None, guess: int | None = None) -> DrawProof:
    """The proof block of a draw: the commitment, the revealed seed, the command to check."""
    if not draw:
        return DrawProof()
    command = VERIFY_COMMAND.format(code=code, id=draw["redemption_id"], seed=draw["seed"],
                                    commitment=draw["commitment"])
    return DrawProof(
        commitment=draw["commitment"], seed=draw["seed"], redemption=str(draw["redemption_id"]),
        command=command + (f" --guess {guess}" if guess is not None else ""))


def game_play(program: rules.Program, code: str, game_type: str, body: dict[str, Any],
              lang: str) -> GamePlay:
    """The bought ticket (the body `services.redeem.redeem` answers), still covered."""
    points_name = program.points_names.get(lang)
    prize = sum(body.get("prizes", []))
    won_text = (message("rdm_prize_points", lang).format(points=number(prize, lang),
                                                         points_name=points_name)
                if prize else message("rdm_prize_none", lang))
    detail = ""
    if game_type == "guess" and body.get("prices"):
        detail = message("rdm_guess_outcome", lang).format(
            price=yuan(100 * body["prices"][0], lang), guess=yuan(100 * body["guess"], lang),
            off=yuan(100 * abs(body["prices"][0] - body["guess"]), lang))
    return GamePlay(
        active=True, game_type=game_type, target=body["item_id"], won=prize > 0,
        prize=won_text,
        headline=(message("rdm_game_won", lang).format(prize=won_text) if prize
                  else message("rdm_prize_lost", lang)),
        detail=detail,
        scratched=[False] * SCRATCH_CELLS,
        revealed=game_type != "scratch",
        proof=proof_of(code, body.get("draw"), body.get("guess")),
    )


def scratch(play: GamePlay, cell: int) -> GamePlay:
    """One patch of the cover scratched off; the card counts as revealed once most are."""
    if not play.active or play.revealed or not 0 <= cell < len(play.scratched):
        return play
    cells = list(play.scratched)
    cells[cell] = True
    revealed = sum(cells) * 3 >= len(cells) * 2  # two thirds scratched shows the prize
    return GamePlay(**{**play.__dict__, "scratched": cells, "revealed": revealed})


def reveal_all(play: GamePlay) -> GamePlay:
    if not play.active:
        return play
    return GamePlay(**{**play.__dict__, "scratched": [True] * len(play.scratched),
                       "revealed": True})


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


def ticket_bought(program: rules.Program, body: dict[str, Any], lang: str,
                  game_type: str) -> str:
    """The sheet's line once a ticket is bought, before the prize shows (no spoiler)."""
    return message(f"rdm_ticket_bought_{game_type}", lang).format(
        spent=number(body["points_spent"], lang),
        points_name=program.points_names.get(lang))


def refused(code: str, lang: str, target: int = 0, points_name: str = "") -> Callout:
    return Callout(ok=False, text=error_text(code, lang, points_name), target=target)


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
    game = row.get("game")
    name = _pick(row["names"], lang)
    notes = [message(f"spend_game_draw_{game['type']}", lang)] if game else []
    notes.append(balance_note(balance, price, points_name, lang))
    return SpendSheet(
        action="redeem", target=row["id"], title=name, pay_lines=pay,
        get_lines=[message(f"rdm_ticket_{game['type']}", lang) if game else name],
        notes=notes, cash=yuan(row["cash_fen"], lang) if row["cash_fen"] else "",
        confirm_label=message("spend_confirm_play" if game else "spend_confirm_redeem",
                              lang),
        points_name=points_name,
    )


def pending_text(program: rules.Program, points: int, lang: str) -> str:
    return message("spend_pending_result", lang).format(
        points=number(points, lang), points_name=program.points_names.get(lang))


def history_rows(program: rules.Program, rows: list[dict[str, Any]],
                 lang: str) -> list[HistoryRow]:
    """The member's past redemptions (services.redeem.redemption_history), newest first."""
    points_name = program.points_names.get(lang)
    return [_history_row(row, points_name, program, lang) for row in rows]


def _history_row(row: dict[str, Any], points_name: str, program: rules.Program,
                 lang: str) -> HistoryRow:
    price = message("rdm_history_spent", lang).format(
        points=number(row["points_spent"], lang), points_name=points_name)
    if row["cash_fen"]:
        price += " " + message("rdm_price_cash", lang).format(cash=yuan(row["cash_fen"], lang))
    if row["quantity"] > 1:
        price += " " + message("rdm_history_quantity", lang).format(quantity=row["quantity"])
    outcome = row.get("outcome") or {}
    result = ""
    if "prizes" in outcome:
        won = sum(outcome["prizes"])
        result = (message("rdm_history_won", lang).format(prize=number(won, lang),
                                                          points_name=points_name)
                  if won else message("rdm_prize_lost", lang))
        if outcome.get("prices"):
            result += " · " + message("rdm_guess_outcome", lang).format(
                price=yuan(100 * outcome["prices"][0], lang),
                guess=yuan(100 * outcome["guess"], lang),
                off=yuan(100 * abs(outcome["prices"][0] - outcome["guess"]), lang))
    moment: datetime = row["created_at"]
    local = moment.astimezone(program.tz)
    status = row["status"] if row["status"] in ("completed", "pending", "released") \
        else "completed"
    return HistoryRow(
        id=row["id"], name=_pick(row["names"], lang), picture=row["picture"], price=price,
        when=f"{day(local.date(), lang)} {local:%H:%M}",
        status=message(f"rdm_status_{status}", lang),
        status_tone={"completed": "green", "pending": "orange", "released": "gray"}[status],
        result=result,
        has_proof=bool(outcome.get("draw")),
        proof=proof_of(row["code"], outcome.get("draw"), outcome.get("guess")),
    )
