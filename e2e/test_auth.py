"""Register, log in, log out; member pages are closed to strangers."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from e2e.support import AppServer, register, screenshot, wait_until_hydrated

PASSWORD = "a-long-passphrase"


@pytest.mark.parametrize("route", ["/", "/sign-in", "/me"])
def test_a_member_page_without_login_redirects_to_login(
    app_server: AppServer, phone: Page, route: str
) -> None:
    phone.goto(f"{app_server.url}{route}")
    phone.wait_for_url("**/login?next=**")
    expect(phone.get_by_test_id("submit-login")).to_be_visible()


def test_register_log_out_and_log_in_again(app_server: AppServer, phone: Page) -> None:
    username = f"m_{uuid.uuid4().hex[:10]}"
    register(phone, app_server.url, username, PASSWORD)
    # A new JD member starts at the lowest tier.
    expect(phone.get_by_test_id("tier-name")).to_have_attribute("data-tier", "registered")

    phone.goto(f"{app_server.url}/me")
    expect(phone.get_by_test_id("me-username")).to_have_text(username)
    phone.get_by_test_id("logout").click()
    phone.wait_for_url(re.compile(r".*/login/?$"))

    phone.goto(f"{app_server.url}/me")
    phone.wait_for_url("**/login?next=**")
    wait_until_hydrated(phone)
    phone.get_by_test_id("input-username").fill(username)
    phone.get_by_test_id("input-password").fill(PASSWORD)
    phone.get_by_test_id("submit-login").click()
    phone.wait_for_url(re.compile(r".*/me/?$"))
    expect(phone.get_by_test_id("me-username")).to_have_text(username)


def test_a_wrong_password_is_refused_with_a_translated_message(
    app_server: AppServer, phone: Page
) -> None:
    phone.goto(f"{app_server.url}/login")
    wait_until_hydrated(phone)
    phone.get_by_test_id("input-username").fill("demo_jd")
    phone.get_by_test_id("input-password").fill("not-the-password")
    phone.get_by_test_id("submit-login").click()
    expect(phone.get_by_test_id("auth-error")).to_have_text("用户名或密码错误")
    screenshot(phone, "login-error-zh")


def test_a_taken_username_is_refused(app_server: AppServer, phone: Page) -> None:
    phone.goto(f"{app_server.url}/login")
    phone.get_by_test_id("show-register").click()
    phone.get_by_test_id("submit-register").wait_for()
    phone.get_by_test_id("input-username").fill("demo_jd")
    phone.get_by_test_id("input-password").fill(PASSWORD)
    phone.get_by_test_id("submit-register").click()
    expect(phone.get_by_test_id("auth-error")).to_have_text("用户名已被占用")
