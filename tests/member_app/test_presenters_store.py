"""The store screens' presenters: ledger reasons and references, catalog, sale preview, PLUS."""

from __future__ import annotations

from datetime import UTC, datetime

import rules
from member_app.models import CatalogItem
from member_app.presenters.coupons import coupon_card, sale_preview
from member_app.presenters.plus import joined, plus_view
from member_app.presenters.points import ledger_rows, signed_points
from member_app.presenters.redeem import catalog_groups, error_text, redeemed, yuan
from member_app.services.catalog import describe
from member_app.services.catalog_data import standard_items
from member_app.services.ledger_subjects import LedgerSubject
from member_app.services.points import LedgerLine

JD = rules.load_program("jd")
NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def _line(points: int, reason: str, ref: str | None, event_id: str | None = None,
          effective_at: datetime = NOW, subject: LedgerSubject | None = None) -> LedgerLine:
    return LedgerLine(1, points, reason, ref, event_id, None, NOW, effective_at,
                      subject or LedgerSubject())


TREE = LedgerSubject("item", names={"zh": "种一棵树", "en": "Plant a tree"})
SOLD = LedgerSubject("coupon", "badge_bronze")
ORDER = LedgerSubject("order", "2823456789012")


def test_ledger_lines_name_their_reason_and_what_it_was_about_never_an_internal_id() -> None:
    lines = [_line(-200, "redeem", "spend:redemption:7", subject=TREE),
             _line(285, "task", "earn#0:market-sale:3", "market-sale:3", subject=SOLD),
             _line(-300, "market_buy", "spend:listing:3", subject=SOLD),
             _line(-12, "reverse", "reverse#0:o1", "o1", subject=ORDER),
             _line(41, "shopping", "earn#0:o1", "o1", subject=ORDER),
             _line(1, "sign_in", "earn#0:signin:1:2026-12-01", "signin:1:2026-12-01"),
             _line(100, "wealth", "earn#0:wealth:2026-11", "wealth:2026-11",
                   subject=LedgerSubject("month", "2026-11"))]
    zh = ledger_rows(JD, lines, "zh")
    en = ledger_rows(JD, lines, "en")
    assert [(r.reason, r.ref) for r in zh] == [
        ("京豆兑换", "兑换商品：种一棵树"), ("卡券出售收入", "卡券：铜牌勋章券"),
        ("卡券市场购买", "卡券：铜牌勋章券"), ("退款扣回", "订单号 2823456789012"),
        ("购物返京豆", "订单号 2823456789012"), ("每日签到", ""),
        ("理财奖励", "所属月份：2026年11月")]
    assert [(r.reason, r.ref) for r in en][:2] == [
        ("Redeemed with JD beans", "Item: Plant a tree"),
        ("Coupon market sale", "Coupon: Bronze badge coupon")]
    assert en[6].ref == "For November 2026"
    assert [r.credit for r in zh] == [False, True, False, False, True, True, True]
    assert zh[0].points == "−200" and zh[1].points == "+285"
    assert zh[0].day == "2026年11月23日" and en[0].day == "Nov 23, 2026"
    assert signed_points(12345, "en") == "+12,345"


def test_a_ledger_line_is_dated_when_it_took_effect_not_when_it_was_written() -> None:
    # Written today by a sync, but the refund happened in March (local time, Asia/Shanghai).
    refund = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)  # 01:30 on March 5th in Shanghai
    [row] = ledger_rows(JD, [_line(-12, "reverse", "reverse#0:o1", "o1", refund)], "en")
    assert row.day == "Mar 5, 2026"
    [row] = ledger_rows(JD, [_line(2000, "release", "release:redemption:9", subject=TREE)],
                        "en")
    assert row.ref == "Item: Plant a tree" and row.credit


def test_catalog_shows_every_spending_way_with_odds_and_expected_value() -> None:
    rows = []
    jd_items = [spec for spec in standard_items() if spec["program"] == "jd"]
    for index, spec in enumerate(jd_items, start=1):
        item = CatalogItem(id=index, **spec)
        rows.append(describe(item))
    groups = catalog_groups(JD, rows, "zh")
    assert [g.kind for g in groups] == ["own", "points_cash", "activity", "jd_bean"]
    earbuds = groups[1].cards[0]
    assert earbuds.points == "2,000 京豆" and earbuds.cash == "+ ¥39"
    assert earbuds.stock == "剩余 100" and earbuds.limit == "每人限 2 次"
    scratch = groups[2].cards[0]
    assert scratch.is_game and [o.odds for o in scratch.odds] == ["70%", "24%", "5%", "1%"]
    # 0*.70 + 50*.24 + 300*.05 + 1000*.01 = 37 < the 100 fee
    assert scratch.expected == "平均每次回报 37 京豆，门票 100 京豆"
    en = catalog_groups(JD, rows, "en")[2].cards[0]
    assert en.expected == "On average a ticket returns 37 JD beans; it costs 100 JD beans"


def test_redemption_result_and_refusals_are_translated() -> None:
    body = {"item_id": 3, "points_spent": 2000, "balance": 3155, "cash_fen": 3900}
    outcome = redeemed(JD, "蓝牙耳机", body, "zh")
    assert outcome.ok and "2,000" in outcome.text and "3,155" in outcome.text
    assert outcome.detail == "已支付 ¥39"
    assert error_text("insufficient_points", "zh", "里程") == "里程不足"
    assert error_text("insufficient_points", "en", "JD beans") == "Not enough JD beans"
    assert error_text("insufficient_points", "zh") == "余额不足"  # a sheet with no unit
    assert error_text("out_of_stock", "en") == "Sold out"
    assert error_text("something_new", "zh") == "出了点问题，请稍后再试"
    assert yuan(3950, "en") == "¥39.50"


def test_sale_preview_checks_the_price_and_shows_fee_and_proceeds() -> None:
    assert sale_preview("300", 500, 5, "zh").fee_line == "手续费 5%：15，到手 285"
    assert sale_preview("19", 500, 5, "en").fee_line == "5% fee: 0, you receive 19"
    assert sale_preview("501", 500, 5, "zh").error == "价格不能超过 500"
    assert sale_preview("1.5", 500, 5, "zh").error == "请输入正整数价格"
    assert sale_preview("0", 500, 5, "en").price == 0


def test_coupon_card_shows_last_valid_day_and_whether_it_can_be_sold() -> None:
    coupon = {"id": 4, "name": "badge_bronze", "face_value_fen": 500, "min_spend_fen": 5000,
              "category": "electronics", "valid_from": NOW.isoformat(),
              "valid_until": "2026-12-01T00:00:00+08:00", "transferable": True,
              "state": "unused", "locked_until": None}
    card = coupon_card(JD, coupon, listed=False, max_price=500, now=NOW, lang="zh")
    assert (card.name, card.face, card.min_spend) == ("铜牌勋章券", "¥5", "满 ¥50 可用")
    assert card.validity == "有效期至 2026年11月30日" and card.sellable
    locked = {**coupon, "locked_until": "2026-11-24T04:00:00+00:00"}
    assert not coupon_card(JD, locked, listed=False, max_price=500, now=NOW, lang="en").sellable


def test_plus_view_and_result() -> None:
    status = {"active": True, "active_until": "2026-12-23T04:00:00+00:00", "trial_used": True,
              "annual_fee_fen": 14900}
    view = plus_view(JD, status, annual_days=365, trial_days=30, free_shipping_per_month=5,
                     lang="zh")
    assert view.end_date == "有效期至 2026年12月23日" and view.annual == "年卡 ¥149/年"
    assert view.trial == "30 天免费试用" and "每月 5 张免运费券" in [b.text for b in view.benefits]
    assert joined(JD, "trial", status["active_until"], "en").text == \
        "Your trial is on, until Dec 23, 2026"
