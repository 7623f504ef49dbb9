"""Explain (SPEC 13): the growth figure opens to its parts, each rule with the programme's
figures, and the events; a ledger line opens to its record.

Figures by hand for a fresh Alipay member (rules/programs/alipay.toml): an order of 1,000 yuan
yesterday earns floor(1000 / 20) = 50 shopping growth and 50 points; a bill 10 life growth
and 10 points; a task 200 task growth. Growth 260 = 50 + 10 + 0 + 200.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    DESKTOP,
    AppServer,
    log_in,
    login_as_demo,
    new_member,
    screenshot,
    send_events,
)


def _alipay_member(server: AppServer) -> str:
    username = new_member(server, "alipay", "x")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    send_events(server, username, [
        {"id": f"{username}-pay", "type": "order_paid", "at": yesterday,
         "order_id": "O-1", "amount": "1000", "category": "food"},
        {"id": f"{username}-bill", "type": "bill_paid", "at": yesterday, "bill_kind": "utility"},
        {"id": f"{username}-task", "type": "task_completed", "at": yesterday,
         "task": "open_account", "growth": 200},
    ])
    return username


def test_growth_opens_to_parts_rules_and_events(app_server: AppServer, phone: Page) -> None:
    username = _alipay_member(app_server)
    log_in(phone, app_server, username)
    expect(phone.get_by_test_id("growth")).to_have_text("260")
    phone.get_by_test_id("growth-explain").click()
    expect(phone.get_by_test_id("explain-headline")).to_have_text("成长值 260")
    expect(phone.get_by_test_id("explain-equation")).to_have_text(
        "= 购物 50 + 生活缴费 10 + 理财 0 + 任务 200")
    shopping = phone.locator("[data-testid='explain-part'][data-source='shopping']")
    expect(shopping.get_by_test_id("explain-row")).to_have_text(
        "每 20 元 1 成长值，每月最多 1,50050")  # the rule, then its value
    expect(shopping.get_by_test_id("explain-event")).to_have_count(1)
    expect(shopping.get_by_test_id("explain-event")).to_contain_text("订单 ¥1,000")
    expect(shopping.get_by_test_id("explain-event")).to_contain_text("+50 购物")
    wealth = phone.locator("[data-testid='explain-part'][data-source='wealth']")
    expect(wealth).to_contain_text("这部分还没有计入的记录")
    screenshot(phone, "explain-alipay-zh")

    # a ledger line opens to its record: the order's 50 points
    phone.goto(f"{app_server.url}/points")
    row = phone.get_by_test_id("ledger-row").filter(has_text="50")
    row.get_by_test_id("ledger-explain").click()
    focus = phone.get_by_test_id("explain-focus")
    expect(focus).to_contain_text("订单 ¥1,000")
    expect(focus).to_contain_text("+50 积分")

    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("explain-headline")).to_have_text("Growth value 260")
    expect(focus).to_contain_text("Order ¥1,000")
    screenshot(phone, "explain-focus-en")


def test_a_jd_member_sees_the_settled_score_row_by_row(app_server: AppServer,
                                                       browser: Browser) -> None:
    for viewport, lang in ((DESKTOP, "zh-CN"), ({"width": 390, "height": 844}, "en-US")):
        context = browser.new_context(viewport=viewport, locale=lang)
        try:
            page = context.new_page()
            login_as_demo(page, app_server.url, "demo_jd")
            growth = page.get_by_test_id("growth").inner_text()
            page.get_by_test_id("growth-explain").click()
            # the headline is the tier card's figure: the settlement of record
            expect(page.get_by_test_id("explain-headline")).to_contain_text(growth)
            amount = page.locator("[data-testid='explain-row'][data-row='amount']")
            expect(amount).to_contain_text("6,000")  # its cap, from the programme
            expect(page.get_by_test_id("explain-part")).to_have_count(3)
            screenshot(page, f"explain-jd-{'desktop' if viewport is DESKTOP else 'phone'}"
                             f"-{lang[:2]}")
        finally:
            context.close()
