"""SPEC 3's order subsidy, written again from the spec for tests (independent of rules): the
first 8 bytes of sha256(event id), big-endian, mod 6 (0-5 points)."""

from __future__ import annotations

import hashlib


def subsidy_drawn(event_id: str) -> int:
    return int.from_bytes(hashlib.sha256(event_id.encode()).digest()[:8], "big") % 6


def id_drawing(points: int, prefix: str) -> str:
    """The first event id `<prefix><n>` whose order subsidy is `points`."""
    return next(f"{prefix}{n}" for n in range(1000) if subsidy_drawn(f"{prefix}{n}") == points)
