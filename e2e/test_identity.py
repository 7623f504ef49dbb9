"""Each programme wears its own colours and mark, on a phone and on a desktop (issue #13
findings 7, 8, 9): one walk per screen size over login, register, home and Me, for the three
demo programmes in both languages, with screenshots; and a new member's profile.

Few tests on purpose: one context per size, one demo login per programme, the walk in the
SQLite pass only (the look does not depend on the database); axe runs on the Fliggy and Alipay
screens (e2e/test_accessibility.py covers JD's).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    AppServer,
    in_sqlite_pass_only,
    register,
    screenshot,
    wait_until_hydrated,
)
from e2e.test_accessibility import axe_violations
from e2e.test_language import _english_words

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
# The header band's colour, as the browser computes var(--brand) (assets/theme.css).
BRAND = {"jd": "rgb(225, 37, 27)", "fliggy": "rgb(255, 221, 0)", "alipay": "rgb(22, 119, 255)"}
DEMO = {"jd": "demo_jd", "fliggy": "demo_fliggy_f3", "alipay": "demo_alipay"}
LANGUAGES = {"zh": "English", "en": "中文"}  # the language toggle's label in each language


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    # bypass_csp: axe-core is injected inline (see e2e/test_accessibility.py).
    context = browser.new_context(viewport=SIZES[request.param], locale="zh-CN",
                                  bypass_csp=True)
    page = context.new_page()
    yield request.param, page
    context.close()


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator(".rt-Spinner")).to_have_count(0)


def _set_language(page: Page, lang: str) -> None:
    toggle = page.get_by_test_id("language-toggle")
    if toggle.inner_text() != LANGUAGES[lang]:
        toggle.click()
        expect(toggle).to_have_text(LANGUAGES[lang])


def _login_screens(page: Page, base: str, size: str) -> None:
    for lang in ("zh", "en"):
        page.goto(f"{base}/login")
        wait_until_hydrated(page)
        _set_language(page, lang)
        # An empty submit says what is missing, in the page's language.
        page.get_by_test_id("submit-login").click()
        expect(page.get_by_test_id("auth-error")).to_have_text(
            "请输入用户名和密码" if lang == "zh" else "Enter your username and password")
        screenshot(page, f"identity-login-{size}-{lang}")
        page.goto(f"{base}/login?mode=register")
        page.get_by_test_id("submit-register").wait_for()
        expect(page.get_by_test_id("page-title")).to_have_text("注册" if lang == "zh"
                                                               else "Register")
        # Before anyone signs in, the neutral mark: no programme's.
        expect(page.locator("[data-mark='']").first).to_be_visible()
        if lang == "zh":
            assert _english_words(page) == []
        screenshot(page, f"identity-register-{size}-{lang}")


def _layout_is_right_for(page: Page, size: str) -> None:
    nav = page.locator("nav.mc-nav").bounding_box()
    main = page.locator("main.mc-main").bounding_box()
    assert nav is not None and main is not None
    if size == "phone":
        # A bottom tab bar, the full width of the phone.
        assert nav["y"] + nav["height"] == pytest.approx(844, abs=1) and nav["width"] == 390
    else:
        # A side navigation on the left, no strip at the bottom; content wider than a phone.
        assert (nav["x"], nav["y"]) == (0, 0) and nav["height"] == 900 and nav["width"] < 300
        assert main["x"] >= nav["width"] and main["width"] > 700
        columns = page.locator(".mc-columns").first.evaluate(
            "e => getComputedStyle(e).gridTemplateColumns.split(' ').length")
        assert columns == 2


def _member_screens(page: Page, base: str, size: str, programme: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_test_id(f"demo-{DEMO[programme]}").click()
    page.get_by_test_id("tier-name").wait_for()
    for lang in ("zh", "en"):
        _set_language(page, lang)
        for screen, route in (("home", "/"), ("me", "/me")):
            page.goto(f"{base}{route}")
            _settled(page)
            header = page.get_by_test_id("brand-header")
            expect(header).to_have_css("background-color", BRAND[programme])
            # The programme's own mark, and only its own, in the header and navigation.
            marks = page.locator("[data-testid=brand-header] [data-mark], nav [data-mark]")
            assert set(marks.evaluate_all("ms => ms.map(m => m.dataset.mark)")) == {programme}
            if lang == "zh":
                assert _english_words(page) == [], f"{programme} {screen}"
            if screen == "me":
                _me_reads_right(page, programme, lang)
                _layout_is_right_for(page, size)
            screenshot(page, f"identity-{screen}-{programme}-{size}-{lang}")
            if size == "phone" and lang == "en" and programme != "jd":
                assert axe_violations(page) == [], f"{programme} {screen}"


def _me_reads_right(page: Page, programme: str, lang: str) -> None:
    expect(page.get_by_test_id("growth-note")).not_to_be_empty()
    avatar = page.get_by_test_id("me-avatar")
    expect(avatar).not_to_have_text("D")
    plus = page.get_by_test_id("link-plus")
    if programme != "jd":
        expect(plus).to_have_count(0)
    else:  # demo_jd has no PLUS: an invitation, not a status
        expect(plus).to_have_attribute("data-plus", "false")
        expect(plus).to_have_text("开通 PLUS" if lang == "zh" else "Join PLUS")
    if programme == "alipay" and lang == "en":
        expect(page.get_by_test_id("me-tier")).not_to_have_text(re.compile("Popular"))
        expect(page.get_by_test_id("growth-note")).to_contain_text("Growth value decides")


# What a screen looks like does not depend on the database: the walk (about 100 s a size on
# 2 busy cores) runs in the SQLite pass only; the profile journey below runs on both.
@in_sqlite_pass_only
def test_every_programme_wears_its_own_colours_and_mark(app_server: AppServer,
                                                        sized: tuple[str, Page]) -> None:
    size, page = sized
    _login_screens(page, app_server.url, size)
    for programme in BRAND:
        _member_screens(page, app_server.url, size, programme)


def test_a_new_member_gives_a_nickname_and_a_birthday_once(app_server: AppServer,
                                                           phone: Page) -> None:
    username = f"p_{uuid.uuid4().hex[:8]}"
    register(phone, app_server.url, username, "a long password 1")
    phone.goto(f"{app_server.url}/me")
    _settled(phone)
    expect(phone.get_by_test_id("me-username")).to_have_text(username)
    phone.get_by_test_id("input-nickname").fill("小周")
    phone.get_by_test_id("input-birthday").fill("2999-01-01")
    phone.get_by_test_id("submit-profile").click()
    expect(phone.get_by_test_id("profile-error")).to_have_text("生日不能晚于今天")
    expect(phone.get_by_test_id("me-username")).to_have_text(username)  # nothing was saved
    phone.get_by_test_id("input-birthday").fill("1992-03-08")
    phone.get_by_test_id("submit-profile").click()
    expect(phone.get_by_test_id("profile-saved")).to_be_visible()
    expect(phone.get_by_test_id("me-username")).to_have_text("小周")
    expect(phone.get_by_test_id("me-avatar")).to_have_text("小")
    # Set once: shown in words, no field to change it.
    expect(phone.get_by_test_id("birthday-text")).to_have_text("1992年3月8日")
    expect(phone.get_by_test_id("input-birthday")).to_have_count(0)
    screenshot(phone, "identity-profile-saved-zh")
