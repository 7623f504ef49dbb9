"""Terse event builders on Shanghai local time for the rules tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

from rules import parse_event

CST = timezone(timedelta(hours=8))
UTC = UTC
_ids = itertools.count(1)


def t(text: str) -> datetime:
    """A Shanghai-local instant from 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM' (or with offset)."""
    if "+" in text[10:] or text.endswith("Z"):
        return datetime.fromisoformat(text)
    if len(text) == 10:
        text += " 12:00"
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def ev(event_type: str, at: str | datetime, id: str | None = None, **fields):
    """An Event built through parse_event, so the tests exercise validation too."""
    instant = at if isinstance(at, datetime) else t(at)
    obj = {"id": id or f"e{next(_ids)}", "type": event_type, "at": instant.isoformat(), **fields}
    return parse_event(obj)


def order(at, amount, order_id=None, category="food", **extra):
    order_id = order_id or f"o{next(_ids)}"
    return ev("order_paid", at, order_id=order_id, amount=str(amount), category=category, **extra)


def refund(at, order_id, amount):
    return ev("order_refunded", at, order_id=order_id, amount=str(amount))


def collect(offering, minutes=1, at=None):
    """SPEC 13: the member taps the bubble `offering` (an event) `minutes` after its offer."""
    return ev("points_collected", at or offering.at + timedelta(minutes=minutes),
              bubble=offering.id)
