"""Events (SPEC 1): parsing and validating the facts the rules consume.

`parse_event` accepts a JSON-like dict and returns an immutable `Event`, or raises
`EventError(field, problem)`. Amounts become `Decimal` (from a string or a number; bools, NaN
and infinities are refused; at most 2 decimal places, since money is held in fen).
Unknown extra keys (such as the API's `member`) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from rules.errors import EventError

MAX_ID_LENGTH = 128
MAX_TEXT_LENGTH = 128
MAX_AMOUNT = Decimal(10) ** 9  # yuan
MAX_INTEGER = 10**9
FEN = Decimal("0.01")

PAYMENTS = ("jdpay", "alipay", "other")
CHANNELS = ("wechat", "qq")
RISK_KINDS = ("reputation", "credit")
RISK_LEVELS = ("good", "fair", "poor")

# type -> ((field, kind, required), ...). Kinds: text, amount, bool, int, date, or a tuple of
# allowed values. Optional fields get their default in `DEFAULTS`.
SCHEMA: dict[str, tuple[tuple[str, Any, bool], ...]] = {
    "order_paid": (
        ("order_id", "text", True),
        ("amount", "amount", True),
        ("category", "text", True),
        ("special", "bool", False),
        ("payment", PAYMENTS, False),
    ),
    "order_refunded": (("order_id", "text", True), ("amount", "amount", True)),
    "review_posted": (("order_id", "text", True),),
    "photo_review_posted": (("order_id", "text", True),),
    "question_answered": (),
    "comment_posted": (),
    "note_posted": (),
    "liked": (),
    "collected": (),
    "followed": (),
    "bill_paid": (("bill_kind", "text", True),),
    "wealth_balance": (("date", "date", True), ("balance", "amount", True)),
    "trip_completed": (("category", "text", True), ("partner", "text", False)),
    "task_completed": (("task", "text", True), ("growth", "int", False), ("points", "int", False)),
    "identity_verified": (),
    "account_bound": (("channel", CHANNELS, True),),
    "invitation_granted": (),
    "risk_flag": (("kind", RISK_KINDS, True), ("level", RISK_LEVELS, True)),
    "signed_in": (),
    "streak_frozen": (("date", "date", True),),  # SPEC 13: the missed local day it forgives
    "points_collected": (("bubble", "text", True),),  # SPEC 13: the offering event's id
}
DEFAULTS: dict[str, Any] = {"special": False, "payment": "other", "growth": 0, "points": 0}
EVENT_TYPES: tuple[str, ...] = tuple(SCHEMA)


@dataclass(frozen=True, slots=True)
class Event:
    """One fact: `fields` holds the type's fields, validated, amounts as Decimal."""

    id: str
    type: str
    at: datetime
    fields: Mapping[str, Any]


def parse_event(obj: Any) -> Event:
    """Validate a decoded JSON object into an Event, or raise EventError(field, problem).

    The common cases (a string id and timestamp, well-formed text fields) take inline fast
    paths; anything else falls through to the full checks, which raise the errors.
    """
    if not isinstance(obj, dict):
        raise EventError("", "event must be a JSON object")
    get = obj.get
    event_id = get("id")
    if type(event_id) is not str or len(event_id) > MAX_ID_LENGTH or not event_id.strip():
        event_id = _id(event_id)
    kind = get("type")
    spec = _SPECS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        if kind is None:
            raise EventError("type", "is required")
        raise EventError("type", f"unknown event type {str(kind)[:40]!r}")
    value = get("at")
    if type(value) is str:
        try:
            at = _fromisoformat(value)
        except ValueError:
            raise EventError("at", "must be an ISO 8601 timestamp") from None
        if at.tzinfo is None:  # fromisoformat gives a fixed offset or none at all
            at = parse_instant(value, "at")
    else:
        at = parse_instant(value, "at")
    fields: dict[str, Any] = {}
    for name, field_kind, required, default in spec:
        value = get(name)
        if value is None:
            if required:
                raise EventError(name, "is required")
            fields[name] = default
        elif field_kind == "text":
            if type(value) is str and len(value) <= MAX_TEXT_LENGTH and value.strip():
                fields[name] = value
            else:
                fields[name] = _value(name, field_kind, value)
        elif field_kind == "amount":
            fields[name] = parse_amount(value, name)
        elif value is True or value is False:
            fields[name] = value if field_kind == "bool" else _value(name, field_kind, value)
        elif type(value) is str and type(field_kind) is tuple and value in field_kind:
            fields[name] = value
        else:
            fields[name] = _value(name, field_kind, value)
    event = _object_new(Event)  # Event(...) without the frozen dataclass __init__
    _set_id(event, event_id)
    _set_type(event, kind)
    _set_at(event, at)
    _set_fields(event, MappingProxyType(fields))
    return event


# type -> ((field, kind, required, default), ...): SCHEMA with the defaults looked up once.
_SPECS = {
    kind: tuple(
        (name, field_kind, required, DEFAULTS.get(name)) for name, field_kind, required in spec
    )
    for kind, spec in SCHEMA.items()
}
_fromisoformat = datetime.fromisoformat
_object_new = object.__new__
# Event is frozen: its dataclass __init__ sets each slot through object.__setattr__, twice as
# slow as the slots' own descriptors, which parse_event uses directly (vars() gives them).
_set_id = vars(Event)["id"].__set__
_set_type = vars(Event)["type"].__set__
_set_at = vars(Event)["at"].__set__
_set_fields = vars(Event)["fields"].__set__


def _id(value: Any) -> str:
    if value is None:
        raise EventError("id", "is required")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise EventError("id", "must be a non-empty string")
    if len(value) > MAX_ID_LENGTH:
        raise EventError("id", f"must be at most {MAX_ID_LENGTH} characters")
    return value


def parse_instant(value: Any, name: str) -> datetime:
    """An ISO 8601 timestamp that must carry a UTC offset."""
    if not isinstance(value, str):
        raise EventError(name, "is required" if value is None else "must be an ISO 8601 string")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise EventError(name, "must be an ISO 8601 timestamp") from None
    if instant.utcoffset() is None:
        raise EventError(name, "must include a UTC offset (naive timestamps are ambiguous)")
    return instant


# SPEC 10: a timestamp whose local date (in the programme's zone) falls outside this range is
# refused. The bounds keep every date the rules derive from it (expiry at the end of the next
# year, the next month's settlement) inside what Python's datetime can represent.
FIRST_LOCAL_DAY = date(1970, 1, 1)
LAST_LOCAL_DAY = date(9998, 12, 31)


def check_local_range(instant: datetime, tz: tzinfo, name: str) -> datetime:
    """`instant` if its local date in `tz` is within FIRST_LOCAL_DAY..LAST_LOCAL_DAY, else an
    EventError naming `name` (never an OverflowError, whatever the offset)."""
    first = datetime.combine(FIRST_LOCAL_DAY, time(), tz)
    after_last = datetime.combine(LAST_LOCAL_DAY, time.max, tz)
    try:
        inside = first <= instant <= after_last
    except OverflowError:  # year 1 or 9999 with an offset that leaves the calendar
        inside = False
    if not inside:
        raise EventError(name, f"local date must be within {FIRST_LOCAL_DAY.isoformat()}.."
                               f"{LAST_LOCAL_DAY.isoformat()}")
    return instant


def parse_amount(value: Any, name: str) -> Decimal:
    if type(value) is str:
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise EventError(name, "must be a decimal number") from None
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise EventError(name, "must be a decimal number or string")
    else:
        try:
            amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(str(value))
        except InvalidOperation:
            raise EventError(name, "must be a decimal number") from None
    if not amount.is_finite():
        raise EventError(name, "must be finite")
    if amount < 0:
        raise EventError(name, "must not be negative")
    if amount > MAX_AMOUNT:
        raise EventError(name, "must be at most 1000000000 yuan")
    if amount != amount.quantize(FEN, ROUND_DOWN):
        raise EventError(name, "must have at most 2 decimal places (fen)")
    return amount


def _value(name: str, kind: Any, value: Any) -> Any:
    if kind == "amount":
        return parse_amount(value, name)
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise EventError(name, "must be a non-empty string")
        if len(value) > MAX_TEXT_LENGTH:
            raise EventError(name, f"must be at most {MAX_TEXT_LENGTH} characters")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise EventError(name, "must be true or false")
        return value
    if kind == "int":
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise EventError(name, "must be a non-negative integer")
        if value < 0:
            raise EventError(name, "must not be negative")
        if value > MAX_INTEGER:
            raise EventError(name, f"must be at most {MAX_INTEGER}")
        return value
    if kind == "date":
        try:
            return date.fromisoformat(value) if isinstance(value, str) else _bad_date(name)
        except ValueError:
            return _bad_date(name)
    if value not in kind:
        raise EventError(name, f"must be one of {', '.join(kind)}")
    return value


def _bad_date(name: str) -> date:
    raise EventError(name, "must be a date YYYY-MM-DD")
