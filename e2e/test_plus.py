"""A member joins the PLUS trial, sees when it ends, and is refused a second trial; the
savings statement (SPEC 13) says what PLUS would save, then what it saved, by hand: a new
member has no orders, so only the video month counts (1,500 beans at 100 = 1 yuan: 15 yuan),
and only once a year is paid (a trial has none)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from e2e.support import AppServer, close_sheet, confirm_in_sheet, register, screenshot


def test_plus_trial_once(app_server: AppServer, phone: Page) -> None:
    register(phone, app_server.url, f"plus_{uuid.uuid4().hex[:8]}", "a long password 1")
    phone.goto(f"{app_server.url}/me")
    phone.get_by_test_id("link-plus").click()
    status = phone.get_by_test_id("plus-status")
    expect(status).to_have_attribute("data-active", "false")
    expect(status).to_have_text("尚未开通 PLUS")
    savings = phone.get_by_test_id("plus-savings")
    expect(savings).to_have_attribute("data-kind", "prospect")
    expect(phone.get_by_test_id("plus-saved")).to_have_text("开通 PLUS，过去 12 个月可多省 ¥15")
    expect(phone.get_by_test_id("plus-saved-verdict")).to_have_text("再省 ¥134 即可回本")
    screenshot(phone, "plus-zh")

    phone.get_by_test_id("plus-trial").click()
    expect(phone.get_by_test_id("sheet-pay")).to_have_text(re.compile("无需付费"))
    screenshot(phone, "plus-trial-sheet-zh", full_page=False)
    # A double tap on the confirm button starts one trial and keeps its success on screen.
    sheet_result = confirm_in_sheet(phone, taps=2)
    expect(sheet_result).to_have_attribute("data-ok", "true")
    expect(sheet_result).to_contain_text("试用已开通")
    close_sheet(phone)
    result = phone.get_by_test_id("plus-result")
    expect(result).to_contain_text("试用已开通")
    expect(status).to_have_attribute("data-active", "true")
    end_date = phone.get_by_test_id("plus-end-date")
    expect(end_date).to_have_text(re.compile(r"有效期至 \d{4}年\d{1,2}月\d{1,2}日"))
    # A PLUS member is not offered the trial any more.
    expect(phone.get_by_test_id("plus-trial")).to_have_count(0)
    expect(savings).to_have_attribute("data-kind", "member")
    expect(phone.get_by_test_id("plus-saved")).to_have_text("今年已为你省 ¥0")
    expect(phone.get_by_test_id("plus-saved-since")).to_have_text("开通以来共省 ¥0，已付年费 ¥0")
    screenshot(phone, "plus-active-zh")

    phone.get_by_test_id("language-toggle").click()
    expect(status).to_have_text("PLUS is active")
    expect(end_date).to_have_text(re.compile(r"Active until \w+ \d{1,2}, \d{4}"))
    screenshot(phone, "plus-en")

    # Renewing while active extends the end date by a paid year, through the payment step.
    before = end_date.inner_text()
    phone.get_by_test_id("plus-annual").click()
    expect(phone.get_by_test_id("payment-step")).to_be_visible()
    screenshot(phone, "plus-annual-sheet-en", full_page=False)
    expect(confirm_in_sheet(phone, payment="pay")).to_have_attribute("data-ok", "true")
    close_sheet(phone)
    expect(end_date).not_to_have_text(before)
    # The paid year brings the video month and its fee into the statement.
    expect(phone.get_by_test_id("plus-saved")).to_have_text("¥15 saved this year")
    expect(phone.get_by_test_id("plus-saved-lines")).to_contain_text("−¥149")
    expect(phone.get_by_test_id("plus-saved-verdict")).to_have_text(
        "¥134 to go to earn back the fee")
    expect(phone.get_by_test_id("plus-saved-since")).to_have_text(
        "Since joining: ¥15 saved, ¥149 paid in fees")
    phone.get_by_test_id("plus-savings").scroll_into_view_if_needed()
    screenshot(phone, "plus-savings-en")
    phone.goto(f"{app_server.url}/")
    saved = phone.get_by_test_id("home-plus-saved")
    expect(saved).to_have_text("PLUS saved you ¥15 this year")
    screenshot(phone, "home-plus-saved-en")
    saved.click()
    expect(phone.get_by_test_id("plus-saved")).to_have_text("¥15 saved this year")
