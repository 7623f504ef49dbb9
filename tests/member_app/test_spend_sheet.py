"""The confirmation sheet's rules (presenters.spend): one intent, one key, one result."""

from __future__ import annotations

from member_app.presenters.spend import (
    SpendSheet,
    balance_note,
    confirming,
    finished,
    opened,
    payment_token,
    with_payment,
)

ITEM = SpendSheet(action="redeem", target=7, title="Earbuds", pay_lines=["2,000 beans"],
                  cash="¥39")


def test_opening_makes_the_key_before_any_tap_and_a_new_sheet_a_new_key() -> None:
    first, second = opened(ITEM), opened(ITEM)
    assert first.open and len(first.key) == 36 and first.key != second.key
    assert not first.busy and not first.done and first.payment == "pay"


def test_one_confirm_runs_and_every_repeat_after_it_does_nothing() -> None:
    sheet = opened(ITEM)
    running = confirming(sheet, "redeem")
    assert running is not None and running.busy and running.key == sheet.key
    assert confirming(running, "redeem") is None  # a tap while it runs
    done = finished(running, ok=True, result="Redeemed")
    assert done.done and done.ok and not done.busy and done.key == sheet.key
    assert confirming(done, "redeem") is None  # a tap after the success: it stays a success
    assert done.result == "Redeemed"


def test_a_confirm_without_its_sheet_does_nothing() -> None:
    assert confirming(SpendSheet(), "redeem") is None  # closed, or replayed after a reload
    assert confirming(opened(ITEM), "buy") is None  # another page's confirm
    assert confirming(SpendSheet(open=True, action="redeem"), "redeem") is None  # no key


def test_the_payment_choice_is_the_providers_test_token_and_frozen_once_confirmed() -> None:
    sheet = opened(ITEM)
    assert payment_token(sheet) is None  # pay: the provider's default, succeeds
    assert payment_token(with_payment(sheet, "decline")) == "tok_decline"
    assert payment_token(with_payment(sheet, "pending")) == "tok_pending"
    assert with_payment(sheet, "steal") == sheet
    running = confirming(with_payment(sheet, "pending"), "redeem")
    assert running is not None and with_payment(running, "pay").payment == "pending"
    assert payment_token(opened(SpendSheet(action="buy"))) is None  # no cash leg, no token


def test_the_sheet_says_what_is_left_or_what_is_missing() -> None:
    assert balance_note(5155, 2000, "京豆", "zh") == "确认后余额 3,155 京豆"
    assert balance_note(150, 200, "JD beans", "en") == \
        "Your balance is 150 JD beans: 50 short"
