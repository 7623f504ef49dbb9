"""What a ledger line is about, in terms a member knows: an order, an item, a coupon, a month.

Ledger rows carry internal references (`spend:redemption:7`, lot keys that are event ids such as
`signin:1:2026-12-01` or `wealth:2026-11`). Those are for the store; a member recognises the
platform's order number, the catalog item they redeemed, the coupon they sold or bought, or the
month a wealth reward was for. This module resolves a page of lines to those subjects in a few
batched reads (one query per kind, whatever the page size), and never returns an internal id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlmodel import Session, col, select

from member_app.models import CatalogItem, Coupon, Event, Listing, Redemption, id_of
from member_app.services.members import is_ascii_number

# Internal prefixes (see services.points, services.redeem, services.market, rules.alipay).
_REDEMPTION_REFS = ("spend:redemption:", "release:redemption:")
_LISTING_REFS = ("spend:listing:",)
_GAME_EVENT = "game:"
_SALE_EVENT = "market-sale:"
_WEALTH_LOT = "wealth:"


@dataclass(frozen=True)
class LedgerSubject:
    """`kind` is one of: order (value = the platform's order number), item (names = the
    catalog item's name by language), coupon (value = the coupon's name key), month (value =
    YYYY-MM), or "" for a line whose reason says it all (a sign-in, a task)."""

    kind: str = ""
    value: str = ""
    names: dict[str, str] = field(default_factory=dict)


NO_SUBJECT = LedgerSubject()


class _Line(Protocol):
    @property
    def id(self) -> int | None: ...  # set: the lines are stored rows
    @property
    def ref(self) -> str | None: ...
    @property
    def event_id(self) -> str | None: ...


def _suffix_id(text: str, prefixes: tuple[str, ...]) -> int | None:
    for prefix in prefixes:
        if text.startswith(prefix) and is_ascii_number(text[len(prefix):]):
            return int(text[len(prefix):])
    return None


def subjects_of(*, session: Session, member_id: int,
                lines: list[_Line]) -> dict[int, LedgerSubject]:
    """Line id -> its subject, for the member's own lines."""
    redemption_of: dict[int, int] = {}
    listing_of: dict[int, int] = {}
    event_of: dict[int, str] = {}
    subjects: dict[int, LedgerSubject] = {}
    for line in lines:
        line_id = id_of(line)
        ref, event_id = line.ref or "", line.event_id or ""
        if (rid := _suffix_id(ref, _REDEMPTION_REFS) or _suffix_id(event_id, (_GAME_EVENT,))):
            redemption_of[line_id] = rid
        elif (lid := _suffix_id(ref, _LISTING_REFS) or _suffix_id(event_id, (_SALE_EVENT,))):
            listing_of[line_id] = lid
        elif event_id.startswith(_WEALTH_LOT):
            subjects[line_id] = LedgerSubject("month", event_id[len(_WEALTH_LOT):])
        elif event_id:
            event_of[line_id] = event_id
    subjects.update(_items(session, member_id, redemption_of))
    subjects.update(_coupons(session, listing_of))
    subjects.update(_orders(session, member_id, event_of))
    return subjects


def _items(session: Session, member_id: int,
           redemption_of: dict[int, int]) -> dict[int, LedgerSubject]:
    if not redemption_of:
        return {}
    rows = session.exec(
        select(Redemption.id, CatalogItem.name_zh, CatalogItem.name_en)
        .join(CatalogItem, col(CatalogItem.id) == Redemption.item_id)
        .where(Redemption.member_id == member_id,
               col(Redemption.id).in_(set(redemption_of.values())))
    ).all()
    names = {rid: {"zh": zh, "en": en} for rid, zh, en in rows}
    return {line_id: LedgerSubject("item", names=names[rid])
            for line_id, rid in redemption_of.items() if rid in names}


def _coupons(session: Session, listing_of: dict[int, int]) -> dict[int, LedgerSubject]:
    # The member's own lines name only listings they sold or bought, so no member filter here.
    if not listing_of:
        return {}
    rows = session.exec(
        select(Listing.id, Coupon.name).join(Coupon, col(Coupon.id) == Listing.coupon_id)
        .where(col(Listing.id).in_(set(listing_of.values())))
    ).all()
    names = dict(rows)
    return {line_id: LedgerSubject("coupon", names[lid])
            for line_id, lid in listing_of.items() if lid in names}


def _orders(session: Session, member_id: int,
            event_of: dict[int, str]) -> dict[int, LedgerSubject]:
    if not event_of:
        return {}
    rows = session.exec(
        select(Event.id, Event.fields)
        .where(Event.member_id == member_id, col(Event.id).in_(set(event_of.values())))
    ).all()
    orders = {event_id: str(fields["order_id"]) for event_id, fields in rows
              if isinstance(fields, dict) and fields.get("order_id")}
    return {line_id: LedgerSubject("order", orders[event_id])
            for line_id, event_id in event_of.items() if event_id in orders}
