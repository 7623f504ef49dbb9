"""Operators run the redemption catalog (SPEC 12, issue #14): add and edit items of the four
spending ways, pause and resume them, raise and lower their stock.

- An item is checked by the catalog files' own loader (`catalog_data.check_item`), so the
  console's messages are the files' messages, naming the field.
- An item an operator made or edited is `managed_by = "operator"`: the catalog files stop
  syncing it (services/catalog.py), or the next start would undo the operator's change.
- Stock is what is left. An operator changes it by a number of units (`change`), never sets
  it: one conditional UPDATE adds the change only while the result stays between 0 and the
  maximum, the same kind of statement a redemption takes stock with. However many
  redemptions race with it, stock never goes below zero, that is, below what was redeemed;
  a change that would is refused (409 `stock_below_redeemed`) and changes nothing. Setting an
  absolute figure would overwrite what redemptions took between the operator's read and write.
- The odds and prizes of a game are not editable once published: members were shown them,
  with the seed's commitment, before they confirmed. A new game is a new item.
- Every change writes its audit entry, before and after, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from member_app.errors import Conflict, IdempotencyKeyReused, InvalidInput, NotFound
from member_app.models import AuditEntry, CatalogItem, Member, Operator, Redemption, id_of
from member_app.services import games
from member_app.services.audit import earlier_request, optional_reason, record_audit
from member_app.services.catalog import describe, shown_as
from member_app.services.catalog_data import MAX_POINTS, PROGRAMMES, check_item
from member_app.services.operators import require_admin

EDITABLE = ("name", "note", "picture", "points", "cash_fen", "per_member_limit", "active")
TAKEN = ("completed", "pending")  # redemptions holding stock (a released one gave it back)


def operator_catalog(*, session: Session, program: str | None = None) -> list[dict[str, Any]]:
    """Every item, paused ones too, with what is left and what was redeemed."""
    query = select(CatalogItem).order_by(col(CatalogItem.id))
    if program is not None:
        query = query.where(CatalogItem.program == _programme(program))
    items = session.exec(query).all()
    redeemed = dict(session.exec(
        select(Redemption.item_id, func.sum(Redemption.quantity))
        .where(col(Redemption.status).in_(TAKEN)).group_by(col(Redemption.item_id))).all())
    return [_operator_view(item, int(redeemed.get(id_of(item), 0) or 0)) for item in items]


def catalog_item(*, session: Session, code: str) -> dict[str, Any]:
    item = _find(session, code)
    return _operator_view(item, _redeemed(session, item))


def item_redemptions(*, session: Session, code: str, limit: int = 100) -> list[dict[str, Any]]:
    """The item's redemptions, newest first, with the member who made each."""
    item = _find(session, code)
    rows = session.exec(
        select(Redemption, Member.username)
        .join(Member, col(Member.id) == Redemption.member_id)
        .where(Redemption.item_id == item.id)
        .order_by(col(Redemption.id).desc()).limit(max(1, min(limit, 500)))).all()
    return [{"id": redemption.id, "member_id": redemption.member_id, "username": username,
             "quantity": redemption.quantity, "points_spent": redemption.points_spent,
             "cash_fen": redemption.cash_fen, "status": redemption.status,
             "created_at": redemption.created_at.isoformat()} for redemption, username in rows]


def create_item(*, session: Session, operator: Operator, program: str, spec: dict[str, Any],
                reason: str = "", now: datetime,
                request_key: str | None = None) -> dict[str, Any]:
    """A new item; `spec` has a catalog file's item fields (code, kind, points, cash_fen,
    name {zh, en}, note {zh, en}, picture, stock, per_member_limit, game). The same
    `request_key` again answers the item it made."""
    require_admin(operator)
    programme = _programme(program)
    checked = check_item(spec, "item", programme)
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action="catalog.create")
    if earlier is not None:
        _same_subject(earlier, f"catalog:{checked['code']}")
        return catalog_item(session=session, code=checked["code"])
    if session.exec(select(CatalogItem.id).where(CatalogItem.code == checked["code"])
                    ).first() is not None:
        raise Conflict(f"code {checked['code']!r} is taken: codes are unique and kept by past "
                       "redemptions", code="code_taken")
    item = CatalogItem(
        code=checked["code"], program=programme, kind=checked["kind"],
        name_zh=checked["name_zh"], name_en=checked["name_en"], points=checked["points"],
        cash_fen=checked["cash_fen"], stock=checked["stock"],
        per_member_limit=checked["per_member_limit"], game=checked["game"],
        managed_by="operator", picture=checked["picture"], note_zh=checked["note_zh"],
        note_en=checked["note_en"])
    if item.game is not None:
        item.seed, item.seed_commitment = games.new_seed()
    session.add(item)
    session.flush()
    view = _operator_view(item, 0)
    record_audit(session=session, operator=operator, action="catalog.create",
                 subject=_subject(item), before=None, after=_audited(view),
                 reason=optional_reason(reason), now=now, request_key=request_key)
    return view


def edit_item(*, session: Session, operator: Operator, code: str, changes: dict[str, Any],
              reason: str = "", now: datetime) -> dict[str, Any]:
    """Change some of EDITABLE; the whole item is checked again as a file's item would be."""
    require_admin(operator)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"{unknown[0]}: not editable (one of {', '.join(EDITABLE)}; stock "
                           "changes by units, and a game's odds are fixed once published)")
    if not changes:
        raise InvalidInput("nothing to change: give at least one of " + ", ".join(EDITABLE))
    item = _find(session, code, lock=True)
    active = changes.get("active", item.active)
    if not isinstance(active, bool):
        raise InvalidInput("active: true or false")
    current = _as_file_item(item)
    merged = {**current, **{key: value for key, value in changes.items() if key != "active"}}
    if merged.get("per_member_limit") is None:
        merged.pop("per_member_limit", None)
    checked = check_item(merged, f"item {item.code}", item.program or "jd")
    before = _audited(_operator_view(item, 0))
    if not any(_differs(key, value, before) for key, value in changes.items()):
        return _operator_view(item, _redeemed(session, item))  # a double tap, a retry
    item.name_zh, item.name_en = checked["name_zh"], checked["name_en"]
    item.note_zh, item.note_en = checked["note_zh"], checked["note_en"]
    item.picture, item.points = checked["picture"], checked["points"]
    item.cash_fen, item.per_member_limit = checked["cash_fen"], checked["per_member_limit"]
    item.active, item.managed_by = active, "operator"
    session.add(item)
    session.flush()
    view = _operator_view(item, _redeemed(session, item))
    after = _audited(view)
    changed = sorted(key for key in after if after[key] != before[key])
    record_audit(session=session, operator=operator, action="catalog.edit",
                 subject=_subject(item), before={key: before[key] for key in changed},
                 after={key: after[key] for key in changed}, reason=optional_reason(reason),
                 now=now)
    return view


def change_stock(*, session: Session, operator: Operator, code: str, change: int,
                 reason: str = "", now: datetime,
                 request_key: str | None = None) -> dict[str, Any]:
    """Add `change` units (negative: remove) to what is left, atomically. The same
    `request_key` again answers the item as it is now, and changes nothing."""
    require_admin(operator)
    if isinstance(change, bool) or not isinstance(change, int) or change == 0 \
            or abs(change) > MAX_POINTS:
        raise InvalidInput(f"change: a whole number of units, not 0, from -{MAX_POINTS:,} "
                           f"to {MAX_POINTS:,}")
    # Locked (on PostgreSQL; SQLite's writers take turns anyway), so two deliveries of one
    # key take turns and the second finds the first's audit entry.
    item = _find(session, code, lock=True)
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action="catalog.stock")
    if earlier is not None:
        _same_subject(earlier, _subject(item))
        if earlier.after.get("change") != change:
            raise IdempotencyKeyReused("Idempotency-Key: already used for another change",
                                       code="idempotency_key_reused")
        return catalog_item(session=session, code=code)
    if item.stock is None:
        raise Conflict(f"{item.code} has no stock limit", code="unlimited_stock")
    stock = col(CatalogItem.stock)
    left = session.exec(
        update(CatalogItem)
        .where(col(CatalogItem.id) == item.id, stock.is_not(None), stock + change >= 0,
               stock + change <= MAX_POINTS)
        .values(stock=stock + change)
        .returning(stock)).scalar_one_or_none()
    session.expire(item)
    if left is None:
        now_left = _find(session, code).stock
        raise Conflict(f"cannot remove {-change:,}: {now_left:,} left, the rest is redeemed"
                       if change < 0 else f"stock cannot pass {MAX_POINTS:,}",
                       code="stock_below_redeemed" if change < 0 else "stock_too_large")
    record_audit(session=session, operator=operator, action="catalog.stock",
                 subject=_subject(item), before={"stock_left": left - change},
                 after={"stock_left": left, "change": change}, reason=optional_reason(reason),
                 now=now, request_key=request_key)
    return catalog_item(session=session, code=code)


def _differs(key: str, value: Any, before: dict[str, Any]) -> bool:
    stored = {"name": before["names"], "note": before["notes"]}.get(key, before.get(key))
    return bool(stored != value)


def _same_subject(earlier: AuditEntry, subject: str) -> None:
    if earlier.subject != subject:
        raise IdempotencyKeyReused("Idempotency-Key: already used for another item",
                                   code="idempotency_key_reused")


def _operator_view(item: CatalogItem, redeemed: int) -> dict[str, Any]:
    return {**describe(item), "program": item.program, "active": item.active,
            "managed_by": item.managed_by, "redeemed": redeemed}


def _audited(view: dict[str, Any]) -> dict[str, Any]:
    """What an audit entry keeps of an item: its content, not the published game."""
    keys = ("code", "program", "kind", "names", "notes", "picture", "points", "cash_fen",
            "stock_left", "per_member_limit", "active", "managed_by")
    return {key: view[key] for key in keys}


def _as_file_item(item: CatalogItem) -> dict[str, Any]:
    shown = shown_as(item)
    raw: dict[str, Any] = {
        "code": item.code, "kind": item.kind, "points": item.points, "cash_fen": item.cash_fen,
        "name": {"zh": item.name_zh, "en": item.name_en},
        "note": {"zh": shown.note_zh if shown else item.name_zh,
                 "en": shown.note_en if shown else item.name_en},
        "picture": shown.picture if shown else "gift",
        "per_member_limit": item.per_member_limit,
    }
    if item.game is not None:
        raw["game"] = item.game
    return raw


def _redeemed(session: Session, item: CatalogItem) -> int:
    total = session.exec(select(func.sum(Redemption.quantity))
                         .where(Redemption.item_id == item.id,
                                col(Redemption.status).in_(TAKEN))).one()
    return int(total or 0)


def _find(session: Session, code: str, *, lock: bool = False) -> CatalogItem:
    query = select(CatalogItem).where(CatalogItem.code == str(code))
    item = session.exec(query.with_for_update() if lock else query).first()
    if item is None:
        raise NotFound(f"catalog item {code!r} not found", code="unknown_item")
    return item


def _programme(program: str) -> str:
    if program not in PROGRAMMES:
        raise InvalidInput(f"program: one of {', '.join(PROGRAMMES)}")
    return program


def _subject(item: CatalogItem) -> str:
    return f"catalog:{item.code}"

