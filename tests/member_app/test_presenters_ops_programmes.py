"""The programme versions page in both languages: refusals name the figure, and a Chinese
screen shows the loader's problems in Chinese."""

from __future__ import annotations

import re
from datetime import date

import pytest

import rules
from member_app.presenters.ops_programmes import figure_rows, problem_text, version_error

# Changes that break a programme, one per problem the loader can give a figure.
BAD = [
    ("jd", {"market.fee_percent": 60}),
    ("jd", {"market.transfer_lock_hours": 1000}),
    ("jd", {"score.fair_multiplier": "1.5"}),
    ("jd", {"tiers[0].threshold": 5}),
    ("jd", {"tiers[1].threshold": 2600}),
    ("jd", {"badges.levels[1].threshold": "100"}),
    ("jd", {"plus.trial_days": 400}),
    ("jd", {"plus.annual_fee_fen": 0}),
    ("jd", {"market.fee_percent": "4"}),
    ("alipay", {"subsidy.order_max": 0, "subsidy.order_min": 5}),
    ("fliggy", {"partners[0].mapping[0].stays": 3}),
]


@pytest.mark.parametrize(("code", "changes"), BAD)
def test_every_problem_a_figure_can_meet_reads_in_chinese(code, changes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(rules.ProgramError) as refused:
        rules.timeline(code, [rules.VersionSpec(2, date(2027, 1, 1), changes)])
    zh = problem_text(refused.value.problem, "zh")
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"\b[a-z_]+\b", "", zh)), zh
    assert zh != problem_text("a problem with no translation", "zh")
    assert problem_text(refused.value.problem, "en") == refused.value.problem


def test_refusals_name_the_figure_in_each_language() -> None:
    detail = "changes.market.fee_percent: must be at most 50"
    assert version_error("invalid_input", detail, "zh", "2026-11-23") == (
        "market.fee_percent：不能超过 50")
    assert version_error("invalid_input", detail, "en", "2026-11-23") == (
        "market.fee_percent: must be at most 50")
    early = "effective_from: must be 2026-11-23 or later (a version starts tomorrow ...)"
    assert version_error("invalid_input", early, "zh", "2026-11-23") == (
        "生效日期最早为 2026-11-23（明天）")
    assert "earlier" not in version_error("version_order", "x", "en", "2026-11-23")
    assert version_error("admin_required", "", "zh", "2026-11-23") != ""


def test_the_figures_table_marks_what_a_version_changed() -> None:
    rows = figure_rows([
        {"key": "market.fee_percent", "kind": "integer", "file": 5, "now": 4, "latest": 4},
        {"key": "plus.trial_days", "kind": "integer", "file": 30, "now": 30, "latest": 14},
        {"key": "score.months", "kind": "integer", "file": 12, "now": 12, "latest": 12}])
    assert rows[0]["label"] == "market.\u200bfee_percent"
    assert [(row["key"], row["now"], row["changed"]) for row in rows] == [
        ("market.fee_percent", "4", "1"), ("plus.trial_days", "30", "1"),
        ("score.months", "12", "")]
