"""The figures of SPEC 7-8 are programme data (rules/programs/*.toml, issue #14), not code.

The texts that name a figure take it from the version in force, so a changed figure cannot
leave a screen saying the old one."""

from __future__ import annotations

import re
from datetime import date

import rules
from member_app.db import transaction
from member_app.i18n import MESSAGES
from member_app.presenters.coupons import buy_sheet, coupon_words
from member_app.services.market import fee_percent, transfer_lock
from member_app.services.plus import plus_rules
from tests.member_app.conftest import NOW

LOCK_TEXTS = ("cpn_sellable_empty", "spend_coupon_lock")


def test_the_market_and_plus_figures_come_from_the_programme_files(engine) -> None:  # type: ignore[no-untyped-def]
    # SPEC 7: a 5% fee and a 24-hour lock in every programme; SPEC 8: PLUS is JD's, 149 yuan
    # a year, a 30-day trial, 5 free-shipping vouchers a month.
    for code in rules.PROGRAM_CODES:
        assert fee_percent(rules.load_program(code)) == 5
        assert transfer_lock(rules.load_program(code)).total_seconds() == 24 * 3600
    with transaction(engine) as session:
        jd = plus_rules(session=session, program_code="jd", at=NOW)
        assert jd is not None
        assert (jd.annual_fee_fen, jd.annual_days, jd.trial_days,
                jd.free_shipping_per_month) == (14900, 365, 30, 5)
        assert plus_rules(session=session, program_code="fliggy", at=NOW) is None
        assert plus_rules(session=session, program_code="alipay", at=NOW) is None


def test_texts_that_name_the_transfer_lock_say_the_figure_in_force() -> None:
    for key in LOCK_TEXTS:
        assert "{hours} 小时" in MESSAGES[key]["zh"] and "{hours} hours" in MESSAGES[key]["en"]
    # the refusal of a locked sale names no figure (the member's coupon shows its own time)
    assert not re.search(r"\d", MESSAGES["store_error_transfer_locked"]["zh"]
                         + MESSAGES["store_error_transfer_locked"]["en"])
    changed = rules.timeline("jd", [rules.VersionSpec(2, date(2027, 1, 1),
                                                      {"market.transfer_lock_hours": 12})])
    version = changed.on(date(2027, 1, 1))
    assert "12 小时" in coupon_words(version, "zh").sellable_empty
    assert "12 hours" in coupon_words(version, "en").sellable_empty
    listing = {"id": 1, "price": 100, "coupon": {"id": 7, "name": "badge_bronze",
                                                  "face_value_fen": 500, "min_spend_fen": 0,
                                                  "category": "food", "valid_until":
                                                  "2027-02-01T00:00:00+08:00"},
               "own": False}
    sheet = buy_sheet(version, listing, 1000, "en")
    assert any("12 hours" in note for note in sheet.notes)
