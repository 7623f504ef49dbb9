"""The explain page's words and figures, on the sample histories of docs/examples, whose figures
docs/domain.md (section 14) works out by hand."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import rules
from member_app.presenters.explain import explain_view
from member_app.services.explain import EventFacts, Explanation

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
AT = datetime.fromisoformat("2026-11-22T12:00:00+08:00")


def _explained(code: str) -> Explanation:
    program = rules.load_program(code)
    events = [rules.parse_event(json.loads(line))
              for line in (EXAMPLES / f"{code}.jsonl").read_text().splitlines()]
    return Explanation(program=program, assessment=rules.assess(program, events, AT),
                       events={e.id: EventFacts(e.type, e.at, dict(e.fields)) for e in events})


def test_jd_parts_rows_and_caps_are_the_settlements() -> None:
    view = explain_view(_explained("jd"), "zh")
    assert view.headline == "京享值 1,489"
    assert view.equation == "= 账户 600 + 消费 843 + 活跃 46"
    # settled on 2026-11-01 over the 12 months before
    assert view.window == "11月1日结算，统计 2025年11月1日 至 2026年10月31日"
    account, consumption, activity = view.parts
    assert [(r.rule, r.value, r.cap) for r in account.rows] == [
        ("实名认证", "300", ""), ("绑定微信", "150", ""), ("绑定 QQ", "150", "")]
    assert [(r.row, r.value, r.cap) for r in consumption.rows] == [
        ("amount", "403", "上限 6,000"), ("order", "40", "上限 1,500"),
        ("category", "200", "上限 1,000"), ("month", "200", "上限 600")]
    assert consumption.rows[0].rule == "实付金额（扣除退款）每 10 元 1 分"
    assert not any(r.capped for r in consumption.rows)
    assert [(r.row, r.value) for r in activity.rows] == [
        ("review", "10"), ("photo_review", "20"), ("question", "5"), ("jdpay", "10"),
        ("sign_in", "1")]
    # the 9 September order (jd-0011, 399 yuan, special, paid with jdpay)
    latest_order = next(e for e in consumption.events if e.id == "jd-0011")
    assert latest_order.what == "订单 ¥399"
    assert latest_order.gains == "+39 金额 · +10 订单数 · +50 新品类 · +50 新月份"
    assert view.risk == ""


def test_a_ledger_line_opens_to_its_event() -> None:
    view = explain_view(_explained("jd"), "en", focus="jd-0005")
    assert view.focus_asked and view.focus_missing == ""
    (review,) = view.focus
    assert (review.what, review.gains, review.points) == ("Review", "+10 review", "+2 JD beans")
    missing = explain_view(_explained("jd"), "en", focus="nobody")
    assert (missing.focus, missing.focus_missing) == (
        [], "That record is unknown, or it counted for nothing")


def test_alipay_rows_name_their_rule_with_the_programmes_figures() -> None:
    view = explain_view(_explained("alipay"), "en")
    assert view.headline == "Growth value 2,227"
    shopping = view.parts[0]
    # 119 - 19 (refund of 399 of 2,399) + 4 = 104 (docs/domain.md)
    assert shopping.value == "104"
    assert [(r.row, r.value) for r in shopping.rows] == [
        ("shopping", "123"), ("refund", "-19")]
    assert shopping.rows[0].rule == "1 growth value per 20 yuan, at most 1,500 a month"
    assert view.window.startswith("Counted over the last 365 days")
