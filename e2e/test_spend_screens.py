"""The confirmation sheet and its payment step, for people to look at: phone and desktop,
Chinese and English (artifacts/screenshots/sheet-*). The offline banner's screenshots come from
test_spending_safety.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.support import DESKTOP, PHONE, AppServer, login_as_demo, screenshot
from e2e.test_spending_safety import _item


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_sheets_read_well_in_both_languages(app_server: AppServer, browser: Browser, size: str,
                                            viewport: dict[str, int], locale: str) -> None:
    context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                  is_mobile=size == "phone", has_touch=size == "phone",
                                  locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        lang = locale[:2]
        login_as_demo(page, app_server.url, "demo_jd")
        earbuds_id, _, _ = _item(app_server, "earbuds_points_cash")
        page.goto(f"{app_server.url}/redeem")
        page.get_by_test_id(f"redeem-{earbuds_id}").click()
        expect(page.get_by_test_id("payment-step")).to_be_visible()
        page.get_by_test_id("payment-pending").click()
        screenshot(page, f"sheet-payment-{size}-{lang}", full_page=False)
        page.get_by_test_id("sheet-close").click()
        page.goto(f"{app_server.url}/plus")
        page.get_by_test_id("plus-annual").click()
        expect(page.get_by_test_id("payment-step")).to_be_visible()
        screenshot(page, f"sheet-plus-{size}-{lang}", full_page=False)
        page.get_by_test_id("sheet-close").click()
        page.goto(f"{app_server.url}/coupons")
        buy = page.locator("[data-testid^='buy-']").first
        expect(page.get_by_test_id("market")).to_be_visible()
        if buy.count():
            buy.click()
            expect(page.get_by_test_id("spend-sheet")).to_be_visible()
            screenshot(page, f"sheet-market-{size}-{lang}", full_page=False)
            page.get_by_test_id("sheet-close").click()
    finally:
        context.close()
