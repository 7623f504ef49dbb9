"""zh-CN and en: the browser's language first, switchable, remembered; no English left in zh;
each programme's screens name its own unit of points only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.support import PHONE, AppServer, in_sqlite_pass_only, login_as_demo, screenshot

ROUTES = {
    "home": "/",
    "sign-in": "/sign-in",
    "points": "/points",
    "redeem": "/redeem",
    "coupons": "/coupons",
    "me": "/me",
    "plus": "/plus",
    "explain": "/explain",
    "forecast": "/forecast",
}
# What may stay in Latin letters in Chinese mode: the switch to English, usernames, the PLUS,
# VIP and QQ brands (JD's score counts a bound QQ account), units like 1GB, tier codes like
# F2, and event ids (the references to the events behind ledger entries).
ALLOWED = re.compile(
    r"\bEnglish\b|demo-[\w-]+|demo_\w+|jd_\w+|fliggy\w*|alipay\w*|PLUS|VIP|\bQQ\b|\d+GB|\bF\d\b"
    r"|\bjd\b"
)


# Each programme pays in its own unit (issue #13): JD in 京豆 / JD beans, Fliggy in 里程 / miles,
# Alipay in 积分 / points. A member of one never reads another's unit.
FOREIGN_UNITS = {
    "demo_jd": {"zh": re.compile(r"积分|里程"), "en": re.compile(r"(?i)\bpoints?\b|\bmiles?\b")},
    "demo_fliggy_f3": {"zh": re.compile(r"积分|京豆"),
                       "en": re.compile(r"(?i)\bpoints?\b|\bbeans?\b")},
    "demo_alipay": {"zh": re.compile(r"京豆|里程"), "en": re.compile(r"(?i)\bbeans?\b|\bmiles?\b")},
}


@pytest.fixture
def english_phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US"
    )
    page = context.new_page()
    yield page
    context.close()


def _english_words(page: Page) -> list[str]:
    text = ALLOWED.sub(" ", page.locator("body").inner_text())
    return re.findall(r"[A-Za-z]{2,}", text)


@in_sqlite_pass_only
def test_the_browser_language_comes_first_and_the_switch_is_remembered(
    app_server: AppServer, english_phone: Page
) -> None:
    page = english_phone
    page.goto(f"{app_server.url}/login")
    expect(page.get_by_test_id("page-title")).to_have_text("Log in to Member Centre")
    screenshot(page, "login-en")
    page.get_by_test_id("language-toggle").click()
    expect(page.get_by_test_id("page-title")).to_have_text("登录会员中心")
    screenshot(page, "login-zh")
    page.reload()
    expect(page.get_by_test_id("page-title")).to_have_text("登录会员中心")


@in_sqlite_pass_only
@pytest.mark.parametrize("username", ["demo_jd", "demo_fliggy_f3", "demo_alipay"])
def test_no_english_is_left_in_chinese(
    app_server: AppServer, english_phone: Page, username: str
) -> None:
    page = english_phone
    login_as_demo(page, app_server.url, username)
    for name, route in ROUTES.items():
        page.goto(f"{app_server.url}{route}")
        _wait_until_loaded(page)
        assert _foreign_units(page, username, "en") == [], route
        screenshot(page, f"{name}-{username}-en")
    page.get_by_test_id("language-toggle").click()
    # The switch is answered by the server; wait for it before leaving the page.
    expect(page.get_by_test_id("language-toggle")).to_have_text("English")
    for name, route in ROUTES.items():
        page.goto(f"{app_server.url}{route}")
        _wait_until_loaded(page)
        assert _english_words(page) == [], f"{route}: {_english_words(page)}"
        assert _foreign_units(page, username, "zh") == [], route
        screenshot(page, f"{name}-{username}-zh")


def _foreign_units(page: Page, username: str, lang: str) -> list[str]:
    """Lines of the page naming another programme's unit (with the line, to find it)."""
    pattern = FOREIGN_UNITS[username][lang]
    return [line for line in page.locator("body").inner_text().splitlines()
            if pattern.search(line)]


def _wait_until_loaded(page: Page) -> None:
    """The page first renders its prerendered shell; wait for the member's data to arrive."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".rt-Spinner")).to_have_count(0)
