"""Register, log in, log out; member pages are closed to strangers."""

from __future__ import annotations

import json
import re
import urllib.error
import uuid

import pytest
from playwright.sync_api import Page, expect

from e2e.support import PASSWORD as SUPPORT_PASSWORD
from e2e.support import (
    AppServer,
    HeldAnswers,
    api,
    log_in,
    member_token,
    member_with,
    new_member,
    register,
    screenshot,
    submit_login,
    wait_until_hydrated,
)

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
    submit_login(phone, username, PASSWORD)
    phone.wait_for_url(re.compile(r"^[^?]*/me/?$"))  # not /login?next=/me/
    expect(phone.get_by_test_id("me-username")).to_have_text(username)


def test_the_next_member_in_a_tab_never_sees_the_last_ones_figures(
    app_server: AppServer, phone: Page
) -> None:
    """On a shared phone: A logs out, B logs in in the same tab. While B's home is still on
    its way, the page's state holds A's figures; it waits for B's instead of showing A's."""
    first = new_member(app_server, "alipay", "a")  # 大众会员
    second = new_member(app_server, "jd", "b")
    log_in(phone, app_server, first)
    expect(phone.get_by_test_id("tier-name")).to_have_text("大众会员")
    channel = HeldAnswers(phone, held_if=lambda message: "home_state" in str(message))
    phone.reload()  # through the relay from here on
    expect(phone.get_by_test_id("tier-name")).to_have_text("大众会员")
    phone.get_by_test_id("tab-me").click()
    phone.get_by_test_id("logout").click()
    phone.wait_for_url(re.compile(r".*/login/?$"))
    wait_until_hydrated(phone)
    channel.holding = True  # B's home figures wait
    submit_login(phone, second, SUPPORT_PASSWORD)
    phone.wait_for_url(re.compile(r"^[^?]*/$"))
    expect(phone.get_by_text("加载中…")).to_be_visible()
    expect(phone.get_by_text("大众会员")).to_have_count(0)
    channel.release()
    expect(phone.get_by_test_id("tier-name")).to_have_attribute("data-tier", "registered")


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


def _cookie_token(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "member_app_token")


def test_logging_out_ends_the_session_on_the_server(app_server: AppServer, phone: Page) -> None:
    """A copy of the token taken before logout (a stolen cookie) stops working at logout."""
    username = member_with(app_server, [])
    log_in(phone, app_server, username)
    copied = _cookie_token(phone)
    assert api(app_server, "GET", "/api/v1/me", token=copied)["member"]["username"] == username
    phone.goto(f"{app_server.url}/me")
    phone.get_by_test_id("logout").click()
    phone.wait_for_url(re.compile(r".*/login/?$"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        api(app_server, "GET", "/api/v1/me", token=copied)
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["error"] == "session_ended"


def test_changing_the_password_logs_every_device_out(app_server: AppServer, phone: Page) -> None:
    username = member_with(app_server, [])
    other_device = member_token(app_server, username)
    log_in(phone, app_server, username)
    phone.goto(f"{app_server.url}/me")
    phone.get_by_test_id("show-change-password").click()
    phone.get_by_test_id("input-current_password").fill("not my password")
    phone.get_by_test_id("input-new_password").fill("a brand new passphrase")
    phone.get_by_test_id("submit-change-password").click()
    expect(phone.get_by_test_id("password-error")).to_have_text("当前密码不正确")
    screenshot(phone, "me-change-password-zh", full_page=False)

    phone.get_by_test_id("input-current_password").fill(SUPPORT_PASSWORD)
    phone.get_by_test_id("submit-change-password").click()
    phone.wait_for_url("**/login?notice=password_changed")
    expect(phone.get_by_test_id("login-notice")).to_have_text("密码已修改，请用新密码登录")
    with pytest.raises(urllib.error.HTTPError) as refused:
        api(app_server, "GET", "/api/v1/me", token=other_device)
    assert refused.value.code == 401
    wait_until_hydrated(phone)
    phone.get_by_test_id("input-username").fill(username)
    phone.get_by_test_id("input-password").fill("a brand new passphrase")
    phone.get_by_test_id("submit-login").click()
    phone.get_by_test_id("tier-name").wait_for()
