"""The figures of SPEC 7-8 are programme data (rules/programs/*.toml, issue #14), not code.

The few texts that name a figure in words are checked against the data here, so a changed
figure cannot leave a screen saying the old one."""

from __future__ import annotations

import rules
from member_app.i18n import MESSAGES
from member_app.services.market import fee_percent, transfer_lock
from member_app.services.plus import plus_rules

LOCK_TEXTS = ("cpn_sellable_empty", "store_error_transfer_locked", "spend_coupon_lock")


def test_the_market_and_plus_figures_come_from_the_programme_files() -> None:
    # SPEC 7: a 5% fee and a 24-hour lock in every programme; SPEC 8: PLUS is JD's, 149 yuan
    # a year, a 30-day trial, 5 free-shipping vouchers a month.
    for code in rules.PROGRAM_CODES:
        assert fee_percent(code) == 5
        assert transfer_lock(code).total_seconds() == 24 * 3600
    jd = plus_rules("jd")
    assert jd is not None
    assert (jd.annual_fee_fen, jd.annual_days, jd.trial_days, jd.free_shipping_per_month) == (
        14900, 365, 30, 5)
    assert plus_rules("fliggy") is None and plus_rules("alipay") is None


def test_texts_that_name_the_transfer_lock_say_the_programmes_figure() -> None:
    hours = {rules.load_program(code).market.transfer_lock_hours for code in rules.PROGRAM_CODES}
    assert len(hours) == 1, "the texts name one lock for every programme"
    (lock,) = hours
    for key in LOCK_TEXTS:
        assert f"{lock} 小时" in MESSAGES[key]["zh"] and f"{lock} hours" in MESSAGES[key]["en"]
