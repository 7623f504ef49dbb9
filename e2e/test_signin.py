"""The daily sign-in: once a day; a second tap earns nothing, and on another device it says so."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from e2e.support import PHONE, AppServer, register, screenshot, wait_until_hydrated


def test_signing_in_twice_on_one_day(app_server: AppServer, phone: Page) -> None:
    username = f"s_{uuid.uuid4().hex[:10]}"
    register(phone, app_server.url, username, "a-long-passphrase")
    balance_before = phone.get_by_test_id("home-balance").inner_text()
    assert balance_before == "0"

    phone.goto(f"{app_server.url}/sign-in")
    button = phone.get_by_test_id("sign-in-button")
    expect(button).to_have_text("签到领 1 京豆")  # day 1 of a JD streak: 1 bean
    button.click()
    # Day 1 of a JD streak earns min(1, 7) = 1 bean (SPEC 4).
    expect(phone.get_by_test_id("sign-in-result")).to_have_text("签到成功，获得 1 京豆")
    expect(phone.get_by_test_id("streak-current")).to_have_text("1 天")
    expect(button).to_have_text("今日已签到")
    expect(phone.locator("[data-signed='true']")).to_have_count(1)
    screenshot(phone, "sign-in-zh")

    # A second tap on the same page keeps the success it already showed (and earns nothing).
    button.click(force=True)
    phone.wait_for_timeout(500)
    expect(phone.get_by_test_id("sign-in-result")).to_have_text("签到成功，获得 1 京豆")
    expect(phone.get_by_test_id("streak-current")).to_have_text("1 天")

    phone.get_by_test_id("tab-home").click()
    expect(phone.get_by_test_id("home-balance")).to_have_text("1")

    # Another device the same day is told it is done for today.
    other = phone.context.browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = other.new_page()
        page.goto(f"{app_server.url}/login")
        wait_until_hydrated(page)
        page.get_by_test_id("input-username").fill(username)
        page.get_by_test_id("input-password").fill("a-long-passphrase")
        page.get_by_test_id("submit-login").click()
        page.get_by_test_id("tier-name").wait_for()
        page.goto(f"{app_server.url}/sign-in")
        page.get_by_test_id("sign-in-button").click(force=True)
        expect(page.get_by_test_id("sign-in-result")).to_have_text("今天已经签过到了，明天再来")
    finally:
        other.close()
