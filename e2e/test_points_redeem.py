"""A member redeems catalog items and sees the points leave their balance and enter the ledger."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from e2e.support import AppServer, close_sheet, confirm_in_sheet, login_as_demo, screenshot
from member_app.db import make_engine, transaction
from member_app.models import CatalogItem


def _item_ids(server: AppServer) -> dict[str, tuple[int, int]]:
    """code -> (id, points) of the catalog the server seeded."""
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            return {item.code: (item.id, item.points)
                    for item in session.exec(select(CatalogItem)).all()}
    finally:
        engine.dispose()


def _figure(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def test_redeeming_an_item_spends_its_price_and_shows_in_the_ledger(app_server: AppServer,
                                                                    phone: Page) -> None:
    items = _item_ids(app_server)
    tree_id, tree_price = items["tree_donation"]
    login_as_demo(phone, app_server.url, "demo_jd")
    phone.goto(f"{app_server.url}/points")
    balance = phone.get_by_test_id("points-balance")
    expect(balance).to_have_text(re.compile(r"\d"))
    before = _figure(balance.inner_text())
    expect(phone.get_by_test_id("ledger-row").first).to_be_visible()
    screenshot(phone, "points-zh")

    phone.get_by_test_id("go-redeem").click()
    expect(phone.get_by_test_id("page-title")).to_have_text("兑换中心")
    # Every spending way of SPEC 6 is on the page; games publish odds and expected value.
    for kind in ("own", "points_cash", "activity", "jd_bean"):
        expect(phone.get_by_test_id(f"catalog-{kind}")).to_be_visible()
    expect(phone.get_by_test_id("expected-value").first).to_contain_text("平均每次回报")
    screenshot(phone, "redeem-zh")

    phone.get_by_test_id(f"redeem-{tree_id}").click()
    # The sheet says what is spent and what is received before anything happens.
    expect(phone.get_by_test_id("sheet-pay")).to_contain_text(f"{tree_price:,} 京豆")
    expect(phone.get_by_test_id("sheet-get")).to_contain_text("公益种树")
    screenshot(phone, "redeem-sheet-zh", full_page=False)
    sheet_result = confirm_in_sheet(phone)
    expect(sheet_result).to_have_attribute("data-ok", "true")
    screenshot(phone, "redeem-sheet-done-zh", full_page=False)
    close_sheet(phone)
    result = phone.get_by_test_id("redeem-result")
    expect(result).to_have_attribute("data-ok", "true")
    expect(result).to_contain_text("兑换成功")
    expect(result).to_contain_text(f"{before - tree_price:,}")
    expect(phone.get_by_test_id("redeem-balance")).to_contain_text(f"{before - tree_price:,}")

    phone.get_by_test_id("back-link").click()
    expect(balance).to_have_text(f"{before - tree_price:,}")
    newest = phone.get_by_test_id("ledger-row").first
    expect(newest).to_contain_text("京豆兑换")
    expect(newest).to_contain_text(f"−{tree_price:,}")
    # What was redeemed, in the member's words; never an internal id.
    expect(newest).to_contain_text("兑换商品：公益种树")
    assert not re.search(r"#\d|spend:|redemption:|demo-", newest.inner_text())

    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("page-title")).to_have_text("My balance")
    expect(newest).to_contain_text("Redeemed with JD beans")
    expect(newest).to_contain_text("Item: Plant a tree (donation)")
    screenshot(phone, "points-en")
    phone.goto(f"{app_server.url}/redeem")
    expect(phone.get_by_test_id("page-title")).to_have_text("Rewards")
    expect(phone.get_by_test_id("expected-value").first).to_contain_text("On average")
    screenshot(phone, "redeem-en")


def test_a_refusal_is_translated(app_server: AppServer, phone: Page) -> None:
    """The video month is limited to one per member: the second tap is refused, in words."""
    vip_id, _ = _item_ids(app_server)["video_vip_month"]
    login_as_demo(phone, app_server.url, "demo_jd")
    phone.goto(f"{app_server.url}/redeem")
    button = phone.get_by_test_id(f"redeem-{vip_id}")
    result = phone.get_by_test_id("redeem-result")
    button.click()
    expect(confirm_in_sheet(phone)).to_have_attribute("data-ok", "true")
    close_sheet(phone)
    expect(result).to_have_attribute("data-ok", "true")
    button.click()
    refusal = confirm_in_sheet(phone)
    expect(refusal).to_have_attribute("data-ok", "false")
    expect(refusal).to_have_text("已达到每人兑换上限")
    close_sheet(phone)
    expect(result).to_have_attribute("data-ok", "false")
    expect(result).to_have_text("已达到每人兑换上限")
