"""Request bodies. Strict (no "5" for 5, no 1.5 or true for 1) and closed (unknown keys refused).

Each constraint a use case enforces on a field's own value is declared here too, with the
same bounds, so the OpenAPI schema states it and a request it calls valid is not refused
(SPEC 11). The use cases keep their checks: they are also called from the UI and the CLI.
What depends on the database or the clock (a member that exists, a birthday in the past, a
price within the coupon's face value) cannot be a schema constraint; descriptions say so.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema

from member_app.services.catalog_data import KINDS, PICTURES
from rules.program_files import PROGRAM_CODES

MAX_ID = 2**31 - 1  # the id columns' range (32-bit on PostgreSQL)
# Written with [0-9], not \d: both Python's and pydantic's \d take any Unicode digit ("٢").
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# What str.isprintable allows in a header value (HTTP decodes it as Latin-1): no control
# characters, no no-break space (U+00A0) or soft hyphen (U+00AD); not only spaces.
_HEADER_CHAR = r"[ -~\u00a1-\u00ac\u00ae-\u00ff]"
IDEMPOTENCY_KEY = rf"^{_HEADER_CHAR}*[!-~\u00a1-\u00ac\u00ae-\u00ff]{_HEADER_CHAR}*$"

# No NUL: PostgreSQL text cannot hold one.
NO_NUL = r"^[^\x00]*$"

# A reason that is kept and shown (to a seller, in the audit log): no NUL, which PostgreSQL
# text cannot hold, and at least one character that is neither a control character nor one
# that str.strip removes (the use cases strip, then need 1-500 characters). Spelled out
# rather than \s, whose meaning differs between Python, JSON Schema and pydantic's engine.
_BLANK = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
KEPT_REASON = rf"^[^\x00]*[^{_BLANK}][^\x00]*$"


def _whole(value: object) -> object:
    """674.0 as 674: JSON has one kind of number, and to JSON Schema (and to JavaScript, which
    cannot tell them apart) 674.0 IS the integer 674, so no schema can say it is refused.
    1.5, true, "5" and infinity are still refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WHOLE = BeforeValidator(_whole)  # last in an Annotated, so the bounds stay in the schema
Id = Annotated[int, Field(ge=1, le=MAX_ID), WHOLE]
Birthday = Annotated[str, Field(
    pattern=DAY, json_schema_extra={"format": "date"},
    description="YYYY-MM-DD, a real day from 1900-01-01 to today (a later one is refused "
                "with 422: no schema can say \"today\")")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class NewMember(Strict):
    username: str = Field(pattern=r"^[a-z0-9_]{3,32}$",
                          description="3-32 lowercase letters, digits or underscores")
    password: str = Field(min_length=8, max_length=1024)
    program: Literal[PROGRAM_CODES] | None = Field(  # type: ignore[valid-type]
        default=None, description="the programme to join; the server's default if absent")
    birthday: Birthday | None = None


class PasswordChange(Strict):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class RedemptionRequest(Strict):
    item_id: Id
    quantity: Annotated[int, Field(ge=1, le=100), WHOLE] = 1
    payment_token: str | None = Field(default=None, max_length=64)
    guess: Annotated[int | None, Field(default=None, ge=0, le=MAX_ID, description=(
        "a guess-the-price game only: the guess in whole yuan, within the game's published "
        "price_min..price_max (otherwise 422)")), WHOLE] = None
    shown_points: Annotated[int | None, Field(default=None, ge=0, le=MAX_ID, description=(
        "the price in points the member was shown; with shown_cash_fen, if the item's price "
        "is no longer that, 409 `price_changed` and nothing is spent")), WHOLE] = None
    shown_cash_fen: Annotated[int | None, Field(default=None, ge=0, le=MAX_ID, description=(
        "the cash part the member was shown, in fen (0 for a points-only item)")), WHOLE] = None


class ListingRequest(Strict):
    coupon_id: Id
    price: Annotated[int, Field(ge=1, le=MAX_ID, description="in points; at most the coupon's "
                                "face value (more is refused: `price_above_face_value`)"),
                     WHOLE]


class _Plus(Strict):
    code: str | None = Field(default=None, max_length=64)
    payment_token: str | None = Field(default=None, max_length=64)


class PlusAnnual(_Plus):
    plan: Literal["annual"]
    shown_fee_fen: Annotated[int | None, Field(default=None, ge=0, le=MAX_ID, description=(
        "the annual fee the member was shown, in fen (GET /me/plus `annual_fee_fen`); if the "
        "fee in force differs when the request arrives, 409 `price_changed` and nothing is "
        "charged")), WHOLE] = None


class PlusTrial(_Plus):
    plan: Literal["trial"]


class PlusByCode(_Plus):
    plan: Literal["code"]
    # services.plus: 4-64 characters once surrounding spaces are stripped.
    code: str = Field(max_length=64, pattern=r"^\s*\S[\s\S]{2,}\S\s*$",
                      description="the PLUS code, 4-64 characters besides surrounding spaces")


# One model per plan, so that the schema can say that plan "code" needs a code.
PlusRequest = Annotated[PlusAnnual | PlusTrial | PlusByCode, Field(discriminator="plan")]


class SettlementRequest(Strict):
    month: str = Field(pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$",
                       description="YYYY-MM, 2000-01 to 2100-12", examples=["2026-11"])


class BirthdayRequest(Strict):
    birthday: Birthday


class CollectRequest(Strict):
    # no NUL (PostgreSQL text cannot hold one), not blank
    bubble: str = Field(min_length=1, max_length=128, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$",
                        description="the id of the event that offered the bubble (GET /me)")


class CouponUseRequest(Strict):
    member: Id | str = Field(description="the member's id or username, as in events")
    # Printable ASCII: services.coupon_use refuses what is not printable, and "printable" in
    # all of Unicode is more than a schema pattern can say; the platform's ids are ASCII.
    order_id: str = Field(pattern=r"^[ -~]{1,128}$", description="the platform's order id")
    order_amount_fen: Annotated[int, Field(ge=1, le=10**12), WHOLE]
    category: str | None = Field(default=None, max_length=32)


class RiskFlagRequest(Strict):
    """An operator's risk assessment of a member (SPEC 12: stored as a `risk_flag` event)."""

    kind: Literal["reputation", "credit"]
    level: Literal["good", "fair", "poor"]
    # services.ops_members: 1-500 characters once surrounding spaces are stripped.
    reason: str = Field(max_length=500, pattern=KEPT_REASON,
                        description="why, for the audit log (1-500 characters)")


# The operators' catalog (services/ops_catalog.py checks items with the catalog files' loader;
# what depends on another field is stated in the descriptions: the kind decides cash_fen and
# game, and a game's prizes must fit its price).
_CODE = r"^[A-Za-z0-9_]*[A-Za-z0-9][A-Za-z0-9_]*$"
_TEXT = KEPT_REASON  # a name or note: shown to members, so the same rule


class ItemNames(Strict):
    zh: str = Field(max_length=128, pattern=_TEXT)
    en: str = Field(max_length=128, pattern=_TEXT)


class ItemNotes(Strict):
    zh: str = Field(max_length=200, pattern=_TEXT)
    en: str = Field(max_length=200, pattern=_TEXT)


_PICTURES = Literal[PICTURES]  # type: ignore[valid-type]
_POINTS = Annotated[int, Field(ge=1, le=10_000_000), WHOLE]
_CASH_FEN = Annotated[int, Field(ge=0, le=100_000_000,
                                 description="the cash leg in fen: above 0 exactly for "
                                             "points_cash items"), WHOLE]
_LIMIT = Annotated[int, Field(ge=1, le=1000), WHOLE]
_REASON = Field(default="", max_length=500, pattern=NO_NUL,
                description="why, for the audit log")


class NewCatalogItem(Strict):
    """An item of one of the four spending ways (SPEC 6), as a catalog file holds one."""

    program: Literal[PROGRAM_CODES]  # type: ignore[valid-type]
    code: str = Field(max_length=64, pattern=_CODE,
                      description="unique; letters, digits and _ (409 `code_taken`)")
    kind: Literal[KINDS] = Field(  # type: ignore[valid-type]
        description="jd_bean items are JD's only")
    points: _POINTS
    cash_fen: _CASH_FEN = 0
    name: ItemNames
    note: ItemNotes
    picture: _PICTURES
    stock: Annotated[int, Field(ge=0, le=10_000_000), WHOLE] | None = Field(
        default=None, description="units to sell; absent: no limit")
    per_member_limit: _LIMIT | None = None
    game: dict | None = Field(default=None, description="prizes and odds (services.games): "
                              "required for activity items, and only for them")
    reason: str = _REASON


class CatalogItemChanges(Strict):
    """Some of an item's content; the whole item is checked again. Stock changes by units
    (POST .../stock), and a game's odds are fixed once published."""

    name: ItemNames | None = None
    note: ItemNotes | None = None
    picture: _PICTURES | None = None
    points: _POINTS | None = None
    cash_fen: _CASH_FEN | None = None
    per_member_limit: _LIMIT | None = Field(default=None, description="null: no limit")
    active: bool | None = Field(default=None, description="false pauses the item, true "
                                "resumes it")
    reason: str = _REASON


class StockChange(Strict):
    change: Annotated[int, Field(ge=-10_000_000, le=10_000_000), WHOLE] = Field(
        description="units to add (negative: remove), not 0; what is left never goes below "
                    "0, that is, below what was redeemed (409 `stock_below_redeemed`)")
    reason: str = _REASON


class PlusCodeIssue(Strict):
    """Single-use PLUS codes, answered once (only their hashes are stored)."""

    count: Annotated[int, Field(ge=1, le=1000, description="codes to make"), WHOLE]
    days: Annotated[int, Field(ge=1, le=3660, description="days of PLUS each code opens"),
                    WHOLE]
    reason: str = Field(default="", max_length=500, pattern=NO_NUL,
                        description="why, for the audit log")


class ListingWithdrawal(Strict):
    reason: str = Field(max_length=500, pattern=KEPT_REASON,
                        description="why (1-500 characters): shown to the seller")


DECIMAL_FIGURE = r"^[0-9]+(\.[0-9]+)?$"


def _figure_value(value: object) -> int | str:
    """One error that says what a figure takes, where a union of two types would report each
    member's failure under a name of pydantic's."""
    value = _whole(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(DECIMAL_FIGURE, value):
        return value
    raise ValueError('an integer, or a decimal string such as "0.85"')


FigureValue = Annotated[int | str, PlainValidator(_figure_value), WithJsonSchema(
    {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": DECIMAL_FIGURE}]})]


class NewProgrammeVersion(Strict):
    """A programme's figures changed from a local day (SPEC 12)."""

    effective_from: str = Field(
        pattern=DAY, json_schema_extra={"format": "date"},
        description="YYYY-MM-DD, the programme's local day the version starts: tomorrow or "
                    "later, and not before the latest version (422 / 409 otherwise)")
    changes: dict[str, FigureValue] = Field(
        min_length=1, max_length=50,
        description="figure path -> new value, as GET .../figures lists them "
                    "(`market.fee_percent`, `tiers[2].threshold`); an integer figure takes an "
                    'integer, a decimal one a decimal string such as "0.85"',
        examples=[{"market.fee_percent": 4}])
    based_on: Annotated[int | None, Field(
        default=None, ge=1, le=MAX_ID,
        description="the number of the latest version the change was reviewed against (GET "
                    ".../versions, the first row); when given and another version was saved "
                    "since, 409 `version_changed` and nothing is saved"), WHOLE] = None
    reason: str = _REASON
