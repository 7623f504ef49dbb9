"""axe-core (the npm package, injected into the page) finds no critical or serious violation on
any screen, in either language; and the screens can be used from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    PHONE,
    ROOT,
    AppServer,
    in_postgres_pass_only,
    login_as_demo,
    wait_until_hydrated,
)

# what axe finds on a screen does not depend on the database
pytestmark = in_postgres_pass_only

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = {"home": "/", "sign-in": "/sign-in", "points": "/points", "redeem": "/redeem",
           "coupons": "/coupons", "me": "/me", "plus": "/plus", "explain": "/explain",
           "forecast": "/forecast"}
BLOCKING = ("critical", "serious")


def axe_violations(page: Page) -> list[str]:
    """'rule-id (impact): target, ...' for every critical or serious violation on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", ")}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['targets']}" for v in result
            if v["impact"] in BLOCKING]


@pytest.fixture(params=["zh-CN", "en-US"])
def page_in(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    # axe-core is injected as an inline script, which the app's CSP rightly refuses: the
    # checker is test tooling, so this context lets it in (e2e/test_security_headers.py walks
    # the same screens with the policy enforced).
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale=request.param, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator(".rt-Spinner")).to_have_count(0)


def test_login_has_no_serious_violations(app_server: AppServer, page_in: Page) -> None:
    page_in.goto(f"{app_server.url}/login")
    page_in.get_by_test_id("submit-login").wait_for()
    assert axe_violations(page_in) == []


def test_member_screens_have_no_serious_violations(app_server: AppServer,
                                                   page_in: Page) -> None:
    login_as_demo(page_in, app_server.url, "demo_jd")
    found = {}
    for name, route in SCREENS.items():
        page_in.goto(f"{app_server.url}{route}")
        _settled(page_in)
        violations = axe_violations(page_in)
        if violations:
            found[name] = violations
    assert found == {}


def test_alipays_bubbles_have_no_serious_violations(app_server: AppServer,
                                                   page_in: Page) -> None:
    login_as_demo(page_in, app_server.url, "demo_alipay")
    page_in.get_by_test_id("bubbles").wait_for()
    _settled(page_in)
    assert axe_violations(page_in) == []


def test_the_confirmation_sheet_has_no_serious_violations(app_server: AppServer,
                                                          page_in: Page) -> None:
    login_as_demo(page_in, app_server.url, "demo_jd")
    page_in.goto(f"{app_server.url}/redeem")
    _settled(page_in)
    page_in.locator("[data-testid^='item-'] button").first.click()
    page_in.get_by_test_id("spend-sheet").wait_for()
    assert axe_violations(page_in) == []


def test_login_works_from_the_keyboard(app_server: AppServer, page_in: Page) -> None:
    page_in.goto(f"{app_server.url}/login")
    wait_until_hydrated(page_in)
    username = page_in.get_by_test_id("input-username")
    username.focus()
    page_in.keyboard.type("demo_jd")
    page_in.keyboard.press("Tab")
    page_in.keyboard.type("demo-password")
    page_in.keyboard.press("Enter")
    page_in.get_by_test_id("tier-name").wait_for()
