"""Home, sign-in, points and coupons as a member reads them (issue #13 findings 3-6).

Two journeys, each in one browser context: a new member is welcomed, signs in, sees the
celebration and home updated (phone); then every demo programme's four screens in both
languages at desktop size, with screenshots (artifacts/screenshots/standing-*.png). The same
screens at phone size in both languages are e2e/test_language.py's screenshots.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

import rules
from e2e.support import DESKTOP, AppServer, in_sqlite_pass_only, login_as_demo, register, screenshot
from member_app.db import make_engine, transaction
from member_app.models import Standing
from member_app.services.members import find_member
from member_app.services.standing import decode

SCREENS = {"home": "/", "sign-in": "/sign-in", "points": "/points", "coupons": "/coupons"}
READY = {"home": "tier-card", "sign-in": "sign-in-button", "points": "ledger",
         "coupons": "wallet"}


def _loaded(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator(".rt-Spinner")).to_have_count(0)


def test_a_new_member_is_welcomed_signs_in_and_home_says_so(app_server: AppServer,
                                                             phone: Page) -> None:
    register(phone, app_server.url, f"n_{uuid.uuid4().hex[:10]}", "a-long-passphrase")
    # A welcome with what to do first, instead of an empty chart and "0 days".
    expect(phone.get_by_test_id("tier-card")).to_have_attribute("data-goal", "new")
    expect(phone.get_by_test_id("welcome-step")).to_have_count(3)
    expect(phone.get_by_test_id("monthly-chart")).to_have_count(0)
    card = phone.get_by_test_id("home-sign-in")
    expect(card).to_contain_text("开始连续签到")
    # Day 1 of a JD streak earns min(1, 7) = 1 bean.
    expect(card).to_contain_text("今日签到领 1 京豆")
    screenshot(phone, "standing-new-home-zh")

    phone.get_by_test_id("welcome-step").first.click()
    button = phone.get_by_test_id("sign-in-button")
    expect(button).to_have_text("签到领 1 京豆")
    expect(phone.get_by_test_id("sign-in-tomorrow")).to_have_text("明天继续签到可领 2 京豆")
    expect(phone.get_by_test_id("ladder-note")).to_contain_text("第 7 天起每天都领 7 京豆")
    button.click()
    expect(phone.get_by_test_id("sign-in-celebration")).to_contain_text("+1 京豆")
    expect(button).to_have_text("今日已签到")
    expect(phone.get_by_test_id("sign-in-tomorrow")).to_have_text("明天继续签到可领 2 京豆")
    expect(phone.locator("[data-signed='true']")).to_have_count(1)
    screenshot(phone, "standing-new-sign-in-zh")

    phone.get_by_test_id("tab-home").click()
    card = phone.get_by_test_id("home-sign-in")
    expect(card).to_have_attribute("data-signed-today", "true")
    expect(card).to_contain_text("今日已签到")
    expect(card).to_contain_text("已连续签到 1 天")
    expect(card).not_to_contain_text("›")
    expect(phone.get_by_test_id("home-balance")).to_have_text("1")

    phone.get_by_test_id("tab-coupons").click()
    expect(phone.get_by_test_id("empty-unused")).to_contain_text("京豆")
    # Nothing to sell yet: no button that would open an empty "sellable" filter.
    expect(phone.get_by_test_id("empty-my-listings")).to_be_visible()
    expect(phone.get_by_test_id("empty-my-listings-action")).to_have_count(0)
    screenshot(phone, "standing-new-coupons-zh")
    phone.get_by_test_id("tab-points").click()
    expect(phone.get_by_test_id("ledger-title")).to_have_text("京豆明细")
    expect(phone.get_by_test_id("ledger-row")).to_have_count(1)
    expect(phone.get_by_test_id("ledger-row")).to_contain_text("每日签到")


def _standing(server: AppServer, username: str) -> tuple[rules.Program, Any]:
    """The standing the server stored when it showed the home page, read as it is: its
    `today` is the server's local day (the suite may run the server on a shifted clock)."""
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            member = find_member(session=session, ref=username)
            body = session.exec(select(Standing.body)
                                .where(Standing.member_id == member.id)).one()
            return rules.load_program(member.program), decode(body)
    finally:
        engine.dispose()


def _shown_sources(program: rules.Program, monthly: Any, today: Any) -> list[str]:
    """The sources with growth in the 12 local months ending with today's, counted here."""
    keys, year, month = [], today.year, today.month
    for _ in range(12):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [source for source in program.sources
            if any(monthly.get(key, {}).get(source, 0) for key in keys)]


@in_sqlite_pass_only
def test_home_sign_in_points_and_coupons_in_each_programmes_words_on_a_desktop(
        app_server: AppServer, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    try:
        for username in ("demo_jd", "demo_fliggy", "demo_alipay"):
            login_as_demo(page, app_server.url, username)
            program, standing = _standing(app_server, username)
            _check_home(page, program, standing)
            _check_coupons(page, app_server)
            for lang in ("zh", "en"):
                for screen, route in SCREENS.items():
                    page.goto(f"{app_server.url}{route}")
                    page.get_by_test_id(READY[screen]).wait_for()
                    _loaded(page)
                    if lang == "zh" and program.code != "alipay":
                        # JD pays in 京豆, Fliggy in 里程: never 积分 where they are meant
                        # (the page's own content; the shared tab bar is the frame's).
                        assert "积分" not in page.locator("main").inner_text(), screen
                    screenshot(page, f"standing-{screen}-{username}-{lang}-desktop")
                if lang == "zh":
                    page.get_by_test_id("language-toggle").click()
                    expect(page.get_by_test_id("language-toggle")).to_have_text("中文")
            page.get_by_test_id("language-toggle").click()
            expect(page.get_by_test_id("language-toggle")).to_have_text("English")
    finally:
        context.close()


def _check_home(page: Page, program: rules.Program, standing: Any) -> None:
    expected_goal = ("restricted" if standing.restricted else "keep" if standing.next_tier is None
                     else "invitation" if program.tier(standing.next_tier).requires_invitation
                     and standing.to_next == 0 else "climb")
    expect(page.get_by_test_id("tier-card")).to_have_attribute("data-goal", expected_goal)
    growth_name = program.growth_names.zh
    expect(page.get_by_test_id("breakdown-title")).to_have_text(f"{growth_name}来源")
    expect(page.get_by_test_id("chart-caption")).to_contain_text(f"单位：{growth_name}")
    # The 12 months end with this one (in Shanghai), with their years.
    today = standing.today
    expect(page.get_by_test_id("chart-caption")).to_contain_text(
        f"{today.year}年{today.month}月")
    shown = _shown_sources(program, standing.monthly, today)
    legend = page.get_by_test_id("chart-legend").locator("[data-source]")
    expect(legend).to_have_count(len(shown))
    for index, source in enumerate(shown):
        expect(legend.nth(index)).to_have_text(program.sources[source].zh)


def _check_coupons(page: Page, server: AppServer) -> None:
    page.goto(f"{server.url}/coupons")
    _loaded(page)
    sellable = page.get_by_test_id("segment-sellable")
    count = int(re.sub(r"\D", "", sellable.inner_text()))
    if count:
        sellable.click()
        cards = page.locator("[data-testid^='coupon-'][data-state]")
        expect(cards.first).to_have_attribute("data-sellable", "true")
        assert all(card.get_attribute("data-sellable") == "true" for card in cards.all())
        page.get_by_test_id("segment-unused").click()
        first = page.locator("[data-testid^='use-']").first
        first.click()
        expect(page.get_by_test_id("use-code")).to_have_text(re.compile(r"^\d{4} \d{4}$"))
        screenshot(page, "standing-coupon-use-sheet", full_page=False)
        page.get_by_test_id("use-close").click()
        expect(page.get_by_test_id("use-sheet")).to_have_count(0)
    else:
        page.get_by_test_id("segment-sellable").click()
        expect(page.get_by_test_id("empty-sellable-action")).to_be_visible()
        page.get_by_test_id("segment-unused").click()
