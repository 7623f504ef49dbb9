"""The JD settlement from already-validated stored rows (a fast path for bulk settlement).

`settle_jd_rows(program, rows, settlement_day)` gives exactly `settle_jd(program, events,
settlement_day)` where `events` are the rows parsed with `parse_event`; the rows must have
been validated by `parse_event` when they were stored (the app does it at ingest). A row is
`(id, type, at, fields)`: `at` an aware datetime, `fields` the event's fields as stored in
JSON (amounts as decimal strings or numbers, defaults possibly filled in).

What it skips: re-validating every field and building an immutable `Event` per row. What it
keeps: everything else is the same code as `settle_jd` (`jd_score.settle_items`: every item,
cap, refund and risk rule), fed with the same items. Rows whose id repeats are rare (stored
events have unique ids): then the whole history goes through `parse_event` and `settle_jd`,
so the tie-break between differing duplicates is the one place that decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rules.events import parse_event
from rules.history import Item, new_item, retime_early_refunds
from rules.instant_memo import DAY, HOUR, fast_key, zone_days
from rules.jd_score import Settlement, settle_items, settle_jd
from rules.localtime import instant_key, start_of_day
from rules.program import Program

Row = tuple[str, str, datetime, Mapping[str, Any]]

# Only these types change a JD settlement (jd_score._Facts ignores the others), and only
# these of their fields are read.
READ_FIELDS: dict[str, tuple[str, ...]] = {
    "order_paid": ("order_id", "amount", "category", "payment"),
    "order_refunded": ("order_id", "amount"),
    "review_posted": ("order_id",),
    "photo_review_posted": ("order_id",),
    "question_answered": (),
    "signed_in": (),
    "identity_verified": (),
    "account_bound": ("channel",),
    "risk_flag": ("kind", "level"),
}
NO_FIELDS: Mapping[str, Any] = {}


def settle_jd_rows(program: Program, rows: Iterable[Row], settlement_day: date) -> Settlement:
    """`settle_jd` over stored, already-validated rows (see the module docstring)."""
    if settlement_day.day != 1:
        raise ValueError("settlement_day must be the 1st of a month")
    rows = rows if isinstance(rows, list) else list(rows)
    end = instant_key(start_of_day(program, settlement_day))
    keyed = _keyed(rows, end)
    if keyed is None:  # a repeated id: the full path decides between the duplicates
        events = [
            parse_event({"id": i, "type": t, "at": a.isoformat(), **f}) for i, t, a, f in rows
        ]
        return settle_jd(program, events, settlement_day)
    keyed.sort()
    clock = zone_days(program.tz)
    hours, days = clock.hours, clock.days
    items: list[Item] = []
    append = items.append
    for key, _, index in keyed:
        event_id, kind, at, fields = rows[index]
        offset = hours.get(key // HOUR)  # ZoneDays.day's fast path, as in history.prepare_before
        day = None if offset is None else days.get((key + offset) // DAY)
        if day is None:
            day = clock.day(key, at)
        append(new_item(event_id, kind, at, key, day, _fields(kind, fields)))
    return settle_items(program, retime_early_refunds(items), (settlement_day,))[0][0]


def _keyed(rows: list[Row], end: int) -> list[tuple[int, str, int]] | None:
    """(instant key, id, row index) of the relevant rows before `end`; None if an id repeats
    (among all rows, whatever their instant: the full path then decides between them)."""
    relevant = READ_FIELDS
    keyed = []
    seen = set()
    for index, (event_id, kind, at, _) in enumerate(rows):
        if event_id in seen:
            return None
        seen.add(event_id)
        if kind not in relevant:
            continue
        key = fast_key(at)
        if key < end:
            keyed.append((key, event_id, index))
    return keyed


def _fields(kind: str, fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """The fields settle_items reads, as parse_event gives them (amounts as Decimal)."""
    if kind == "order_paid":
        return {
            "order_id": fields["order_id"],
            "amount": _amount(fields["amount"]),
            "category": fields["category"],
            "payment": fields.get("payment") or "other",
        }
    if kind == "order_refunded":
        return {"order_id": fields["order_id"], "amount": _amount(fields["amount"])}
    return fields if READ_FIELDS[kind] else NO_FIELDS


def _amount(value: Any) -> Decimal:
    """parse_event's conversion of a valid amount (a decimal string or a number)."""
    return Decimal(value.strip()) if type(value) is str else Decimal(str(value))
