"""The confirmation sheet every spending action goes through, and its life cycle.

A member taps Redeem / Buy / Join PLUS: a sheet opens saying exactly what is spent and what is
received, and an idempotency key is made right then. Confirming sends that key; any number of
further taps, reloads or replays after a reconnect carry the same key, so the service makes one
effect and answers the same; and once the sheet holds a result, further confirms change nothing,
so a duplicate tap never turns a success into an error. Closing the sheet forgets the key: the
next sheet is a new intent.

These are plain functions over a `SpendSheet` (no Reflex, no database), so the rules above are
unit-tested directly (tests/member_app/test_spend_sheet.py); `state.spend` wires them to pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import uuid4

from member_app.i18n import message
from member_app.i18n.format import number

# The payment step of the demo provider (member_app.payments.sandbox): what the member picks is
# the outcome the provider will give, as its test tokens decide.
PAYMENT_TOKENS: dict[str, str | None] = {"pay": None, "decline": "tok_decline",
                                         "pending": "tok_pending"}


@dataclass
class SpendSheet:
    open: bool = False
    action: str = ""  # which use case confirms it: redeem, buy, plus_annual, plus_trial
    target: int = 0  # the item or listing id
    title: str = ""
    pay_lines: list[str] = field(default_factory=list)  # what the member gives
    get_lines: list[str] = field(default_factory=list)  # what the member receives
    notes: list[str] = field(default_factory=list)  # balance after, locks, how a game draws
    cash: str = ""  # the cash leg ("¥39"): the payment step is shown when set
    payment: str = "pay"
    confirm_label: str = ""
    points_name: str = ""  # the programme's unit, for a refusal that names it (里程不足)
    key: str = ""
    busy: bool = False
    done: bool = False
    ok: bool = False
    result: str = ""
    result_detail: str = ""


def opened(sheet: SpendSheet) -> SpendSheet:
    """A new intent: the sheet shown, with a fresh idempotency key made before any tap."""
    return replace(sheet, open=True, key=str(uuid4()), busy=False, done=False, ok=False,
                   result="", result_detail="", payment="pay")


def with_payment(sheet: SpendSheet, choice: str) -> SpendSheet:
    """The member's payment choice; ignored once confirming started (the key covers it)."""
    if choice not in PAYMENT_TOKENS or not sheet.open or sheet.busy or sheet.done:
        return sheet
    return replace(sheet, payment=choice)


def confirming(sheet: SpendSheet, action: str) -> SpendSheet | None:
    """The sheet marked busy, or None if this confirm must do nothing: no open sheet, another
    action's sheet, one already running, or one that already has its result (a repeated tap)."""
    if not sheet.open or sheet.action != action or sheet.busy or sheet.done or not sheet.key:
        return None
    return replace(sheet, busy=True)


def finished(sheet: SpendSheet, *, ok: bool, result: str, detail: str = "") -> SpendSheet:
    """The sheet with its one result; it keeps its key, so nothing can run it again."""
    return replace(sheet, busy=False, done=True, ok=ok, result=result, result_detail=detail)


def payment_token(sheet: SpendSheet) -> str | None:
    return PAYMENT_TOKENS.get(sheet.payment) if sheet.cash else None


def balance_note(balance: int, price: int, points_name: str, lang: str) -> str:
    """The sheet's line on what is left afterwards, or how much is missing."""
    if balance >= price:
        return message("spend_balance_after", lang).format(
            balance=number(balance - price, lang), points_name=points_name)
    return message("spend_short", lang).format(
        balance=number(balance, lang), points_name=points_name,
        missing=number(price - balance, lang))
