"""The redemption catalog (SPEC 6): what a member may buy with points, and seeding it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, or_, select

from member_app.models import CatalogItem, Member
from member_app.services import games
from member_app.services.catalog_data import STANDARD_ITEMS

KINDS = ("own", "points_cash", "activity", "jd_bean")


def ensure_catalog(*, session: Session, items: tuple[dict[str, Any], ...] = STANDARD_ITEMS) -> int:
    """Insert the items whose code is not there yet; how many were added. Idempotent."""
    known = set(session.exec(select(CatalogItem.code)).all())
    added = 0
    for spec in items:
        if spec["code"] in known:
            continue
        if spec["kind"] not in KINDS:
            raise ValueError(f"catalog item {spec['code']}: unknown kind {spec['kind']}")
        item = CatalogItem(**spec)
        if item.game is not None:
            games.check_game(item.game, item.points)
            item.seed, item.seed_commitment = games.new_seed()
        session.add(item)
        added += 1
    session.flush()
    return added


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
    row: dict[str, Any] = {
        "id": item.id, "code": item.code, "kind": item.kind,
        "name": item.name_zh, "names": {"zh": item.name_zh, "en": item.name_en},
        "points": item.points, "cash": _yuan(item.cash_fen), "cash_fen": item.cash_fen,
        "stock_left": item.stock, "per_member_limit": item.per_member_limit,
    }
    if item.game is not None:
        row["game"] = games.published(item.game, item.points, item.seed_commitment)
    return row


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
