"""Activity tickets (SPEC 6.3): games with published odds, drawn fairly and auditably.

A game is data: its prizes with weights. The odds (weight / total) and the expected payout are
published with the catalog and are checked to be BELOW the fee (a points sink). Draws are
commit-reveal: each game has a secret server seed whose sha256 (the commitment) is published
before any draw; the n-th ticket of redemption r draws
    HMAC-SHA256(seed, f"{r}:{n}") as an integer  mod  total weight
so the operator cannot choose outcomes after the fact, and once the seed is revealed anyone can
recompute every draw (`verify_draw`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from decimal import Decimal
from typing import Any

from member_app.errors import InvalidInput


def new_seed() -> tuple[str, str]:
    """(secret seed, public commitment)."""
    seed = secrets.token_hex(32)
    return seed, commitment_of(seed)


def commitment_of(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def check_game(game: dict[str, Any], fee: int) -> None:
    prizes = game.get("prizes") or []
    if not prizes or any(p["weight"] <= 0 or p["points"] < 0 for p in prizes):
        raise InvalidInput("game: prizes need positive weights and non-negative points")
    if expected_value(game) >= fee:
        raise InvalidInput("game: the expected payout must be below the fee")


def expected_value(game: dict[str, Any]) -> Decimal:
    total: int = sum(p["weight"] for p in game["prizes"])
    return sum((Decimal(p["points"] * p["weight"]) for p in game["prizes"]), Decimal(0)) / total


def published(game: dict[str, Any], fee: int, commitment: str | None) -> dict[str, Any]:
    total = sum(p["weight"] for p in game["prizes"])
    return {
        "fee": fee,
        "prizes": [{"points": p["points"], "odds": f"{Decimal(p['weight']) / total:.4f}"}
                   for p in game["prizes"]],
        "expected_value": f"{expected_value(game):.2f}",
        "seed_commitment": commitment,
        "draw": "HMAC-SHA256(seed, '<redemption id>:<ticket>') mod total weight",
    }


def draw(game: dict[str, Any], seed: str, redemption_id: int, ticket: int) -> int:
    """The prize (points) of one ticket."""
    digest = hmac.new(seed.encode(), f"{redemption_id}:{ticket}".encode(), hashlib.sha256)
    roll = int.from_bytes(digest.digest(), "big") % sum(p["weight"] for p in game["prizes"])
    for prize in game["prizes"]:
        if roll < prize["weight"]:
            return int(prize["points"])
        roll -= prize["weight"]
    raise AssertionError("unreachable: roll below the total weight")


def verify_draw(game: dict[str, Any], seed: str, commitment: str, redemption_id: int,
                ticket: int, claimed: int) -> bool:
    return commitment_of(seed) == commitment and draw(game, seed, redemption_id, ticket) == claimed
