"""The streak freeze (SPEC 13) as a Fliggy member meets it: the day after a missed day the
sign-in page offers it, a double tap on confirm pays once, the calendar shows the forgiven day
and today's sign-in continues the run.

Figures by hand (rules/programs/fliggy.toml): the welcome task gives 500 miles; signing in 3
and 2 days ago earned day 1 and day 2 of the ladder, 1 + 2 miles: 503. Yesterday was missed,
so the streak shown is 0 and a freeze (100 miles) keeps the 2-day run: 403. Signing in today is
day 3: + 3 miles, 406.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    DESKTOP,
    AppServer,
    api,
    close_sheet,
    confirm_in_sheet,
    in_postgres_pass_only,
    log_in,
    member_token,
    new_member,
    screenshot,
    send_events,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _member_who_missed_yesterday(server: AppServer) -> str:
    username = new_member(server, "fliggy", "z")
    now = datetime.now(UTC)
    send_events(server, username, [
        {"id": f"{username}-task", "type": "task_completed", "at": now - timedelta(days=5),
         "task": "welcome", "points": 500},
        *({"id": f"{username}-s{days}", "type": "signed_in", "at": now - timedelta(days=days)}
          for days in (3, 2)),
    ])
    return username


def _yesterday() -> date:
    return datetime.now(SHANGHAI).date() - timedelta(days=1)


def _balance(server: AppServer, username: str) -> int:
    me = api(server, "GET", "/api/v1/me", token=member_token(server, username))
    return int(me["points_balance"])


def test_a_missed_day_is_forgiven_once_and_the_calendar_shows_it(app_server: AppServer,
                                                                 phone: Page) -> None:
    username = _member_who_missed_yesterday(app_server)
    log_in(phone, app_server, username)
    phone.get_by_test_id("home-sign-in").click()
    yesterday = _yesterday()
    offer = phone.get_by_test_id("freeze-offer")
    expect(offer).to_contain_text(f"昨天（{yesterday.month}月{yesterday.day}日）没有签到。"
                                  "使用连签保护，2 天的连签就不会中断。")
    expect(offer).to_contain_text("每月限用一次，100 里程。")
    expect(phone.get_by_test_id("streak-current")).to_have_text("0 天")
    screenshot(phone, "freeze-offer-zh")

    phone.get_by_test_id("freeze-open").click()
    result = confirm_in_sheet(phone, taps=2)  # a double tap
    expect(result).to_contain_text(f"已保住连签：{yesterday.month}月{yesterday.day}日 不算断签。")
    close_sheet(phone)
    expect(phone.get_by_test_id("streak-current")).to_have_text("2 天")
    expect(phone.locator("[data-frozen='true']")).to_have_count(1)
    expect(phone.get_by_test_id("freeze-legend")).to_be_visible()
    expect(phone.get_by_test_id("freeze-offer")).to_have_count(0)
    assert _balance(app_server, username) == 403  # 503 - 100, paid once
    screenshot(phone, "freeze-used-zh")

    phone.get_by_test_id("sign-in-button").click()
    expect(phone.get_by_test_id("sign-in-result")).to_have_text("签到成功，获得 3 里程")
    expect(phone.get_by_test_id("streak-current")).to_have_text("3 天")
    assert _balance(app_server, username) == 406

    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("freeze-legend")).to_have_text("Forgiven by a streak freeze")
    # what the page said is said again in the new language, not left in the old one
    expect(phone.get_by_test_id("sign-in-result")).to_have_text("Signed in: +3 miles")
    screenshot(phone, "freeze-used-en")


@in_postgres_pass_only
def test_the_offer_on_a_desktop_in_both_languages(app_server: AppServer,
                                                  browser: Browser) -> None:
    username = _member_who_missed_yesterday(app_server)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        log_in(page, app_server, username)
        page.get_by_test_id("home-sign-in").click()
        expect(page.get_by_test_id("freeze-offer")).to_contain_text("100 里程")
        screenshot(page, "freeze-offer-desktop-zh")
        page.get_by_test_id("language-toggle").click()
        yesterday = _yesterday()
        expect(page.get_by_test_id("freeze-offer")).to_contain_text(
            f"You missed yesterday ({yesterday.strftime('%b')} {yesterday.day}). "
            "A streak freeze keeps your 2-day streak.")
        screenshot(page, "freeze-offer-desktop-en")
    finally:
        context.close()
