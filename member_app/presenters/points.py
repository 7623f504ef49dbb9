"""The points page: balance, what expires soon, and ledger lines a member can read.

Ledger reasons come from the services (`sync_points` writes the rules' credit reason or
reverse/expire, spending writes redeem/market_buy); app-granted credits (market sales, game
prizes) arrive as `task` lots whose event id says where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

import rules
from member_app.i18n import BABEL_LOCALE, message, normalize_locale
from member_app.i18n.format import number
from member_app.services.points import LedgerLine

KNOWN_REASONS = ("shopping", "purchase", "life", "wealth", "review", "task", "sign_in",
                 "reverse", "expire", "redeem", "market_buy", "release")
# App-granted credits, named by the prefix of their event id (see services.market / redeem).
GRANT_PREFIXES = {"market-sale:": ("market_sale", "listing"), "game:": ("game_prize", "redemption")}
SPEND_REFS = {"spend:redemption:": "redemption", "spend:listing:": "listing",
              # A held spend given back (payment declined or timed out).
              "release:redemption:": "redemption"}


@dataclass
class ExpiringLine:
    text: str = ""


@dataclass
class PointsView:
    balance: str = ""
    balance_label: str = ""
    points_name: str = ""
    expiring: list[ExpiringLine] = field(default_factory=list)


@dataclass
class LedgerRow:
    id: int = 0
    reason: str = ""
    points: str = ""
    credit: bool = True
    day: str = ""
    ref: str = ""


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
        balance_label=message("pts_balance_label", lang).format(points_name=points_name),
        points_name=points_name,
        expiring=[ExpiringLine(message("pts_expiring_line", lang).format(
            points=number(points, lang), date=local_day(day, program.tz, lang)))
            for points, day in result.points.expiring],
    )


def ledger_rows(program: rules.Program, lines: list[LedgerLine], lang: str) -> list[LedgerRow]:
    """Newest first, as the service pages them (by the time each change took effect).

    The day shown is the line's `effective_at` in the program's zone: when the points were
    earned, refunded, expired or spent, not when the ledger caught up with the rules (an
    imported history would otherwise all read "today")."""
    return [_row(program, line, lang) for line in lines]


def _row(program: rules.Program, line: LedgerLine, lang: str) -> LedgerRow:
    reason, ref_kind, ref = _reason_and_ref(line)
    return LedgerRow(
        id=line.id,
        reason=message(f"pts_reason_{reason}", lang),
        points=signed_points(line.points, lang),
        credit=line.points > 0,
        day=local_day(line.effective_at, program.tz, lang),
        ref=message(f"pts_ref_{ref_kind}", lang).format(ref=ref) if ref else "",
    )


def _reason_and_ref(line: LedgerLine) -> tuple[str, str, str]:
    """(reason message suffix, reference kind, reference) of one ledger line."""
    for prefix, kind in SPEND_REFS.items():
        if (line.ref or "").startswith(prefix):
            return line.reason if line.reason in KNOWN_REASONS else "other", kind, \
                line.ref[len(prefix):]
    event_id = line.event_id or ""
    for prefix, (reason, kind) in GRANT_PREFIXES.items():
        if event_id.startswith(prefix):
            return reason, kind, event_id[len(prefix):]
    reason = line.reason if line.reason in KNOWN_REASONS else "other"
    return reason, "event", event_id
