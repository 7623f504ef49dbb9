"""Member A lists a coupon; member B, in another browser, buys it; both see what happened."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    PHONE,
    AppServer,
    api,
    close_sheet,
    confirm_in_sheet,
    log_in,
    member_token,
    member_with,
    platform_token,
    screenshot,
)

PRICE = 300
FEE = PRICE * 5 // 100  # SPEC 7: 5%, rounded down


def _expect_balance(page: Page, points: int) -> None:
    """Waits for the balance to show `points`: after a reload the page first shows the old state."""
    exact = re.compile(rf"(?<![\d,]){re.escape(f'{points:,}')}(?![\d,])")
    expect(page.get_by_test_id("coupons-balance")).to_have_text(exact)


def _balance(page: Page) -> int:
    text = page.get_by_test_id("coupons-balance").inner_text()
    return int(re.sub(r"[^\d]", "", text))


def test_a_coupon_changes_hands(app_server: AppServer, browser: Browser, phone: Page) -> None:
    token = platform_token(app_server)
    # 600 yuan of electronics earns the bronze badge, whose coupon (¥5) is transferable.
    seller_name = member_with(app_server, token=token, events=[
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "electronics", "payment": "jdpay"}])
    buyer_name = member_with(app_server, token=token, events=[
        {"type": "task_completed", "task": "welcome", "points": 1000}])

    seller = phone
    log_in(seller, app_server, seller_name)
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
        log_in(buyer, app_server, buyer_name)
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
    token = platform_token(app_server)
    seller_name = member_with(app_server, token=token, events=[
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "books", "payment": "jdpay"}])
    log_in(phone, app_server, seller_name)
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
