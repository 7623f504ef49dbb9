"""Forecast (SPEC 13) as a member meets it: from the tier card's goal to the day old growth
leaves the window and the least spending for a goal they pick; JD's next settlement.

Figures by hand for a fresh Alipay member (rules/programs/alipay.toml) with a task of 1,990
growth 330 days ago: it leaves the 365-day window 35 days from today; gold is 2,000, so by the
default day (30 days on) 10 more are needed: floor(200 / 20) = 10, ¥200 today. By day 40 the
task is gone and all 2,000 are needed: this month's shopping cap is 1,500 (¥30,000), the
other 500 (¥10,000) on the 1st of next month: ¥40,000 in two orders.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    DESKTOP,
    PHONE,
    AppServer,
    in_postgres_pass_only,
    log_in,
    login_as_demo,
    new_member,
    screenshot,
    send_events,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_least_spending_for_gold_before_and_after_old_growth_leaves(
        app_server: AppServer, phone: Page) -> None:
    username = new_member(app_server, "alipay", "p")
    send_events(app_server, username, [
        {"type": "task_completed", "at": datetime.now(UTC) - timedelta(days=330), "task": "x",
         "growth": 1990}])
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


def _first_of_month_after_next(today: date) -> date:
    year, month = today.year + (today.month + 1) // 12, (today.month + 1) % 12 + 1
    return date(year, month, 1)


def test_a_jd_plan_counts_sign_ins_and_reviews_and_the_radar_shows_five_parts(
        app_server: AppServer, phone: Page) -> None:
    """Bronze (1,000) by the 2nd of the month after next: that settlement counts the 12 full
    months before its 1st, so everything from today to the end of next month. The member paid
    2,000 yuan (food) yesterday: 200 amount + 10 order + 50 category + 50 month = 310. An
    order today (food) adds 10, floor(X / 10), and 50 more when yesterday was last month;
    signing in each day until the settlement adds 1 a day (S days); reviewing yesterday's
    order and the new one, 10 each: 310 + 10 + bonus + S + 20 + floor(X / 10) >= 1,000."""
    username = new_member(app_server, "jd", "q")
    now = datetime.now(UTC)
    send_events(app_server, username, [
        {"type": "order_paid", "at": now - timedelta(days=1), "order_id": "O-1",
         "amount": "2000", "category": "food"}])
    today = now.astimezone(SHANGHAI).date()
    yesterday = (now - timedelta(days=1)).astimezone(SHANGHAI).date()
    bonus = 0 if (yesterday.year, yesterday.month) == (today.year, today.month) else 50
    settles = _first_of_month_after_next(today)
    days = (settles - today).days
    with_free, alone = 10 * (660 - bonus - days), 10 * (680 - bonus)
    log_in(phone, app_server, username)
    phone.get_by_test_id("forecast-link").click()
    phone.get_by_test_id("fc-tier").select_option("bronze")
    phone.get_by_test_id("fc-by").fill((settles + timedelta(days=1)).isoformat())
    phone.get_by_test_id("fc-go").click()
    last = settles - timedelta(days=1)
    expect(phone.get_by_test_id("fc-order")).to_have_text(f"今天下单 ¥{with_free:,}，并评价")
    expect(phone.get_by_test_id("fc-sign-ins")).to_have_text(
        f"{today.month}月{today.day}日至{last.month}月{last.day}日签到 {days} 天")
    expect(phone.get_by_test_id("fc-reviews")).to_have_text("评价已购订单 1 笔")
    expect(phone.get_by_test_id("fc-plan-alone")).to_have_text(f"不签到、不评价则需 ¥{alone:,}")
    # the JD score page's five-part radar, drawn once the page has painted
    radar = phone.get_by_test_id("fc-jd-radar")
    expect(radar.locator(".recharts-polar-angle-axis-tick")).to_have_count(5)
    expect(radar).to_contain_text("消费")
    screenshot(phone, "forecast-jd-plan-zh")
    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("fc-order")).to_have_text(
        f"Spend ¥{with_free:,} today and review it")
    expect(phone.get_by_test_id("fc-reviews")).to_have_text("Review an order you have bought")
    expect(phone.get_by_test_id("fc-plan-alone")).to_have_text(
        f"Without the sign-ins and reviews: ¥{alone:,}")
    expect(radar).to_contain_text("Consumption")
    screenshot(phone, "forecast-jd-plan-en")


@in_postgres_pass_only  # the demo member's screens at two sizes: figures above, looks here
def test_jd_shows_the_next_settlement_part_by_part(app_server: AppServer,
                                                   browser: Browser) -> None:
    for viewport, lang in ((DESKTOP, "zh-CN"), (PHONE, "en-US")):
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
