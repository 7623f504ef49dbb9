"""A member's history made ready for the rules: deduplicated, ordered, on the local calendar.

Determinism (SPEC 10): events are sorted by (at, id), so the input order never matters.
Duplicate ids count once; if two events share an id but differ, the one that sorts first by
(at, type, canonical JSON of its fields) wins, whatever order they arrived in.
Events strictly after the evaluation instant are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rules.events import Event
from rules.localtime import instant_key
from rules.program import Program


@dataclass(slots=True)
class Item:
    """An event with its local day; the shortcuts avoid repeated attribute chains."""

    id: str
    type: str
    at: datetime
    ts: int  # instant_key(at)
    day: date
    fields: Any
    event: Event


def _tiebreak(event: Event) -> tuple:
    return (event.at, event.type, json.dumps(dict(event.fields), sort_keys=True, default=str))


def dedupe(events: Iterable[Event], until: datetime | None = None) -> list[tuple[int, Event]]:
    """One event per id, the ones after `until` dropped, sorted by (at, id), with their keys."""
    limit = None if until is None else instant_key(until)
    chosen: dict[str, tuple[int, str, Event]] = {}
    for event in events:
        key = instant_key(event.at)
        if limit is not None and key > limit:
            continue
        known = chosen.get(event.id)
        if known is None or (known[2] != event and _tiebreak(event) < _tiebreak(known[2])):
            chosen[event.id] = (key, event.id, event)
    ordered = sorted(chosen.values(), key=lambda entry: (entry[0], entry[1]))
    return [(key, event) for key, _, event in ordered]


def make_items(program: Program, keyed: list[tuple[int, Event]]) -> list[Item]:
    tz = program.tz
    return [
        Item(e.id, e.type, e.at, key, e.at.astimezone(tz).date(), e.fields, e) for key, e in keyed
    ]


def prepare(program: Program, events: Iterable[Event], until: datetime) -> list[Item]:
    return make_items(program, dedupe(events, until))


def proportional_reversal(earned: int, paid: Decimal, refunded: Decimal) -> int:
    """SPEC 1: floor(earned x refunded / paid), never more than earned.

    `refunded` is the cumulative refund so far, so a series of partial refunds reverses
    exactly what one refund of the same total would (floors do not accumulate).
    """
    if earned <= 0 or paid <= 0 or refunded <= 0:
        return 0
    if refunded >= paid:
        return earned
    return int((earned * refunded) // paid)


@dataclass(slots=True)
class Order:
    """A paid order, what it earned (per kind of earning) and what refunds reversed so far."""

    item: Item
    amount: Decimal
    earned: dict[str, int] = field(default_factory=dict)
    refunded: Decimal = Decimal(0)
    reversed: dict[str, int] = field(default_factory=dict)

    @property
    def fully_refunded(self) -> bool:
        return self.refunded > 0 and self.refunded >= self.amount

    def refund(self, amount: Decimal) -> dict[str, int]:
        """Apply a refund; return how much of each earning it reverses."""
        self.refunded = min(self.amount, self.refunded + amount)
        steps = {}
        for kind, earned in self.earned.items():
            target = proportional_reversal(earned, self.amount, self.refunded)
            steps[kind] = target - self.reversed.get(kind, 0)
            self.reversed[kind] = target
        return steps
