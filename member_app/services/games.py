"""Activity tickets (SPEC 6.3): games with published odds, drawn fairly and verifiably.

A game is data, one of two types:
- scratch: prizes with weights; a ticket wins prize i with odds weight_i / total weight.
- guess: a price drawn uniformly from the whole yuan amounts price_min..price_max (N of them);
  the member guesses first and wins the first tier whose `within` the guess is off by at most.
  The published odds are those of the best guess (one at least the widest `within` away from
  either end of the range): tier k covers 2*within_k + 1 prices, minus those of the tiers
  inside it, out of N.
The odds and the expected payout are published with the catalog and checked to be BELOW the
fee (a points sink).

Draws are commit-reveal, one seed per ticket. Each game has a secret master seed; the ticket
seed of a purchase is HMAC-SHA256(master seed, "ticket:<member id>:<idempotency key>"), fixed
the moment the confirmation sheet makes its key. Its commitment, sha256(ticket seed), is shown
before the member confirms; after the draw the ticket seed itself is revealed (it tells
nothing about the master seed or any other ticket), and anyone can recompute the n-th draw of
redemption r:
    roll = int(HMAC-SHA256(ticket seed, "<r>:<n>"), big-endian) mod (total weight | N)
which `verify_draw` does, and `python -m member_app.verify_draw` on the command line.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from member_app.errors import GuessRefused, InvalidInput

SCRATCH = "scratch"
GUESS = "guess"
RULE = "HMAC-SHA256(ticket seed, '<redemption id>:<ticket>') mod {modulus}"


@dataclass(frozen=True)
class Draw:
    """One ticket's result: the prize, and for a guess the price drawn."""

    prize: int
    price: int | None = None


def new_seed() -> tuple[str, str]:
    """(secret seed, public commitment)."""
    seed = secrets.token_hex(32)
    return seed, commitment_of(seed)


def commitment_of(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def ticket_seed(master_seed: str, member_id: int, key: str) -> str:
    """The seed of one purchase (one idempotency key of one member)."""
    message = f"ticket:{member_id}:{key}".encode()
    return hmac.new(master_seed.encode(), message, hashlib.sha256).hexdigest()


def ticket_commitment(master_seed: str, member_id: int, key: str) -> str:
    """What the member is shown before confirming: sha256 of the ticket seed."""
    return commitment_of(ticket_seed(master_seed, member_id, key))


def game_type(game: dict[str, Any]) -> str:
    return str(game.get("type", SCRATCH))


# What a published game may hold: members are shown it as it is, so nothing unknown; and
# figures bounded, since a draw reduces a 256-bit HMAC by the total weight or the price count
# (a total near 2**256 would make the published odds false).
GAME_KEYS = {SCRATCH: {"type", "prizes"}, GUESS: {"type", "price_min", "price_max", "tiers"}}
PART_KEYS = {SCRATCH: {"points", "weight"}, GUESS: {"within", "points"}}
MAX_FIGURE = 2**31 - 1


def check_game(game: Any, fee: int) -> None:
    """A game the catalog may publish: well formed, and paying out less than its fee."""
    if not isinstance(game, dict) or game_type(game) not in (SCRATCH, GUESS):
        raise InvalidInput("game: a table with type scratch or guess")
    kind = game_type(game)
    unknown = sorted(set(game) - GAME_KEYS[kind])
    if unknown:
        raise InvalidInput(f"game: unknown field {unknown[0]!r}")
    parts = game.get("prizes" if kind == SCRATCH else "tiers")
    if isinstance(parts, list):
        for part in parts:
            if isinstance(part, dict) and set(part) - PART_KEYS[kind]:
                raise InvalidInput(f"game: each of its {'prizes' if kind == SCRATCH else 'tiers'}"
                                   f" has only {' and '.join(sorted(PART_KEYS[kind]))}")
            if isinstance(part, dict) and any(
                    _whole(value) and not 0 <= value <= MAX_FIGURE for value in part.values()):
                raise InvalidInput(f"game: figures from 0 to {MAX_FIGURE:,}")
    if any(_whole(game.get(key)) and not 0 <= game[key] <= MAX_FIGURE
           for key in ("price_min", "price_max")):
        raise InvalidInput(f"game: figures from 0 to {MAX_FIGURE:,}")
    if kind == SCRATCH:
        prizes = game.get("prizes") or []
        if not isinstance(prizes, list) or not prizes or not all(
                isinstance(p, dict) and _whole(p.get("weight")) and p["weight"] > 0
                and _whole(p.get("points")) and p["points"] >= 0 for p in prizes):
            raise InvalidInput("game: prizes need positive weights and non-negative points")
    else:
        _check_guess(game)
    if expected_value(game) >= fee:
        raise InvalidInput("game: the expected payout must be below the fee")


def _check_guess(game: dict[str, Any]) -> None:
    low, high, tiers = game.get("price_min"), game.get("price_max"), game.get("tiers")
    if not (isinstance(low, int) and isinstance(high, int) and _whole(low) and _whole(high)
            and 0 < low < high):
        raise InvalidInput("game: price_min and price_max, whole yuan, 0 < price_min < price_max")
    if not isinstance(tiers, list) or not tiers or not all(
            isinstance(t, dict) and _whole(t.get("within")) and t["within"] >= 0
            and _whole(t.get("points")) and t["points"] > 0 for t in tiers):
        raise InvalidInput("game: tiers need a whole `within` >= 0 and points above 0")
    withins = [t["within"] for t in tiers]
    if withins != sorted(set(withins)):
        raise InvalidInput("game: tiers in increasing `within`, each once")
    if 2 * withins[-1] + 1 >= high - low + 1:
        raise InvalidInput("game: the widest tier must be narrower than the price range")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def odds(game: dict[str, Any]) -> list[tuple[int, Decimal]]:
    """(prize points, probability) of every outcome, losing included (for a guess: at best)."""
    if game_type(game) == SCRATCH:
        total = sum(p["weight"] for p in game["prizes"])
        return [(int(p["points"]), Decimal(p["weight"]) / total) for p in game["prizes"]]
    prices = price_count(game)
    lines, covered = [], 0
    for tier in game["tiers"]:
        width = 2 * tier["within"] + 1
        lines.append((int(tier["points"]), Decimal(width - covered) / prices))
        covered = width
    lines.append((0, Decimal(prices - covered) / prices))
    return lines


def price_count(game: dict[str, Any]) -> int:
    return int(game["price_max"]) - int(game["price_min"]) + 1


def expected_value(game: dict[str, Any]) -> Decimal:
    return sum((points * chance for points, chance in odds(game)), Decimal(0))


def modulus(game: dict[str, Any]) -> int:
    if game_type(game) == SCRATCH:
        return sum(int(p["weight"]) for p in game["prizes"])
    return price_count(game)


def published(game: dict[str, Any], fee: int, commitment: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "type": game_type(game),
        "fee": fee,
        "prizes": [{"points": points, "odds": f"{chance:.4f}"} for points, chance in odds(game)],
        "expected_value": f"{expected_value(game):.2f}",
        "seed_commitment": commitment,
        "draw": RULE.format(modulus=modulus(game)),
    }
    if game_type(game) == GUESS:
        row.update(price_min=game["price_min"], price_max=game["price_max"],
                   tiers=[{"within": t["within"], "points": t["points"]} for t in game["tiers"]])
    return row


def roll(seed: str, redemption_id: int, ticket: int, mod: int) -> int:
    digest = hmac.new(seed.encode(), f"{redemption_id}:{ticket}".encode(), hashlib.sha256)
    return int.from_bytes(digest.digest(), "big") % mod


def check_guess(game: dict[str, Any], guess: Any) -> int:
    """The member's guess for this game, or GuessRefused naming the allowed range."""
    low, high = int(game["price_min"]), int(game["price_max"])
    if not _whole(guess) or not low <= guess <= high:
        raise GuessRefused(f"guess: a whole number of yuan from {low} to {high}")
    return int(guess)


def guess_prize(game: dict[str, Any], guess: int, price: int) -> int:
    for tier in game["tiers"]:
        if abs(guess - price) <= tier["within"]:
            return int(tier["points"])
    return 0


def draw(game: dict[str, Any], seed: str, redemption_id: int, ticket: int,
         guess: int | None = None) -> Draw:
    """One ticket's result under `seed` (the ticket seed)."""
    value = roll(seed, redemption_id, ticket, modulus(game))
    if game_type(game) == GUESS:
        if guess is None:
            raise InvalidInput("guess: required for this game")
        price = int(game["price_min"]) + value
        return Draw(guess_prize(game, guess, price), price)
    for prize in game["prizes"]:
        if value < prize["weight"]:
            return Draw(int(prize["points"]))
        value -= prize["weight"]
    raise AssertionError("unreachable: roll below the total weight")


def verify_draw(game: dict[str, Any], seed: str, commitment: str, redemption_id: int,
                ticket: int, claimed: int, guess: int | None = None) -> bool:
    return (commitment_of(seed) == commitment
            and draw(game, seed, redemption_id, ticket, guess).prize == claimed)
