"""Member A lists a coupon; member B, in another browser, buys it; both see what happened."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE
from e2e.support import (
    ROOT,
    AppServer,
    api,
    close_sheet,
    confirm_in_sheet,
    member_token,
    screenshot,
    wait_until_hydrated,
)

PASSWORD = "a long password 1"
PRICE = 300
FEE = PRICE * 5 // 100  # SPEC 7: 5%, rounded down


def _platform_token(server: AppServer) -> str:
    env = {**os.environ, "MEMBER_APP_DATA_DIR": str(server.data_dir)}
    return subprocess.run([sys.executable, "-m", "member_app", "token", "--platform"], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


def _post(server: AppServer, path: str, body: object, token: str | None = None) -> dict:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{server.url}{path}", data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (loopback)
        return json.loads(response.read())


def _member_with(server: AppServer, token: str, events: list[dict]) -> str:
    """A fresh JD member created through the API, with these platform events."""
    username = f"m_{uuid.uuid4().hex[:10]}"
    _post(server, "/api/v1/members", {"username": username, "password": PASSWORD,
                                      "program": "jd"})
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    _post(server, "/api/v1/events", [
        {"id": f"{username}-{index}", "member": username, "at": yesterday, **event}
        for index, event in enumerate(events)], token)
    return username


def _log_in(page: Page, server: AppServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    wait_until_hydrated(page)
    page.get_by_test_id("input-username").fill(username)
    page.get_by_test_id("input-password").fill(PASSWORD)
    page.get_by_test_id("submit-login").click()
    page.get_by_test_id("tier-name").wait_for()


def _expect_balance(page: Page, points: int) -> None:
    """Waits for the balance to show `points`: after a reload the page first shows the old state."""
    exact = re.compile(rf"(?<![\d,]){re.escape(f'{points:,}')}(?![\d,])")
    expect(page.get_by_test_id("coupons-balance")).to_have_text(exact)


def _balance(page: Page) -> int:
    text = page.get_by_test_id("coupons-balance").inner_text()
    return int(re.sub(r"[^\d]", "", text))


def test_a_coupon_changes_hands(app_server: AppServer, browser: Browser, phone: Page) -> None:
    token = _platform_token(app_server)
    # 600 yuan of electronics earns the bronze badge, whose coupon (¥5) is transferable.
    seller_name = _member_with(app_server, token, [
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "electronics", "payment": "jdpay"}])
    buyer_name = _member_with(app_server, token, [
        {"type": "task_completed", "task": "welcome", "points": 1000}])

    seller = phone
    _log_in(seller, app_server, seller_name)
    seller.goto(f"{app_server.url}/coupons")
    expect(seller.get_by_test_id("wallet")).to_be_visible()
    seller_before = _balance(seller)
    sell = seller.locator("[data-testid^='sell-']").filter(has_text="出售").first
    coupon_id = int(sell.get_attribute("data-testid").removeprefix("sell-"))
    sell.click()
    price = seller.get_by_test_id("sell-price")
    price.fill("999999")
    expect(seller.get_by_test_id("sell-error")).to_contain_text("价格不能超过 500")
    price.fill(str(PRICE))
    expect(seller.get_by_test_id("sell-preview")).to_have_text(
        f"手续费 5%：{FEE}，到手 {PRICE - FEE}")
    screenshot(seller, "coupons-sell-zh")
    seller.get_by_test_id("sell-submit").click()
    expect(seller.get_by_test_id("coupons-result")).to_have_attribute("data-ok", "true")
    mine = seller.locator("[data-testid^='my-listing-']")
    expect(mine).to_have_count(1)
    listing_id = int(mine.get_attribute("data-testid").removeprefix("my-listing-"))
    expect(seller.get_by_test_id(f"coupon-{coupon_id}")).to_contain_text("挂售中")
    screenshot(seller, "coupons-zh")

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="en-US")
    try:
        buyer = context.new_page()
        _log_in(buyer, app_server, buyer_name)
        buyer.goto(f"{app_server.url}/coupons")
        expect(buyer.get_by_test_id("page-title")).to_have_text("My coupons")
        buyer_before = _balance(buyer)
        expect(buyer.get_by_test_id(f"listing-{listing_id}")).to_contain_text(f"{PRICE}")
        screenshot(buyer, "coupons-en")
        buyer.get_by_test_id(f"buy-{listing_id}").click()
        expect(buyer.get_by_test_id("sheet-pay")).to_contain_text(f"{PRICE}")
        screenshot(buyer, "market-buy-sheet-en", full_page=False)
        # A double tap buys once, and the buyer is told it worked (not "already sold").
        bought = confirm_in_sheet(buyer, taps=2)
        expect(bought).to_have_attribute("data-ok", "true")
        close_sheet(buyer)
        expect(buyer.get_by_test_id(f"coupon-{coupon_id}")).to_be_visible()
        expect(buyer.get_by_test_id(f"listing-{listing_id}")).to_have_count(0)
        _expect_balance(buyer, buyer_before - PRICE)
        # Through the API too: the double tap took the price once.
        me = api(app_server, "GET", "/api/v1/me", token=member_token(app_server, buyer_name))
        assert me["points_balance"] == buyer_before - PRICE
        # Bought coupons are locked for 24 hours: no sell button on it.
        expect(buyer.get_by_test_id(f"sell-{coupon_id}")).to_have_count(0)
    finally:
        context.close()

    seller.reload()
    expect(seller.locator("[data-testid^='my-listing-']")).to_have_count(0)
    expect(seller.get_by_test_id(f"coupon-{coupon_id}")).to_have_count(0)
    _expect_balance(seller, seller_before + PRICE - FEE)
    seller.goto(f"{app_server.url}/points")
    sale = seller.get_by_test_id("ledger-row").first
    expect(sale).to_contain_text("卡券出售收入")
    expect(sale).to_contain_text(f"+{PRICE - FEE}")
    # The coupon that was sold, in words; no listing number.
    expect(sale).to_contain_text("卡券：")
    assert f"#{listing_id}" not in sale.inner_text()


def test_own_listing_cannot_be_bought_and_can_be_withdrawn(app_server: AppServer,
                                                           phone: Page) -> None:
    token = _platform_token(app_server)
    seller_name = _member_with(app_server, token, [
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "books", "payment": "jdpay"}])
    _log_in(phone, app_server, seller_name)
    phone.goto(f"{app_server.url}/coupons")
    phone.locator("[data-testid^='sell-']").filter(has_text="出售").first.click()
    phone.get_by_test_id("sell-price").fill("100")
    phone.get_by_test_id("sell-submit").click()
    mine = phone.locator("[data-testid^='my-listing-']")
    expect(mine).to_have_count(1)
    listing_id = mine.get_attribute("data-testid").removeprefix("my-listing-")
    # Not offered in the market to its own seller.
    expect(phone.get_by_test_id(f"buy-{listing_id}")).to_have_count(0)
    phone.get_by_test_id(f"withdraw-{listing_id}").click()
    expect(phone.get_by_test_id("coupons-result")).to_contain_text("已下架")
    expect(mine).to_have_count(0)
