"""A member joins the PLUS trial, sees when it ends, and is refused a second trial."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from e2e.support import AppServer, register, screenshot


def test_plus_trial_once(app_server: AppServer, phone: Page) -> None:
    register(phone, app_server.url, f"plus_{uuid.uuid4().hex[:8]}", "a long password 1")
    phone.goto(f"{app_server.url}/me")
    phone.get_by_test_id("link-plus").click()
    status = phone.get_by_test_id("plus-status")
    expect(status).to_have_attribute("data-active", "false")
    expect(status).to_have_text("尚未开通 PLUS")
    screenshot(phone, "plus-zh")

    phone.get_by_test_id("plus-trial").click()
    result = phone.get_by_test_id("plus-result")
    expect(result).to_have_attribute("data-ok", "true")
    expect(result).to_contain_text("试用已开通")
    expect(status).to_have_attribute("data-active", "true")
    end_date = phone.get_by_test_id("plus-end-date")
    expect(end_date).to_have_text(re.compile(r"有效期至 \d{4}年\d{1,2}月\d{1,2}日"))

    phone.get_by_test_id("plus-trial").click()
    expect(result).to_have_attribute("data-ok", "false")
    expect(result).to_have_text("每位会员只能试用一次 PLUS")
    expect(status).to_have_attribute("data-active", "true")
    screenshot(phone, "plus-active-zh")

    phone.get_by_test_id("language-toggle").click()
    expect(status).to_have_text("PLUS is active")
    expect(end_date).to_have_text(re.compile(r"Active until \w+ \d{1,2}, \d{4}"))
    phone.get_by_test_id("plus-trial").click()
    expect(result).to_have_text("The PLUS trial can be used only once")
    screenshot(phone, "plus-en")

    # Renewing while active extends the end date by a paid year (sandbox provider).
    before = end_date.inner_text()
    phone.get_by_test_id("plus-annual").click()
    expect(result).to_have_attribute("data-ok", "true")
    expect(end_date).not_to_have_text(before)
