"""The redemption catalog (SPEC 6): what a member may buy with points, and seeding it.

The content is per programme, in member_app/catalogs/*.toml (services/catalog_data.py loads
and checks it). `ensure_catalog` brings the table in line with it: new codes are added (a game
gets its secret seed), existing ones take the file's prices, names and games, and items no file
lists any more are retired (inactive: past redemptions still name them). Stock is never
rewritten: it is live, taken by redemptions with their ledger entries. Items an operator made
or edited (`managed_by == "operator"`, services/ops_catalog.py) are theirs: the files leave
them alone, or an operator's price change would be undone at the next start.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, or_, select

from member_app.models import CatalogItem, Member
from member_app.services import games
from member_app.services.catalog_data import KINDS, Presentation, presentation, standard_items

SYNCED_FIELDS = ("program", "kind", "name_zh", "name_en", "points", "cash_fen",
                 "per_member_limit", "game")


def ensure_catalog(*, session: Session, items: tuple[dict[str, Any], ...] | None = None) -> int:
    """Insert the items whose code is not there yet; how many were added. Idempotent.

    Without `items`, the programmes' catalog files: known items are updated from them and
    items they no longer list are retired. With `items` (tests, tools), only those are added."""
    standard = items is None
    specs = standard_items() if items is None else items
    rows = {row.code: row for row in session.exec(select(CatalogItem)).all()}
    added = 0
    for spec in specs:
        if spec["kind"] not in KINDS:
            raise ValueError(f"catalog item {spec['code']}: unknown kind {spec['kind']}")
        existing = rows.get(spec["code"])
        if existing is not None:
            if standard and existing.managed_by == "file":
                _update(existing, spec)
            continue
        item = CatalogItem(**spec)
        if item.game is not None:
            games.check_game(item.game, item.points)
            item.seed, item.seed_commitment = games.new_seed()
        session.add(item)
        added += 1
    if standard:
        listed = {spec["code"] for spec in specs}
        for code, row in rows.items():
            if code not in listed and row.active and row.managed_by == "file":
                row.active = False
    session.flush()
    return added


def _update(row: CatalogItem, spec: dict[str, Any]) -> None:
    for field in SYNCED_FIELDS:
        value = spec.get(field)
        if getattr(row, field) != value:
            setattr(row, field, value)
    if row.game is not None and row.seed is None:
        row.seed, row.seed_commitment = games.new_seed()
    row.active = True


def items_for(*, session: Session, member: Member) -> list[CatalogItem]:
    return list(session.exec(
        select(CatalogItem)
        .where(CatalogItem.active,
               or_(col(CatalogItem.program).is_(None), CatalogItem.program == member.program))
        .order_by(col(CatalogItem.id))
    ).all())


def catalog(*, session: Session, member: Member) -> list[dict[str, Any]]:
    """The items this member can redeem, as the API shows them (SPEC 11 GET /catalog)."""
    return [describe(item) for item in items_for(session=session, member=member)]


def describe(item: CatalogItem) -> dict[str, Any]:
    shown = shown_as(item)
    row: dict[str, Any] = {
        "id": item.id, "code": item.code, "kind": item.kind,
        "name": item.name_zh, "names": {"zh": item.name_zh, "en": item.name_en},
        "notes": {"zh": shown.note_zh, "en": shown.note_en} if shown else None,
        "picture": shown.picture if shown else "gift",
        "points": item.points, "cash": _yuan(item.cash_fen), "cash_fen": item.cash_fen,
        "stock_left": item.stock, "per_member_limit": item.per_member_limit,
    }
    if item.game is not None:
        row["game"] = games.published(item.game, item.points, item.seed_commitment)
    return row


def shown_as(item: CatalogItem) -> Presentation | None:
    """The picture and line of detail: the item's own once an operator manages it, else its
    catalog file's (None for items neither has, such as tests' own)."""
    if item.managed_by == "operator" and item.picture is not None:
        return Presentation(item.picture, item.note_zh or "", item.note_en or "")
    return presentation(item.code)


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
