"""Security headers on every kind of response, and a Content-Security-Policy the app really
runs under: Chromium walks the member pages and the API docs and reports no violation (issue
#12 finding 7; the policy itself is member_app/security_headers.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from e2e.support import PHONE, AppServer, log_in, login_as_demo, member_with, screenshot
from member_app.security_headers import script_hashes

EVERYWHERE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
MEMBER_PAGES = ("/", "/points", "/redeem", "/coupons", "/me", "/plus", "/sign-in", "/login")
# ReDoc's sidebar shows its maker's logo from their CDN: blocked, as it should be (nothing of
# a third party loads on our origin, and offline it would not load anyway).
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# Reported to Python the moment it happens, so a violation just before a navigation counts.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
  + ` (${event.sourceFile}:${event.lineNumber})`));
"""


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split("; "))}


def _headers(response: httpx.Response) -> dict[str, str]:
    missing = {name: value for name, value in EVERYWHERE.items()
               if response.headers.get(name) != value}
    assert not missing, f"{response.url}: {missing} not as expected in {response.headers}"
    assert "strict-transport-security" not in response.headers  # plain http: see decisions.md
    return _directives(response.headers["content-security-policy"])


def test_every_kind_of_response_has_the_headers(app_server: AppServer) -> None:
    with httpx.Client(base_url=app_server.url, follow_redirects=True) as http:
        page = http.get("/login")
        policy = _headers(page)
        assert policy["default-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        # The policy knows the page's own inline scripts, and only by hash.
        inline = script_hashes(page.text)
        assert inline and inline <= set(policy["script-src"])

        asset = http.get(re.findall(r'href="(/assets/[^"]+\.js)"', page.text)[0])
        assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
        _headers(asset)

        health = http.get("/api/v1/health")
        assert health.json() == {"status": "ok"}
        assert _headers(health)["default-src"] == ["'none'"]

        docs = http.get("/docs")
        docs_policy = _headers(docs)
        assert script_hashes(docs.text) <= set(docs_policy["script-src"])
        assert "'unsafe-inline'" not in docs_policy["script-src"]

        for path in ("/ping", "/sw.js", "/offline.html", "/no/such/page"):
            _headers(http.get(path))


@dataclass
class Watched:
    """A phone whose CSP violations, from events and from the console, are collected."""

    page: Page
    violations: list[str] = field(default_factory=list)

    def report(self, violation: str) -> None:
        self.violations.append(violation)

    def expect_none(self, where: str) -> None:
        assert not self.violations, f"{where}: {self.violations}"


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context: BrowserContext = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    watched = Watched(page)
    page.expose_function("reportCspViolation", watched.report)
    context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: watched.report(message.text)
            if "Content Security Policy" in message.text else None)
    yield watched
    context.close()


def _settle(page: Page) -> None:
    expect(page.locator("body")).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_the_member_pages_run_under_the_policy(app_server: AppServer, watched: Watched) -> None:
    page = watched.page
    login_as_demo(page, app_server.url, "demo_jd")
    watched.expect_none("logging in")
    for path in MEMBER_PAGES:
        page.goto(f"{app_server.url}{path}")
        _settle(page)
        watched.expect_none(path)
    # A spend sheet (Radix dialog: it locks scrolling with a <style> of its own).
    page.goto(f"{app_server.url}/redeem")
    page.locator("[data-testid^='redeem-']").filter(has_text="兑换").first.click()
    page.get_by_test_id("spend-sheet").wait_for()
    page.get_by_test_id("sheet-close").click()
    page.get_by_test_id("spend-sheet").wait_for(state="detached")
    # Back to the home page through the tab bar: a client-side navigation.
    page.get_by_test_id("tab-home").click()
    page.get_by_test_id("tier-name").wait_for()
    watched.expect_none("the spend sheet and the tab bar")


def test_what_used_server_sent_scripts_runs_without_eval(app_server: AppServer,
                                                         watched: Watched) -> None:
    """Reflex runs scripts sent from the server with eval, which the policy refuses: the
    coupon card's scroll and the notice after a bug in a handler work without."""
    page = watched.page
    seller = member_with(app_server, [  # 600 yuan of electronics: a transferable coupon
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "electronics", "payment": "jdpay"}])

    def break_the_sale_form(route: WebSocketRoute) -> None:
        """The form's data arrives as a list: list_for_sale fails, as a bug would."""
        server = route.connect_to_server()

        def to_server(message: str | bytes) -> None:
            if isinstance(message, str) and "list_for_sale" in message:
                message = re.sub(r'"form":\{[^}]*\}', '"form":[1]', message)
            server.send(message)

        route.on_message(to_server)

    page.route_web_socket(re.compile(r"/_event/"), break_the_sale_form)
    log_in(page, app_server, seller)
    page.goto(f"{app_server.url}/coupons")
    sell = page.locator("[data-testid^='sell-']").filter(has_text="出售").first
    coupon_id = sell.get_attribute("data-testid").removeprefix("sell-")
    sell.click()
    page.get_by_test_id("sell-price").fill("100")
    expect(page.get_by_test_id(f"coupon-{coupon_id}")).to_be_in_viewport()
    page.get_by_test_id("sell-submit").click()
    notice = page.get_by_test_id("backend-error")
    expect(notice).to_contain_text("出了点问题，请稍后再试")
    screenshot(page, "backend-error-notice", full_page=False)
    page.get_by_test_id("backend-error-close").click()
    expect(notice).to_have_count(0)
    watched.expect_none("the coupon sale and the error notice")


def test_the_api_docs_render_under_their_policy(app_server: AppServer, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{app_server.url}/docs")
    health = page.locator(".opblock").filter(has_text="/api/v1/health")
    health.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tr.response .response-col_status")
    expect(status).to_have_text("200")
    watched.expect_none("/docs")

    page.goto(f"{app_server.url}/redoc")
    expect(page.get_by_role("heading", name=re.compile("member_app API"))).to_be_visible()
    _settle(page)
    assert all(REDOC_LOGO in violation for violation in watched.violations), watched.violations
