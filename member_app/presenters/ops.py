"""What the operator console shows, as text in the operator's language (SPEC 12).

The services answer with figures and codes (services.ops_catalog, ops_members, audit); these
functions turn them into rows of strings the pages lay out, so a page holds no formatting.
Times are shown in the programmes' zone (all three are Asia/Shanghai), as members see them.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_datetime

import rules
from member_app.i18n import BABEL_LOCALE, MESSAGES, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.names import growth_name, points_name

ZONE = rules.load_program("jd").tz
KNOWN_ERRORS = ("admin_required", "code_taken", "stock_below_redeemed", "unlimited_stock",
                "invalid_credentials", "rate_limited", "missing_credentials")


def moment(value: str | datetime, lang: str) -> str:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(at.astimezone(ZONE), format="yyyy-MM-dd HH:mm",
                           locale=BABEL_LOCALE[normalize_locale(lang)])


def price(item: dict[str, Any], lang: str) -> str:
    program = item.get("program")
    unit = (points_name(rules.load_program(program), lang) if program
            else message("ops_col_points", lang))
    text = f"{number(item['points'], lang)} {unit}"
    if item.get("cash_fen"):
        text += f" + ¥{item['cash']}"
    return text


def catalog_rows(items: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{
        "code": item["code"],
        "name": item["names"][normalize_locale(lang)],
        "programme": message(f"ops_programme_{item['program']}", lang) if item.get("program")
        else message("ops_all_programmes", lang),
        "kind": message(f"ops_kind_{item['kind']}", lang),
        "price": price(item, lang),
        "stock_left": message("ops_unlimited", lang) if item["stock_left"] is None
        else number(item["stock_left"], lang),
        "limited": "yes" if item["stock_left"] is not None else "",
        "redeemed": number(item["redeemed"], lang),
        "status": message("ops_active" if item["active"] else "ops_paused", lang),
        "active": "yes" if item["active"] else "",
    } for item in items]


def redemption_rows(rows: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{
        "id": str(row["id"]), "username": row["username"],
        "quantity": number(row["quantity"], lang), "points": number(row["points_spent"], lang),
        "status": message(f"ops_status_{row['status']}", lang)
        if f"ops_status_{row['status']}" in MESSAGES else row["status"],
        "time": moment(row["created_at"], lang),
    } for row in rows]


def audit_rows(entries: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{
        "id": str(entry["id"]), "time": moment(entry["at"], lang),
        "operator": entry["operator"],
        "action": message(f"ops_action_{entry['action']}", lang)
        if f"ops_action_{entry['action']}" in MESSAGES else entry["action"],
        "subject": entry["subject"],
        "before": _compact(entry["before"]), "after": _compact(entry["after"]),
        "reason": entry["reason"],
    } for entry in entries]


def _compact(value: Any) -> str:
    """An audit entry's before or after as one line: the operator reads the figures as stored."""
    if value is None:
        return "—"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def member_summary(file: dict[str, Any], lang: str) -> dict[str, str]:
    standing, member = file["standing"], file["member"]
    program = rules.load_program(member["program"])
    return {
        "id": str(member["id"]), "username": member["username"],
        "programme": message(f"ops_programme_{member['program']}", lang),
        "tier": program.tier(standing["tier"]).names.get(lang),
        "points_label": points_name(program, lang),
        "points": number(standing["points_balance"], lang),
        "growth_label": growth_name(program, lang),
        "growth": number(standing["growth"], lang),
        "joined": moment(member["created_at"], lang),
    }


def risk_rows(flags: dict[str, dict[str, str]], lang: str) -> list[dict[str, str]]:
    return [{"kind": message(f"ops_risk_kind_{kind}", lang),
             "level": message(f"ops_risk_level_{flag['level']}", lang),
             "time": moment(flag["at"], lang)} for kind, flag in flags.items()]


def ledger_rows(lines: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{"id": str(line["id"]),
             "points": ("+" if line["points"] > 0 else "−") + number(abs(line["points"]), lang),
             "reason": line["reason"], "event": line["event_id"] or "—",
             "time": moment(line["effective_at"], lang)} for line in lines]


def error_text(code: str, detail: str, lang: str) -> str:
    if code in KNOWN_ERRORS:
        return message(f"ops_err_{code}", lang)
    if code in ("invalid_catalog", "invalid_input"):
        return message("ops_err_invalid", lang).format(detail=detail)
    return message("ops_err_error", lang)


def cash_fen(text: str) -> int | None:
    """'12.5' yuan as 1250 fen; None if it is not an amount with at most two decimals."""
    try:
        amount = Decimal(text.strip() or "0")
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None
    return int(amount * 100)


def trace_rows(entries: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """Each counted event and what it gave: growth by category, points, points expired."""
    def growth(parts: dict[str, int]) -> str:
        return ", ".join(f"{category} +{number(value, lang)}"
                         for category, value in sorted(parts.items()) if value) or "—"

    return [{"time": moment(entry["at"], lang) if entry["at"] else "—",
             "event": entry["id"], "type": entry["type"], "growth": growth(entry["growth"]),
             "points": ("+" if entry["points"] >= 0 else "−") + number(abs(entry["points"]), lang)
             if entry["points"] else "—",
             "expired": number(entry["points_expired"], lang) if entry["points_expired"]
             else "—",
             "note": entry["note"] or ""} for entry in entries]
