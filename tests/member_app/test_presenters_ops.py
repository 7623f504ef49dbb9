"""The console's text: rules' English notes read in Chinese, cash typed in yuan as fen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from member_app.presenters.notes import note_text
from member_app.presenters.ops import cash_fen

RULES = Path(__file__).resolve().parents[2] / "rules"
NOTE_LITERAL = re.compile(r'notes\[item\.id\] = f?"([^"]+)"')


def _notes_rules_can_write() -> list[str]:
    """Each note of rules/*.py, its placeholders filled with a value ("7")."""
    found = []
    for path in sorted(RULES.glob("*.py")):
        for literal in NOTE_LITERAL.findall(path.read_text(encoding="utf-8")):
            found.append(re.sub(r"\{[^}]+\}", "7", literal))
    return found


def test_every_note_rules_can_write_reads_in_chinese() -> None:
    notes = _notes_rules_can_write()
    assert len(notes) >= 11  # the scan found them (rules/engine.py, jd.py, fliggy.py, alipay.py)
    for note in notes:
        shown = note_text(note, "zh")
        assert shown != note, note
        # What stays Latin is an identifier or a figure: an order id, PLUS, the x of a rebate.
        assert not re.search(r"[a-z]{3,}", shown.replace("PLUS", "")), (note, shown)
    assert note_text("streak day 8", "en") == "streak day 8"
    assert note_text("streak day 8", "zh") == "连续签到第 8 天"
    assert note_text("latest hotel trip: carries the category bonus", "zh") == (
        "最近一次酒店出行：享受品类加成")
    # an offering event's bubble, after its own note (rules.bubbles.BubbleBook.pending)
    assert note_text("streak day 2; bubble lapsed uncollected after 2026-11-16", "zh") == (
        "连续签到第 2 天；气泡未领取，已于 2026-11-16 后过期")
    for said in ("bubble of 3 collected", "bubble refunded away",
                 "bubble of 3 waiting until 2026-11-26"):
        assert not re.search(r"[a-z]{3,}", note_text(said, "zh")), said


@pytest.mark.parametrize(("typed", "fen"), [("39", 3900), ("39.9", 3990), ("0.05", 5),
                                            (" 12.50 ", 1250), ("", 0)])
def test_cash_in_yuan_becomes_fen(typed: str, fen: int) -> None:
    assert cash_fen(typed) == fen


@pytest.mark.parametrize("typed", ["1.234", "-1", "abc", "NaN", "Infinity", "1e400", "1000000.01"])
def test_cash_that_is_not_an_amount_is_refused(typed: str) -> None:
    assert cash_fen(typed) is None


def test_a_refusal_in_chinese_names_the_field_not_the_services_english() -> None:
    from member_app.presenters.ops import error_text

    detail = "item (ops_mug): points: a whole number from 1 to 10,000,000"
    assert error_text("invalid_catalog", detail, "zh") == "请检查“所需积分”"
    assert error_text("invalid_catalog", detail, "en") == f"Not valid: {detail}"
    assert error_text("invalid_input", "nothing to change: give one", "zh") == "没有需要保存的修改"
    assert error_text("invalid_input", "something else entirely", "zh") == "填写有误，请检查后重试"
    assert error_text("stock_too_large", "stock cannot pass 10,000,000", "zh") == "库存超过上限"


def test_face_values_keep_their_fen() -> None:
    from member_app.presenters.ops import coupon_rows

    wallet = {"unused": [{"name": "free_shipping", "face_value_fen": 550,
                          "valid_until": "2026-12-31T15:59:59+00:00"}], "used": [], "expired": []}
    assert coupon_rows(wallet, "zh")[0]["face"] == "¥5.50"
