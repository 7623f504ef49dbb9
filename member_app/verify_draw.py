"""Recompute one game draw from what the member was shown (no database, no server):

    python -m member_app.verify_draw --game scratch_card --redemption 12 \\
        --seed <revealed ticket seed> --commitment <commitment shown before the draw>
    (add --guess 87 for a guess-the-price game, --ticket n for the n-th of several tickets)

It checks sha256(seed) against the commitment, then draws as services/games.py does from the
game's published table in member_app/catalogs/*.toml, and prints the result. Exit 0 when the
commitment matches, 1 when it does not, 2 for bad input (one line, never a traceback).
"""

from __future__ import annotations

import argparse
import sys

from member_app.errors import AppError
from member_app.services import games
from member_app.services.catalog_data import standard_items


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m member_app.verify_draw")
    parser.add_argument("--game", required=True, help="the game's code, e.g. scratch_card")
    parser.add_argument("--redemption", type=int, required=True, help="the redemption number")
    parser.add_argument("--seed", required=True, help="the ticket seed revealed after the draw")
    parser.add_argument("--commitment", required=True, help="the commitment shown before")
    parser.add_argument("--ticket", type=int, default=0)
    parser.add_argument("--guess", type=int, default=None, help="your guess, in yuan")
    args = parser.parse_args(argv)
    try:
        item = next((i for i in standard_items() if i["code"] == args.game and "game" in i),
                    None)
        if item is None:
            raise AppError(f"--game: no game with the code {args.game!r}")
        game = item["game"]
        if games.game_type(game) == games.GUESS:
            if args.guess is None:
                raise AppError("--guess: required for a guess-the-price game")
            games.check_guess(game, args.guess)
        result = games.draw(game, args.seed, args.redemption, args.ticket, args.guess)
    except AppError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    matches = games.commitment_of(args.seed) == args.commitment.strip().lower()
    roll = games.roll(args.seed, args.redemption, args.ticket, games.modulus(game))
    print(f"commitment: {'matches' if matches else 'DOES NOT MATCH'} sha256(seed)")
    print(f"roll: HMAC-SHA256(seed, '{args.redemption}:{args.ticket}') mod "
          f"{games.modulus(game)} = {roll}")
    if result.price is not None:
        print(f"price drawn: {result.price} yuan; your guess: {args.guess} yuan")
    print(f"prize: {result.prize} points")
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
