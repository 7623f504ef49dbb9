"""A refund after spending (SPEC 6): the member's pages keep working and the points page names
the debt, in both languages, at phone and desktop size (artifacts/screenshots/debt-*).

Hand-computed: 5,000 yuan earns 500 beans; the cheapest own-catalog item is spent; the full
refund reverses all 500, so the balance is (500 - price) - 500 = -price, owed.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from e2e.support import (
    DESKTOP,
    PHONE,
    AppServer,
    api,
    log_in,
    member_token,
    member_with,
    platform_token,
    screenshot,
)

DEBT_TEXT = {"zh": "因退款尚欠 {n} 京豆", "en": "{n} JD beans owed after a refund"}


def _member_in_debt(server: AppServer) -> tuple[str, int]:
    username = member_with(server, [{"type": "order_paid", "order_id": "D1", "amount": "5000",
                                     "category": "food"}])
    token = member_token(server, username)
    items = api(server, "GET", "/api/v1/catalog", token=token)["items"]
    item = min((i for i in items if i["kind"] == "own" and not i["cash_fen"] and i["points"] <= 500
                and (i["stock_left"] is None or i["stock_left"] > 0)), key=lambda i: i["points"])
    bought = api(server, "POST", "/api/v1/me/redemptions", {"item_id": item["id"],
                 "quantity": 1}, token=token, idempotency_key=uuid.uuid4().hex)
    assert bought["balance"] == 500 - item["points"]
    api(server, "POST", "/api/v1/events", [{
        "id": f"{username}-refund", "member": username, "type": "order_refunded",
        "at": api(server, "GET", "/api/v1/me", token=token)["at"], "order_id": "D1",
        "amount": "5000"}], platform_token(server))
    return username, int(item["points"])


@pytest.fixture(scope="module")
def debtor(app_server: AppServer) -> tuple[str, int]:
    return _member_in_debt(app_server)


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_a_debt_is_named_and_the_pages_still_work(app_server: AppServer, browser: Browser,
                                                   debtor: tuple[str, int], size: str,
                                                   viewport: dict[str, int],
                                                   locale: str) -> None:
    username, price = debtor
    lang = locale[:2]
    context = browser.new_context(viewport=viewport, locale=locale, is_mobile=size == "phone",
                                  has_touch=size == "phone")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        log_in(page, app_server, username)  # home loads: the member is not frozen
        page.goto(f"{app_server.url}/points")
        expect(page.get_by_test_id("points-balance")).to_have_text(f"-{price}")
        expect(page.get_by_test_id("points-debt")).to_contain_text(
            DEBT_TEXT[lang].format(n=price))
        screenshot(page, f"debt-{size}-{lang}")
        page.goto(f"{app_server.url}/sign-in")
        page.get_by_test_id("sign-in-button").wait_for()
    finally:
        context.close()
