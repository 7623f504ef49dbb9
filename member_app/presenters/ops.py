"""What the operator console shows, as text in the operator's language (SPEC 12).

The services answer with figures and codes (services.ops_catalog, ops_members, audit); these
functions turn them into rows of strings the pages lay out, so a page holds no formatting.
Times are shown in the programmes' zone (all three are Asia/Shanghai), as members see them.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_datetime

import rules
from member_app.i18n import BABEL_LOCALE, MESSAGES, message, normalize_locale
from member_app.i18n.format import number
from member_app.presenters.names import coupon_name, growth_name, points_name
from member_app.presenters.notes import note_text
from member_app.presenters.redeem import yuan

ZONE = rules.load_program("jd").tz
MAX_CASH_YUAN = Decimal(1_000_000)  # catalog_data: cash_fen at most 100,000,000
KNOWN_ERRORS = ("admin_required", "code_taken", "stock_below_redeemed", "unlimited_stock",
                "invalid_credentials", "rate_limited", "missing_credentials",
                "listing_not_open", "codes_already_issued", "run_running", "stock_too_large",
                "unknown_item", "unknown_listing", "unknown_member", "idempotency_key_reused")


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
        text += f" + {yuan(item['cash_fen'], lang)}"
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


def ledger_rows(lines: list[dict[str, Any]], program_code: str,
                lang: str) -> list[dict[str, str]]:
    program = rules.load_program(program_code)
    return [{"id": str(line["id"]),
             "points": ("+" if line["points"] > 0 else "−") + number(abs(line["points"]), lang),
             "reason": reason_name(line["reason"], program, lang),
             "event": line["event_id"] or "—",
             "time": moment(line["effective_at"], lang)} for line in lines]


# The field a service names first in its message ("item x (x): points: ..."), as the form
# labels it: in Chinese the console names the field, not the service's English sentence.
FIELD_LABELS = {"points": "ops_field_points", "cash_fen": "ops_field_cash",
                "name": "ops_field_name", "note": "ops_field_note",
                "picture": "ops_field_picture", "stock": "ops_field_stock",
                "per_member_limit": "ops_field_limit", "code": "ops_field_code",
                "kind": "ops_field_kind", "game": "ops_field_game", "reason": "ops_field_reason",
                "change": "ops_stock_change", "month": "ops_field_month",
                "count": "ops_field_count", "days": "ops_field_days",
                "program": "ops_field_programme"}
FIELD_IN_DETAIL = re.compile(r"(?:^|: )([a-z_]+): ")


def error_text(code: str, detail: str, lang: str) -> str:
    if code in KNOWN_ERRORS:
        return message(f"ops_err_{code}", lang)
    if code not in ("invalid_catalog", "invalid_input"):
        return message("ops_err_error", lang)
    if detail.startswith("nothing to change"):
        return message("ops_err_nothing_to_change", lang)
    if normalize_locale(lang) == "en":
        return message("ops_err_invalid", lang).format(detail=detail)
    fields = [name for name in FIELD_IN_DETAIL.findall(detail) if name in FIELD_LABELS]
    if not fields:
        return message("ops_err_check_form", lang)
    return message("ops_err_check_field", lang).format(field=message(FIELD_LABELS[fields[0]],
                                                                     lang))


def cash_fen(text: str) -> int | None:
    """'12.5' yuan as 1250 fen; None if it is not an amount with at most two decimals."""
    try:
        amount = Decimal(text.strip() or "0")
    except InvalidOperation:
        return None
    # Bounded before quantize, which cannot hold 1e400 (the catalog's cap is 1,000,000 yuan).
    if not amount.is_finite() or not 0 <= amount <= MAX_CASH_YUAN \
            or amount != amount.quantize(Decimal("0.01")):
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
             "note": note_text(entry["note"] or "", lang)} for entry in entries]


def run_rows(runs: dict[str, list[dict[str, Any]]], lang: str
             ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(settlements, sweeps) as rows: when, how many, how long, finished or not."""
    def common(run: dict[str, Any]) -> dict[str, str]:
        return {"started": moment(run["started_at"], lang),
                "seconds": "—" if run["seconds"] is None
                else message("ops_seconds", lang).format(seconds=run["seconds"]),
                "status": message(f"ops_run_{run['status']}", lang),
                "finished": "yes" if run["status"] == "finished" else ""}

    settlements = [{**common(run), "month": run["month"], "members": number(run["members"], lang)}
                   for run in runs["settlements"]]
    sweeps = [{**common(run), "kind": message(f"ops_sweep_{run['kind']}", lang)
               if f"ops_sweep_{run['kind']}" in MESSAGES else run["kind"],
               "brought_forward": number(run["brought_forward"], lang),
               "failures": number(run["failures"], lang)} for run in runs["sweeps"]]
    return settlements, sweeps


def reason_name(reason: str, program: rules.Program, lang: str) -> str:
    """A ledger reason as the points page names it (pts_reason_*), in the programme's words."""
    key = f"pts_reason_{reason}"
    return message(key if key in MESSAGES else "pts_reason_other", lang).format(
        points_name=points_name(program, lang))


def economy_view(answer: dict[str, Any], lang: str) -> dict[str, Any]:
    """The economy page: headline figures, chart rows (plain numbers), and tables."""
    program = rules.load_program(answer["program"])
    balances = answer["balances"]
    fen = balances["liability_fen"]
    totals: dict[tuple[str, str], int] = {}
    for month in answer["months"]:
        for side, parts in (("source", month["sources"]), ("sink", month["sinks"])):
            for reason, value in parts.items():
                totals[(side, reason)] = totals.get((side, reason), 0) + value
    expired = sum(month["expired"] for month in answer["months"])
    flows = [{"side": message(f"ops_flow_{side}", lang),
              "reason": reason_name(reason, program, lang), "points": number(value, lang)}
             for (side, reason), value in sorted(totals.items(), key=lambda kv: -kv[1])]
    if expired:
        flows.append({"side": message("ops_flow_expiry", lang),
                      "reason": reason_name("expire", program, lang),
                      "points": number(expired, lang)})
    tier_names = {tier.code: tier.names.get(lang) for tier in program.tiers}
    moves = answer["last_settlement"]
    return {
        "points_name": points_name(program, lang),
        "outstanding": number(balances["total"], lang),
        "liability": yuan(fen, lang),
        "accounts": number(balances["accounts"], lang),
        "rate": message("ops_rate", lang).format(points=number(answer["points_per_yuan"], lang),
                                                 points_name=points_name(program, lang)),
        "chart": [{"month": month["month"], "issued": month["issued"], "spent": month["spent"],
                   "expired": month["expired"], "outstanding": month["outstanding"]}
                  for month in answer["months"]],
        "flows": flows,
        "tiers": [{"tier": tier_names.get(code, code),
                   "members": number(answer["tiers"].get(code, 0), lang)}
                  for code in tier_names],
        "moves_title": message("ops_moves_title", lang).format(month=moves["month"])
        if moves else "",
        "moves": [{"from": tier_names.get(move["from"], message("ops_new_member", lang))
                   if move["from"] else message("ops_new_member", lang),
                   "to": tier_names.get(move["to"], move["to"]),
                   "members": number(move["members"], lang)} for move in moves["moves"]]
        if moves else [],
    }


def coupon_rows(wallet: dict[str, list[dict[str, Any]]], lang: str) -> list[dict[str, str]]:
    """Every coupon of the member, unused first, then used, then expired."""
    return [{"name": coupon_name(coupon["name"], lang),
             "face": yuan(coupon["face_value_fen"], lang),
             "state": message(f"ops_coupon_{state}", lang),
             "until": moment(coupon["valid_until"], lang)}
            for state in ("unused", "used", "expired") for coupon in wallet[state]]


def plus_line(plus: dict[str, Any] | None, lang: str) -> str:
    if plus is None:
        return message("ops_plus_none", lang)
    if plus["active"] and plus["active_until"]:
        return message("ops_plus_active", lang).format(until=moment(plus["active_until"], lang))
    return message("ops_plus_inactive", lang)


def plus_code_rows(rows: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{"label": row["label"] or "—", "days": number(row["days"], lang),
             "status": message(f"ops_code_{row['status']}", lang),
             "used_by": row["used_by_username"] or "—",
             "used_at": moment(row["used_at"], lang) if row["used_at"] else "—",
             "created": moment(row["created_at"], lang)} for row in rows]


def listing_rows(rows: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{"id": str(row["id"]), "seller": row["seller"]["username"],
             "coupon": coupon_name(row["coupon"]["name"], lang),
             "price": number(row["price"], lang),
             "status": message(f"ops_listing_{row['status']}", lang)
             if f"ops_listing_{row['status']}" in MESSAGES else row["status"],
             "open": "yes" if row["status"] == "open" else "",
             "created": moment(row["created_at"], lang),
             "reason": row["withdrawn_reason"] or ""} for row in rows]
