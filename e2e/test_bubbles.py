"""Collect-to-claim (SPEC 13, Alipay): the day's sign-in point and each order's subsidy wait on
Home as bubbles; a tap collects one, a double tap still once, and the collected bubble keeps
its place while the page is open; a bubble about to lapse says so.

Figures by hand: an order of 100 yuan earns floor(100 / 20) = 5 points at once and its drawn
subsidy (sha256 of the event id, first 8 bytes mod 6; the id is chosen so it draws 3) waits;
each day's sign-in is worth 1 (Alipay's flat ladder). A bubble can be collected on its day and
the six after: one offered 6 days ago lapses tonight.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    DESKTOP,
    AppServer,
    api,
    in_postgres_pass_only,
    log_in,
    member_token,
    new_member,
    screenshot,
    send_events,
)
from tests.support.subsidy import id_drawing

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _alipay_member(server: AppServer) -> tuple[str, str]:
    """A fresh Alipay member with an order yesterday (subsidy 3) and sign-ins yesterday and
    6 days ago; (username, the order event's id)."""
    username = new_member(server, "alipay", "b")
    order_event = id_drawing(3, f"{username}-pay")
    now = datetime.now(UTC)
    send_events(server, username, [
        {"id": order_event, "type": "order_paid", "at": now - timedelta(days=1),
         "order_id": "O-1", "amount": "100", "category": "food"},
        {"id": f"{username}-s1", "type": "signed_in", "at": now - timedelta(days=1)},
        {"id": f"{username}-s6", "type": "signed_in", "at": now - timedelta(days=6)},
    ])
    return username, order_event


def _bubble(page: Page, event_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f"[data-bubble='{event_id}']")


def test_a_member_collects_bubbles_on_home_once_each(app_server: AppServer,
                                                     phone: Page) -> None:
    username, order_event = _alipay_member(app_server)
    log_in(phone, app_server, username)
    expect(phone.get_by_test_id("bubbles-title")).to_have_text("待领取 5 积分")  # 3 + 1 + 1
    expect(phone.get_by_test_id("bubble")).to_have_count(3)
    expect(phone.get_by_test_id("home-balance")).to_have_text("5")
    # oldest first: the sign-in of 6 days ago is on its last day
    expect(phone.get_by_test_id("bubble-lapses").first).to_have_text("今天过期")
    expect(_bubble(phone, order_event)).to_contain_text("+3")
    expect(_bubble(phone, order_event)).to_contain_text("购物补贴")
    screenshot(phone, "bubbles-home-zh")

    # A double tap with the mouse at the bubble's place, then one more tap there once the
    # answer is in: the bubble stays where it was, collected, so neither the second nor the
    # third tap reaches its neighbour.
    bubble = _bubble(phone, order_event)
    box = bubble.bounding_box()
    assert box is not None
    bubble.dblclick(force=True)  # it bobs: never "stable" for the actionability check
    expect(phone.get_by_test_id("bubble-collected")).to_have_text("已领取 3 积分")
    expect(phone.get_by_test_id("home-balance")).to_have_text("8")
    expect(phone.get_by_test_id("bubbles-title")).to_have_text("待领取 2 积分")
    expect(phone.get_by_test_id("bubble")).to_have_count(2)
    expect(phone.get_by_test_id("bubble-done")).to_have_count(1)
    expect(_bubble(phone, order_event)).to_have_attribute("data-testid", "bubble-done")
    expect(phone.get_by_test_id("bubble-done-label")).to_have_text("已领取")
    after = _bubble(phone, order_event).bounding_box()
    assert after is not None  # the same place, give or take the waiting bubble's 4 px bob
    assert abs(after["x"] - box["x"]) < 1 and abs(after["y"] - box["y"]) <= 4.5
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.wait_for_timeout(500)
    me = api(app_server, "GET", "/api/v1/me", token=member_token(app_server, username))
    assert (me["points_balance"], me["points_pending"]) == (8, 2)
    screenshot(phone, "bubbles-collected-zh")

    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("bubbles-title")).to_have_text("2 points to collect")
    expect(phone.get_by_test_id("bubble-done")).to_have_count(0)  # a page opened afresh
    expect(phone.get_by_test_id("bubble-lapses").first).to_have_text("Lapses today")
    screenshot(phone, "bubbles-home-en")

    # Today's sign-in offers one more, and says where it waits.
    phone.get_by_test_id("home-sign-in").click()
    phone.get_by_test_id("sign-in-button").click()
    expect(phone.get_by_test_id("sign-in-result")).to_have_text(
        "Signed in! +1 point waiting on Home: tap the bubble to collect")
    phone.get_by_test_id("tab-home").click()
    expect(phone.get_by_test_id("bubble")).to_have_count(3)
    expect(phone.get_by_test_id("bubbles-title")).to_have_text("3 points to collect")


@in_postgres_pass_only
def test_bubbles_on_a_desktop_in_both_languages(app_server: AppServer, browser: Browser) -> None:
    username, _ = _alipay_member(app_server)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        log_in(page, app_server, username)
        expect(page.get_by_test_id("bubble")).to_have_count(3)
        screenshot(page, "bubbles-desktop-zh")
        page.get_by_test_id("language-toggle").click()
        expect(page.get_by_test_id("bubbles-title")).to_have_text("5 points to collect")
        screenshot(page, "bubbles-desktop-en")
    finally:
        context.close()
