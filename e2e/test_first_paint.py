"""The home page's first response carries the member's tier card (member_app/first_paint.py):
it paints before the websocket has said anything, where the live card will be, and goes when
the live card comes.

Figures by hand: a fresh Alipay member with one order of 100 yuan has growth
floor(100 / 20) = 5, the first tier (大众会员 / Standard), and 2,000 - 5 = 1,995 to go to Gold.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.support import (
    DESKTOP,
    PHONE,
    AppServer,
    HeldAnswers,
    in_postgres_pass_only,
    in_sqlite_pass_only,
    member_token,
    new_member,
    screenshot,
    send_events,
)

EXPECTED = {
    "zh": ("大众会员", "5", "还差 1,995 成长值升级为黄金会员"),
    "en": ("Standard", "5", "1,995 more growth value to reach Gold"),
}


def _alipay_member(server: AppServer) -> str:
    username = new_member(server, "alipay", "fp")
    send_events(server, username, [
        {"type": "order_paid", "at": datetime.now(UTC) - timedelta(hours=2),
         "order_id": "O-1", "amount": "100", "category": "food"},
    ])
    return username


def _signed_in(browser: Browser, server: AppServer, username: str, size: dict[str, int],
               lang: str) -> BrowserContext:
    """A browser whose cookies say who is signed in and in which language, as the pages write
    them (the token names a session, as a login's does)."""
    context = browser.new_context(viewport=size, locale="zh-CN")
    context.add_cookies([
        {"name": "member_app_token", "value": member_token(server, username), "url": server.url},
        {"name": "member_app_locale", "value": lang, "url": server.url},
    ])
    return context


def _without_websocket(page: Page) -> None:
    """The page never hears from the server: what shows is what the first response drew."""
    page.route_web_socket("**/_event/**", lambda socket: None)


def test_the_first_response_draws_the_members_card(app_server: AppServer,
                                                   browser: Browser) -> None:
    username = _alipay_member(app_server)
    context = _signed_in(browser, app_server, username, PHONE, "zh")
    try:
        answer = context.request.get(app_server.url + "/")
        assert answer.ok
        assert answer.headers["cache-control"] == "private, no-store"
        assert "Cookie" in answer.headers["vary"]
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        html = answer.text()
        assert 'data-testid="first-paint-tier">大众会员<' in html
        # Without the member's cookie: the prerendered page as it always was.
        stranger = browser.new_context()
        try:
            plain = stranger.request.get(app_server.url + "/")
            assert plain.ok and "first-paint-card" not in plain.text()
            assert plain.headers.get("cache-control") != "private, no-store"
        finally:
            stranger.close()
    finally:
        context.close()


@pytest.mark.parametrize(("size", "lang"), [
    pytest.param(PHONE, "zh", id="phone-zh"),
    pytest.param(PHONE, "en", id="phone-en"),
    pytest.param(DESKTOP, "zh", id="desktop-zh"),
    pytest.param(DESKTOP, "en", id="desktop-en"),
])
@in_postgres_pass_only
def test_the_first_paint_is_where_the_live_card_comes_and_goes_when_it_does(
        app_server: AppServer, browser: Browser, size: dict[str, int], lang: str) -> None:
    tier, growth, goal = EXPECTED[lang]
    username = _alipay_member(app_server)
    context = _signed_in(browser, app_server, username, size, lang)
    try:
        waiting = context.new_page()
        _without_websocket(waiting)
        waiting.goto(app_server.url + "/")
        first = waiting.get_by_test_id("first-paint-card")
        expect(first).to_be_visible()
        expect(waiting.get_by_test_id("first-paint-tier")).to_have_text(tier)
        expect(first).to_contain_text(growth)
        expect(first).to_contain_text(goal)
        expect(waiting.get_by_test_id("tier-name")).to_have_count(0)  # no live card yet
        drawn = first.bounding_box()
        screenshot(waiting, f"first-paint-{'phone' if size == PHONE else 'desktop'}-{lang}",
                   full_page=False)
        waiting.close()

        live = context.new_page()
        errors: list[str] = []
        live.on("console", lambda note: errors.append(note.text) if note.type == "error" else None)
        live.on("pageerror", lambda error: errors.append(str(error)))
        live.goto(app_server.url + "/")
        expect(live.get_by_test_id("tier-name")).to_have_text(tier)
        expect(live.locator("#mc-first-paint")).to_have_count(0)  # out of the document
        card = live.get_by_test_id("tier-card").bounding_box()
        assert drawn is not None and card is not None
        # The same place and width as the live card: nothing jumps when it takes over.
        assert abs(drawn["x"] - card["x"]) <= 1 and abs(drawn["width"] - card["width"]) <= 1
        assert abs(drawn["y"] - card["y"]) <= 2, (drawn, card)
        # React hydrated the page as built (a mismatch is a console error, #418 minified):
        # the card beside its tree is none
        assert errors == []
        live.close()
    finally:
        context.close()


@in_sqlite_pass_only
def test_the_first_paint_never_comes_back_to_a_later_wait(app_server: AppServer,
                                                          browser: Browser) -> None:
    """The first response's card is taken out of the page once home's loading slot is gone:
    a tap on another tab before home loaded, then a later wait of home (the language changed
    on another page), never show it again."""
    username = _alipay_member(app_server)
    context = _signed_in(browser, app_server, username, PHONE, "zh")
    try:
        page = context.new_page()
        channel = HeldAnswers(page)
        # The member taps another tab before home has loaded: the card leaves with the slot.
        channel.holding = True
        page.goto(app_server.url + "/")
        expect(page.get_by_test_id("first-paint-tier")).to_have_text(EXPECTED["zh"][0])
        page.get_by_test_id("tab-me").click()
        expect(page.locator("#mc-first-paint")).to_have_count(0)
        channel.release()
        page.get_by_test_id("tab-points").click()
        page.get_by_test_id("language-toggle").click()
        expect(page.get_by_test_id("page-title")).to_have_text("My balance")
        channel.holding = True  # the server's answers wait: home shows its loading slot
        page.get_by_test_id("tab-home").click()
        expect(page.get_by_text("Loading…")).to_be_visible()
        expect(page.locator("#mc-first-paint")).to_have_count(0)
        channel.release()
        expect(page.get_by_test_id("tier-name")).to_have_text(EXPECTED["en"][0])
    finally:
        context.close()
