"""The points page: balance, what expires soon, and ledger lines a member can read.

Ledger reasons come from the services (`sync_points` writes the rules' credit reason or
reverse/expire, spending writes redeem/market_buy); app-granted credits (market sales, game
prizes) arrive as `task` lots whose event id says where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.names import coupon_name
from member_app.services.ledger_subjects import LedgerSubject
from member_app.services.points import LedgerLine

KNOWN_REASONS = ("shopping", "purchase", "life", "wealth", "review", "task", "sign_in",
                 "subsidy", "reverse", "expire", "redeem", "market_buy", "release")
# App-granted credits, named by the prefix of their event id (see services.market / redeem).
GRANT_PREFIXES = {"market-sale:": "market_sale", "game:": "game_prize"}
SUBJECT_PAGES = {"item": "/redeem", "coupon": "/coupons"}


@dataclass
class ExpiringLine:
    text: str = ""


@dataclass
class PointsView:
    balance: str = ""
    balance_label: str = ""
    points_name: str = ""
    expiring: list[ExpiringLine] = field(default_factory=list)
    debt_line: str = ""  # a late refund's debt (SPEC 6), "" when none
    no_expiring: str = ""
    ledger_title: str = ""  # "京豆明细": the programme's own word for its points
    ledger_empty: str = ""


@dataclass
class LedgerRow:
    id: int = 0
    reason: str = ""
    points: str = ""
    credit: bool = True
    day: str = ""
    ref: str = ""
    href: str = ""  # where what it was about lives: the catalog, the coupon wallet
    explain_href: str = ""  # a line rules made from an event: its trace (SPEC 13 explain)


def local_day(moment: datetime | date, tz: ZoneInfo, lang: str) -> str:
    """'2026年11月23日' / 'Nov 23, 2026': the member's local calendar day."""
    value = moment.astimezone(tz).date() if isinstance(moment, datetime) else moment
    return format_date(value, format="medium", locale=BABEL_LOCALE[normalize_locale(lang)])


def signed_points(points: int, lang: str) -> str:
    return ("+" if points > 0 else "−") + number(abs(points), lang)


def points_view(program: rules.Program, balance: int, result: rules.Assessment,
                lang: str) -> PointsView:
    points_name = program.points_names.get(lang)
    return PointsView(
        balance=number(balance, lang),
        balance_label=message("pts_balance_owed_label" if result.points.debt
                              else "pts_balance_label", lang).format(points_name=points_name),
        points_name=points_name,
        expiring=[ExpiringLine(message("pts_expiring_line", lang).format(
            points=number(points, lang), date=local_day(day, program.tz, lang)))
            for points, day in result.points.expiring],
        debt_line=message("pts_debt_line", lang).format(
            points=number(result.points.debt, lang), points_name=points_name)
        if result.points.debt else "",
        no_expiring=message("pts_no_expiring", lang).format(
            days=program.expiring_warning_days, points_name=points_name),
        ledger_title=message("pts_ledger", lang).format(points_name=points_name),
        ledger_empty=message("pts_ledger_empty", lang).format(points_name=points_name),
    )


def ledger_rows(program: rules.Program, lines: list[LedgerLine], lang: str) -> list[LedgerRow]:
    """Newest first, as the service pages them (by the time each change took effect).

    The day shown is the line's `effective_at` in the program's zone: when the points were
    earned, refunded, expired or spent, not when the ledger caught up with the rules (an
    imported history would otherwise all read "today")."""
    return [_row(program, line, lang) for line in lines]


def _row(program: rules.Program, line: LedgerLine, lang: str) -> LedgerRow:
    return LedgerRow(
        id=line.id,
        reason=message(f"pts_reason_{_reason(line)}", lang).format(
            points_name=program.points_names.get(lang)),
        points=signed_points(line.points, lang),
        credit=line.points > 0,
        day=local_day(line.effective_at, program.tz, lang),
        ref=subject_text(line.subject, lang),
        href=SUBJECT_PAGES.get(line.subject.kind, ""),
        explain_href=_explain_href(line),
    )


# The reasons of the lines rules makes from events (lots, refunds, expiry): each opens to
# the event's trace. Spending, market sales and prizes are the app's and name their subject.
RULES_REASONS = ("shopping", "purchase", "life", "wealth", "review", "task", "sign_in",
                 "subsidy", "reverse", "expire")


def _explain_href(line: LedgerLine) -> str:
    if not line.event_id or line.reason not in RULES_REASONS or _reason(line) != line.reason:
        return ""
    return f"/explain?event={quote(rules.event_id_of(line.event_id), safe='')}"


def _reason(line: LedgerLine) -> str:
    """The reason message suffix of one ledger line."""
    event_id = line.event_id or ""
    for prefix, reason in GRANT_PREFIXES.items():
        if event_id.startswith(prefix):
            return reason
    return line.reason if line.reason in KNOWN_REASONS else "other"


def subject_text(subject: LedgerSubject, lang: str) -> str:
    """'订单 2823456789012', 'Item: Tree seedling', '2026年11月': never an internal id."""
    if subject.kind == "order":
        return message("pts_ref_order", lang).format(ref=subject.value)
    if subject.kind == "item":
        name = subject.names.get(normalize_locale(lang)) or subject.names.get("en", "")
        return message("pts_ref_item", lang).format(ref=name)
    if subject.kind == "coupon":
        return message("pts_ref_coupon", lang).format(ref=coupon_name(subject.value, lang))
    if subject.kind == "month":
        year, month = (int(part) for part in subject.value.split("-"))
        return message("pts_ref_month", lang).format(ref=format_skeleton(
            "yMMMM", date(year, month, 1), locale=BABEL_LOCALE[normalize_locale(lang)]))
    return ""
