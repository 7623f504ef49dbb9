"""The programmes' redemption catalogs (SPEC 6 spending ways), as data: member_app/catalogs/*.toml.

Each file is one programme's catalog. Loading checks every item and names the file, the item
and the field of the first problem (`CatalogError`), so a bad edit fails `migrate` with one
line instead of seeding something half right. Prices are the programme's points; `cash_fen`
is the cash leg of points + cash goods. Games publish their prizes (services/games.py).

`standard_items()` gives the items as rows of the `catalog_item` table (names flattened to
name_zh/name_en); `presentation(code)` what only the screens need (picture, a line of detail).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from member_app.errors import InvalidInput
from member_app.services import games

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs"
PROGRAMMES = ("jd", "fliggy", "alipay")
KINDS = ("own", "points_cash", "activity", "jd_bean")
# The drawings of member_app/components/item_picture.py (tests check the two agree).
PICTURES = ("ecard", "video", "tree", "earbuds", "scratch", "guess", "coupon", "cash", "phone",
            "data", "lounge", "hotel", "car", "luggage", "plane", "red_packet", "fee_waiver",
            "gift", "flask")
ITEM_KEYS = {"code", "kind", "points", "cash_fen", "name", "note", "picture", "stock",
             "per_member_limit", "game"}
MAX_POINTS = 10_000_000


class CatalogError(InvalidInput):
    """A catalog file that cannot be used as it is; the message names where and why."""

    code = "invalid_catalog"


@dataclass(frozen=True)
class Presentation:
    picture: str
    note_zh: str
    note_en: str


def standard_items() -> tuple[dict[str, Any], ...]:
    """Every programme's items as `catalog_item` rows, in file order (JD, Fliggy, Alipay)."""
    return tuple(_row(item) for item in _checked_items())


def presentation(code: str) -> Presentation | None:
    return _presentations().get(code)


@cache
def _checked_items() -> tuple[dict[str, Any], ...]:
    items: list[dict[str, Any]] = []
    for programme in PROGRAMMES:
        items.extend(_load(_read(CATALOG_DIR / f"{programme}.toml"),
                           f"member_app/catalogs/{programme}.toml", programme))
    _unique_codes(items, "member_app/catalogs")
    return tuple(items)


@cache
def _presentations() -> dict[str, Presentation]:
    return {item["code"]: Presentation(item["picture"], item["note_zh"], item["note_en"])
            for item in _checked_items()}


def load_catalog_text(text: str, source: str, programme: str) -> list[dict[str, Any]]:
    """One programme's catalog file as table rows; CatalogError names the first problem."""
    return [_row(item) for item in _load(text, source, programme)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogError(f"{path}: cannot be read ({error.strerror})") from None


def _load(text: str, source: str, programme: str) -> list[dict[str, Any]]:
    try:
        root = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{source}: not valid TOML ({error})") from None
    if root.get("programme") != programme:
        raise CatalogError(f"{source}: programme must be {programme!r} (the file name)")
    raw_items = root.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise CatalogError(f"{source}: needs at least one [[items]] table")
    items = [_item(raw, f"{source}: items[{index}]", programme)
             for index, raw in enumerate(raw_items)]
    _unique_codes(items, source)
    return items


def _unique_codes(items: list[dict[str, Any]], source: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item["code"] in seen:
            raise CatalogError(f"{source}: item code {item['code']!r} appears twice")
        seen.add(item["code"])


def check_item(raw: Any, where: str, programme: str) -> dict[str, Any]:
    """One item as a file holds it, checked: the row and its presentation; CatalogError names
    `where` and the field. Operators' items go through the same check (services.ops_catalog)."""
    return _item(raw, where, programme)


def _item(raw: Any, where: str, programme: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: must be a table")
    code = raw.get("code")
    if not isinstance(code, str) or not code.replace("_", "").isalnum() or not code.isascii() \
            or not 0 < len(code) <= 64:
        raise CatalogError(f"{where}: code: letters, digits and _ (at most 64)")
    where = f"{where} ({code})"
    unknown = sorted(set(raw) - ITEM_KEYS)
    if unknown:
        raise CatalogError(f"{where}: unknown field {unknown[0]!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CatalogError(f"{where}: kind: one of {', '.join(KINDS)}")
    if kind == "jd_bean" and programme != "jd":
        raise CatalogError(f"{where}: kind: jd_bean items are JD's only")
    points = _whole(raw.get("points"), f"{where}: points", low=1, high=MAX_POINTS)
    cash_fen = _whole(raw.get("cash_fen", 0), f"{where}: cash_fen", low=0, high=100_000_000)
    if (kind == "points_cash") != (cash_fen > 0):
        raise CatalogError(f"{where}: cash_fen: above 0 exactly for points_cash items")
    stock = raw.get("stock")
    limit = raw.get("per_member_limit")
    game = raw.get("game")
    if (kind == "activity") != (game is not None):
        raise CatalogError(f"{where}: game: required for activity items, and only for them")
    if game is not None:
        try:
            games.check_game(game, points)
        except InvalidInput as error:
            raise CatalogError(f"{where}: {error.detail}") from None
    picture = raw.get("picture")
    if picture not in PICTURES:
        raise CatalogError(f"{where}: picture: one of {', '.join(PICTURES)}")
    name_zh, name_en = _names(raw.get("name"), f"{where}: name", 128)
    note_zh, note_en = _names(raw.get("note"), f"{where}: note", 200)
    return {
        "code": code, "kind": kind, "program": programme, "points": points,
        "cash_fen": cash_fen, "name_zh": name_zh, "name_en": name_en,
        "stock": None if stock is None else _whole(stock, f"{where}: stock", low=0,
                                                   high=MAX_POINTS),
        "per_member_limit": None if limit is None else _whole(
            limit, f"{where}: per_member_limit", low=1, high=1000),
        "game": game, "picture": picture, "note_zh": note_zh, "note_en": note_en,
    }


def _row(item: dict[str, Any]) -> dict[str, Any]:
    """The columns of `catalog_item` (picture and note live in the file only)."""
    row = {key: value for key, value in item.items()
           if key not in ("picture", "note_zh", "note_en")}
    if row["game"] is None:
        del row["game"]
    return row


def _whole(value: Any, where: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CatalogError(f"{where}: a whole number from {low:,} to {high:,}")
    return value


def _names(value: Any, where: str, longest: int) -> tuple[str, str]:
    if not isinstance(value, dict) or set(value) != {"zh", "en"}:
        raise CatalogError(f"{where}: a table with zh and en")
    texts = (value["zh"], value["en"])
    # No NUL: PostgreSQL text cannot hold one (operators type these in the console).
    if not all(isinstance(text, str) and 0 < len(text.strip()) <= longest and "\x00" not in text
               for text in texts):
        raise CatalogError(f"{where}: zh and en, each 1 to {longest} characters")
    return texts[0].strip(), texts[1].strip()
