"""Forecast (SPEC 13) as a member meets it: from the tier card's goal to the day old growth
leaves the window and the least spending for a goal they pick; JD's next settlement.

Figures by hand for a fresh Alipay member (rules/programs/alipay.toml) with a task of 1,990
growth 330 days ago: it leaves the 365-day window 35 days from today; gold is 2,000, so by the
default day (30 days on) 10 more are needed: floor(200 / 20) = 10, ¥200 today. By day 40 the
task is gone and all 2,000 are needed: this month's shopping cap is 1,500 (¥30,000), the
other 500 (¥10,000) on the 1st of next month: ¥40,000 in two orders.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from e2e.support import PASSWORD, AppServer, api, log_in, login_as_demo, platform_token, screenshot

DESKTOP = {"width": 1440, "height": 900}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_least_spending_for_gold_before_and_after_old_growth_leaves(
        app_server: AppServer, phone: Page) -> None:
    username = f"p_{uuid.uuid4().hex[:10]}"
    api(app_server, "POST", "/api/v1/members",
        {"username": username, "password": PASSWORD, "program": "alipay"})
    api(app_server, "POST", "/api/v1/events", [
        {"id": f"{username}-task", "member": username, "type": "task_completed",
         "at": (datetime.now(UTC) - timedelta(days=330)).isoformat(), "task": "x",
         "growth": 1990}], platform_token(app_server))
    today = datetime.now(SHANGHAI).date()
    log_in(phone, app_server, username)
    phone.get_by_test_id("forecast-link").click()
    leaves = today + timedelta(days=35)
    expect(phone.get_by_test_id("fc-outlook-day")).to_have_text(
        f"{leaves.month}月{leaves.day}日起：成长值 0 · 大众会员")
    expect(phone.get_by_test_id("fc-order")).to_have_text("今天下单 ¥200")
    by = today + timedelta(days=30)
    expect(phone.get_by_test_id("fc-plan-total")).to_have_text(
        f"共 ¥200，{by.month}月{by.day}日起即为黄金会员")
    screenshot(phone, "forecast-alipay-zh")

    later = today + timedelta(days=40)
    phone.get_by_test_id("fc-by").fill(later.isoformat())
    phone.get_by_test_id("fc-go").click()
    expect(phone.get_by_test_id("fc-order")).to_have_count(2)
    expect(phone.get_by_test_id("fc-order").first).to_have_text("今天下单 ¥30,000")
    expect(phone.get_by_test_id("fc-plan-total")).to_contain_text("共 ¥40,000")
    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("fc-plan-total")).to_contain_text("¥40,000 in all: Gold")
    screenshot(phone, "forecast-alipay-en")


def test_jd_shows_the_next_settlement_part_by_part(app_server: AppServer,
                                                   browser: Browser) -> None:
    for viewport, lang in ((DESKTOP, "zh-CN"), ({"width": 390, "height": 844}, "en-US")):
        context = browser.new_context(viewport=viewport, locale=lang)
        try:
            page = context.new_page()
            login_as_demo(page, app_server.url, "demo_jd")
            page.get_by_test_id("forecast-link").click()
            # SPEC 4's five parts: three of points, reputation and credit
            expect(page.get_by_test_id("fc-jd-part")).to_have_count(5)
            expect(page.get_by_test_id("fc-jd-headline")).to_contain_text(
                "预计" if lang == "zh-CN" else "Forecast")
            screenshot(page, f"forecast-jd-{'desktop' if viewport is DESKTOP else 'phone'}"
                             f"-{lang[:2]}")
        finally:
            context.close()
