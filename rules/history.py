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
from rules.instant_memo import DAY, HOUR, fast_key, zone_days
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


def new_item(event_id: str, kind: str, at: datetime, ts: int, day: date, fields: Any) -> Item:
    return Item(event_id, kind, at, ts, day, fields)


SYNTHETIC_PREFIXES = ("wealth:",)  # keys rules makes itself: an Alipay wealth month's lot
_ESCAPE = "event:"


def event_key(event_id: str) -> str:
    """The key an event's lot, growth and trace go by: its id, unless the id could pass for a
    key rules makes itself (`wealth:2026-10`) or for an escaped id; then `event:` + id. So no
    event can reach a synthetic key, no two ids share a key, and ordinary ids are unchanged."""
    if event_id.startswith((*SYNTHETIC_PREFIXES, _ESCAPE)):
        return _ESCAPE + event_id
    return event_id


def event_id_of(key: str) -> str:
    """The event id behind an `event_key` (a synthetic key is returned as it is)."""
    return key[len(_ESCAPE):] if key.startswith(_ESCAPE) else key


def _tiebreak(event: Event) -> tuple[datetime, str, str]:
    return (event.at, event.type, json.dumps(dict(event.fields), sort_keys=True, default=str))


def prepare(program: Program, events: Iterable[Event], until: datetime) -> list[Item]:
    """The history as of `until` (events after it ignored), ready for the rule sets."""
    return prepare_before(program, events, instant_key(until) + 1)


def prepare_before(program: Program, events: Iterable[Event], end: int) -> list[Item]:
    """Items of the events whose instant key is before `end`: one per id, sorted by (at, id),
    on the local calendar, ids escaped (`event_key`), early refunds retimed.

    An event after `end` is dropped before its id counts, as dropping it after deduplication
    would: of two events sharing an id, the one kept is the earlier.
    """
    events = events if isinstance(events, list) else list(events)
    # (key, id, index in events): no object the garbage collector tracks, so it untracks the
    # triples at once instead of traversing them again at every full collection
    keyed = sorted(_chosen(events, end).values())  # ids are unique: indexes never compared
    clock = zone_days(program.tz)
    hours, days = clock.hours, clock.days
    # the items are made in time order, so the passes of the rule sets read memory in order
    items: list[Item] = []
    append = items.append
    reserved = (*SYNTHETIC_PREFIXES, _ESCAPE)
    paid: set[str] = set()
    early = False  # a refund seen before any payment of its order
    for key, event_id, index in keyed:
        event = events[index]
        offset = hours.get(key // HOUR)  # instant_memo.ZoneDays.day's fast path, inlined
        day = None if offset is None else days.get((key + offset) // DAY)
        if day is None:
            day = clock.day(key, event.at)
        if event_id.startswith(reserved):  # event_key, inlined
            event_id = _ESCAPE + event_id
        kind = event.type
        if kind == "order_paid":
            paid.add(event.fields["order_id"])
        elif kind == "order_refunded" and not early:
            early = event.fields["order_id"] not in paid
        append(Item(event_id, kind, event.at, key, day, event.fields))
    return retime_early_refunds(items) if early else items


def _chosen(events: list[Event], end: int) -> dict[str, tuple[int, str, int]]:
    """id -> (instant key, id, index) of the event kept for that id among those before `end`:
    the first to arrive, unless a differing one sorts before it by `_tiebreak`."""
    chosen: dict[str, tuple[int, str, int]] = {}
    for index, event in enumerate(events):
        at = event.at
        key = fast_key(at)
        if key >= end:
            continue
        event_id = event.id
        known = chosen.get(event_id)
        if known is not None:
            earlier = events[known[2]]
            if earlier == event or _tiebreak(earlier) <= _tiebreak(event):
                continue
        chosen[event_id] = (key, event_id, index)
    return chosen


def retime_early_refunds(items: list[Item]) -> list[Item]:
    """SPEC 1: a refund dated before its order's payment (the two systems' clocks disagree)
    takes effect at the payment's instant. Such refunds are moved to just after the payment,
    with its instant and local day, so every rule (score, points, badges) reads them alike.
    A refund of an order never paid stays where it is (and changes nothing)."""
    paid: dict[str, int] = {}  # order id -> position of its first payment
    early: dict[str, list[int]] = {}  # order id -> positions of its refunds before that
    for position, item in enumerate(items):
        kind = item.type
        if kind == "order_paid":
            paid.setdefault(item.fields["order_id"], position)
        elif kind == "order_refunded" and item.fields["order_id"] not in paid:
            early.setdefault(item.fields["order_id"], []).append(position)
    moved: set[int] = set()
    after: dict[int, list[Item]] = {}  # payment position -> the refunds retimed to it
    for order_id, refunds in early.items():
        if order_id in paid:
            payment = items[paid[order_id]]
            moved.update(refunds)
            after[paid[order_id]] = [
                new_item(r.id, r.type, payment.at, payment.ts, payment.day, r.fields)
                for r in map(items.__getitem__, refunds)
            ]
    if not moved:
        return items
    # copy the runs between the cuts whole: a few thousand cuts, not 100,000 appends
    out: list[Item] = []
    start = 0
    for position in sorted(moved | after.keys()):
        if position in moved:
            out += items[start:position]
        else:
            out += items[start : position + 1]
            out += after[position]
        start = position + 1
    out += items[start:]
    return out


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
