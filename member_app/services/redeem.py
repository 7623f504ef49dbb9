"""Redeeming catalog items for points (SPEC 6), once per Idempotency-Key (SPEC 11).

Inside one transaction, with the member's account locked: sync the ledger, check the
per-member limit, take stock with a conditional UPDATE (never below zero), spend the points
with a conditional UPDATE (never below zero), draw game tickets, and charge the cash leg LAST,
so a declined card rolls everything back. The charge's order id is derived from the member and
the Idempotency-Key, and the provider is idempotent by order id: a retry after a lost commit
finds the same charge instead of taking money twice. A PENDING charge is not an error: the
redemption is kept as `pending` with its stock taken and its points spent (the hold) and
answered 202; `services.payments.confirm_payment` later completes or releases it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from member_app.errors import (
    Conflict,
    InvalidInput,
    LimitReached,
    NotFound,
    OutOfStock,
    PaymentFailed,
)
from member_app.models import CatalogItem, Member, Redemption, id_of
from member_app.payments import get_provider
from member_app.services import games
from member_app.services.catalog import shown_as
from member_app.services.idempotency import Outcome, run_once
from member_app.services.payment_orders import PENDING, record_charge
from member_app.services.points import balance_of, credit_via_event, locked_standing, spend

MAX_QUANTITY = 100


def redeem(*, session: Session, member: Member, item_id: int, quantity: int,
           idempotency_key: str | None, now: datetime, payment_token: str | None = None,
           guess: int | None = None, shown_price: tuple[int, int] | None = None) -> Outcome:
    """201 {id, points_spent, balance, cash_fen, status: completed, prizes?, draw?}; 202 the
    same with status pending and the order_id when the cash leg is pending (stock and points
    held until services.payments.confirm_payment); 409 insufficient_points, out_of_stock,
    limit_reached, payment_declined; 404 unknown item (all replayed per key).

    A game's answer has `prizes` (one per ticket) and `draw`: the ticket seed, revealed, with
    the commitment the member was shown before confirming (services.games); a guess game
    takes the member's `guess` (whole yuan) and answers the drawn `prices` too.

    `shown_price` is (points, cash_fen) as the member saw it before confirming: operators
    change prices live (services.ops_catalog), and a member is never charged a price they
    were not shown. If the item's price is no longer that, 409 `price_changed` and nothing
    is spent."""
    item_id = _positive_int(item_id, "item_id", 2**31 - 1)
    quantity = _positive_int(quantity, "quantity", MAX_QUANTITY)
    if payment_token is not None and (not isinstance(payment_token, str)
                                      or len(payment_token) > 64):
        raise InvalidInput("payment_token: a string of at most 64 characters")
    if guess is not None and (isinstance(guess, bool) or not isinstance(guess, int)):
        raise InvalidInput("guess: a whole number of yuan")
    params: dict[str, Any] = {"item_id": item_id, "quantity": quantity,
                              "payment_token": payment_token}
    if guess is not None:  # kept out otherwise, so earlier keys replay as before
        params["guess"] = guess
    if shown_price is not None:  # the same: absent from keys made before it existed
        if not all(isinstance(part, int) and not isinstance(part, bool) and part >= 0
                   for part in shown_price) or len(shown_price) != 2:
            raise InvalidInput("shown_price: (points, cash_fen), whole numbers")
        params["shown_price"] = list(shown_price)
    key_digest = hashlib.sha256(str(idempotency_key).encode()).hexdigest()[:32]
    order_id = f"redeem-{member.id}-{key_digest}"
    return run_once(
        session=session, member=member, key=idempotency_key, scope="redeem", params=params,
        now=now, status=201,
        action=lambda: _redeem(session, member, item_id, quantity, now, payment_token, order_id,
                               guess, str(idempotency_key), shown_price),
    )


def _positive_int(value: Any, name: str, upper: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= upper:
        raise InvalidInput(f"{name}: an integer from 1 to {upper}")
    return value


def _redeem(session: Session, member: Member, item_id: int, quantity: int, now: datetime,
            payment_token: str | None, order_id: str, guess: int | None, key: str,
            shown_price: tuple[int, int] | None = None) -> dict[str, Any] | Outcome:
    item = session.get(CatalogItem, item_id)
    if item is None or not item.active or item.program not in (None, member.program):
        raise NotFound(f"catalog item {item_id} not found", code="unknown_item")
    if shown_price is not None and tuple(shown_price) != (item.points, item.cash_fen):
        raise Conflict(f"the price changed: now {item.points} points"
                       + (f" and {item.cash_fen} fen" if item.cash_fen else ""),
                       code="price_changed")
    is_guess = item.game is not None and games.game_type(item.game) == games.GUESS
    if is_guess:
        assert item.game is not None
        guess = games.check_guess(item.game, guess)
    else:
        # The schema cannot say "guess only for guess-the-price items" (one request body for
        # every item), so a guess sent with another item is ignored rather than refused: the
        # API then does what its schema promises (checked by e2e/test_api_fuzz.py).
        guess = None
    locked_standing(session=session, member=member, now=now)
    if item.per_member_limit is not None:
        used = session.exec(select(func.coalesce(func.sum(Redemption.quantity), 0)).where(
            Redemption.member_id == member.id, Redemption.item_id == item.id,
            Redemption.status != "released")).one()
        if used + quantity > item.per_member_limit:
            raise LimitReached(f"at most {item.per_member_limit} per member; "
                               f"{used} already redeemed")
    if item.stock is not None:
        taken = session.exec(
            update(CatalogItem)
            .where(col(CatalogItem.id) == item.id, col(CatalogItem.stock) >= quantity)
            .values(stock=col(CatalogItem.stock) - quantity))
        if taken.rowcount != 1:
            raise OutOfStock(f"{item.name_en}: not enough stock left")
    redemption = Redemption(member_id=id_of(member), item_id=id_of(item), quantity=quantity,
                            points_spent=item.points * quantity,
                            cash_fen=item.cash_fen * quantity, created_at=now)
    session.add(redemption)
    session.flush()
    balance = spend(session=session, member=member, points=redemption.points_spent,
                    reason="redeem", ref=f"redemption:{redemption.id}", now=now)
    body: dict[str, Any] = {"id": redemption.id, "item_id": item.id, "quantity": quantity,
                            "points_spent": redemption.points_spent, "balance": balance,
                            "cash_fen": redemption.cash_fen, "status": "completed"}
    if item.game is not None and item.seed is not None:
        seed = games.ticket_seed(item.seed, id_of(member), key)
        draws = [games.draw(item.game, seed, id_of(redemption), n, guess)
                 for n in range(quantity)]
        prizes = [d.prize for d in draws]
        proof = {"seed": seed, "commitment": games.commitment_of(seed),
                 "redemption_id": redemption.id, "rule": games.RULE.format(
                     modulus=games.modulus(item.game))}
        redemption.outcome = {"prizes": prizes, "seed_commitment": item.seed_commitment,
                              "draw": proof}
        if is_guess:
            redemption.outcome.update(guess=guess, prices=[d.price for d in draws])
            body.update(guess=guess, prices=[d.price for d in draws])
        body["draw"] = proof
        if sum(prizes):
            credit_via_event(session=session, member=member, event_id=f"game:{redemption.id}",
                             task="game_prize", points=sum(prizes), now=now)
        body["prizes"] = prizes
        body["balance"] = balance_of(session=session, member_id=id_of(member))
    if redemption.cash_fen:
        charge = get_provider().charge(order_id=order_id, amount_fen=redemption.cash_fen,
                                       token=payment_token)
        if charge.status not in ("succeeded", PENDING):
            raise PaymentFailed(f"payment {charge.status}: {charge.reason}".rstrip(": "),
                                code="payment_declined")
        redemption.payment_ref = charge.provider_ref
        record_charge(session=session, member=member, charge=charge, purpose="redemption",
                      redemption_id=redemption.id, now=now)
        if charge.status == PENDING:
            # Keep the stock and the points spend (the hold) until the provider decides.
            redemption.status = PENDING
            session.flush()
            return Outcome(202, {**body, "status": PENDING, "order_id": order_id})
    session.flush()
    return body


HISTORY_PAGE = 10


def redemption_history(*, session: Session, member: Member, limit: int = HISTORY_PAGE,
                       offset: int = 0) -> tuple[list[dict[str, Any]], bool]:
    """The member's redemptions, newest first: (one page of rows, whether more follow).

    Each row: id, code, names, picture, quantity, points_spent, cash_fen, status (completed,
    pending, released), created_at, and for a game its outcome (prizes, draw proof, guess)."""
    rows = session.exec(
        select(Redemption, CatalogItem)
        .join(CatalogItem, col(CatalogItem.id) == col(Redemption.item_id))
        .where(Redemption.member_id == member.id)
        .order_by(col(Redemption.created_at).desc(), col(Redemption.id).desc())
        .offset(max(offset, 0)).limit(max(limit, 1) + 1)).all()
    page = [_history_row(redemption, item) for redemption, item in rows[:max(limit, 1)]]
    return page, len(rows) > max(limit, 1)


def _history_row(redemption: Redemption, item: CatalogItem) -> dict[str, Any]:
    shown = shown_as(item)
    return {
        "id": redemption.id, "code": item.code, "kind": item.kind,
        "names": {"zh": item.name_zh, "en": item.name_en},
        "picture": shown.picture if shown else "gift",
        "quantity": redemption.quantity, "points_spent": redemption.points_spent,
        "cash_fen": redemption.cash_fen, "status": redemption.status,
        "created_at": redemption.created_at, "outcome": redemption.outcome,
        "game": item.game,
    }
