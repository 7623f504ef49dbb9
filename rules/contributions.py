"""Per-event contributions (for `explain`): how each event moved growth and points.

The growth of all contributions sums, per source, to the assessment's breakdown; points
minus points_expired sums to the balance when nothing was spent. Growth that is not caused
by a single event (an Alipay wealth month) appears as a synthetic entry whose id is
`wealth:YYYY-MM` and whose type is `wealth_month` (an event whose own id looks like that is
kept apart: rules.history.event_key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from rules.engine import EngineResult
from rules.history import Item, event_id_of
from rules.ledger import PointsState


@dataclass(frozen=True, slots=True)
class Contribution:
    event_id: str
    type: str
    at: datetime | None
    growth: Mapping[str, int]  # source -> growth counted now
    rows: Mapping[str, int]  # rule row (purchase, order, category, trip:hotel...) -> growth
    points: int  # credited (positive) or reversed (negative, refunds) by this event
    points_expired: int
    note: str | None


def contributions(
    items: list[Item], result: EngineResult, points: PointsState
) -> tuple[Contribution, ...]:
    growth: dict[str, dict[str, int]] = {}
    rows: dict[str, dict[str, int]] = {}
    for entry in result.entries:
        by_source = growth.setdefault(entry.event_id, {})
        by_source[entry.source] = by_source.get(entry.source, 0) + entry.amount
        by_row = rows.setdefault(entry.event_id, {})
        by_row[entry.item] = by_row.get(entry.item, 0) + entry.amount
    earned: dict[str, int] = {}
    expired: dict[str, int] = {}
    for lot in points.lots:
        earned[lot.key] = earned.get(lot.key, 0) + lot.amount
        if lot.expired:
            expired[lot.key] = expired.get(lot.key, 0) + lot.expired
    for reversal in result.reversals:
        earned[reversal.event_id] = earned.get(reversal.event_id, 0) - reversal.amount
    empty: Mapping[str, int] = MappingProxyType({})

    def make(key: str, kind: str, at: datetime | None) -> Contribution:
        return Contribution(
            event_id=event_id_of(key),
            type=kind,
            at=at,
            growth=MappingProxyType(growth[key]) if key in growth else empty,
            rows=MappingProxyType(rows[key]) if key in rows else empty,
            points=earned.get(key, 0),
            points_expired=expired.get(key, 0),
            note=result.notes.get(key),
        )

    out = [make(item.id, item.type, item.at) for item in items]
    known = {item.id for item in items}
    synthetic = sorted((set(growth) | set(earned)) - known)
    lot_at = {lot.key: lot.earned_at for lot in points.lots}
    out += [make(key, key.split(":")[0] + "_month", lot_at.get(key)) for key in synthetic]
    return tuple(out)
