"""The app is installable: manifest, icons, shortcuts, screenshots and a service worker Chromium
accepts; offline, it says so in the member's language (issue #13 finding 10). The manifest's
own consistency (files, sizes) is checked fast in tests/member_app/test_manifest.py."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect

from e2e.support import AppServer, screenshot, wait_until_hydrated


def _get(url: str):  # type: ignore[no-untyped-def]
    return urllib.request.urlopen(url)  # noqa: S310  (the test server on loopback)


def test_manifest_icons_shortcuts_and_screenshots_are_served(app_server: AppServer) -> None:
    with _get(f"{app_server.url}/manifest.json") as response:
        manifest = json.load(response)
    assert manifest["display"] == "standalone"
    assert manifest["id"] == "/"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    shortcuts = {shortcut["url"]: shortcut for shortcut in manifest["shortcuts"]}
    assert set(shortcuts) == {"/sign-in", "/coupons"}
    images = [*manifest["icons"], *manifest["screenshots"],
              *(icon for shortcut in manifest["shortcuts"] for icon in shortcut["icons"])]
    for image in images:
        with _get(f"{app_server.url}{image['src']}") as response:
            assert response.headers["content-type"] == "image/png", image["src"]
    for url in shortcuts:  # each shortcut opens a page of the app (a visitor: the login form)
        with _get(f"{app_server.url}{url}") as response:
            assert response.status == 200
    assert {shot["form_factor"] for shot in manifest["screenshots"]} == {"narrow", "wide"}


def test_chromium_considers_the_app_installable(
    app_server: AppServer, installed_phone: Page
) -> None:
    installed_phone.goto(app_server.url)
    installed_phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    session = installed_phone.context.new_cdp_session(installed_phone)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []


def test_offline_navigation_shows_the_offline_page_in_the_chosen_language(
    app_server: AppServer, phone: Page
) -> None:
    # The login page: "/" sends a visitor there by a client-side redirect, and a redirect
    # still under way when the network drops makes React Router reload the page (it cannot
    # fetch the route's module), which aborts the navigation this test makes (seen in CI).
    phone.goto(f"{app_server.url}/login")
    phone.evaluate("navigator.serviceWorker.ready")
    phone.reload()  # now controlled by the service worker
    phone.evaluate("navigator.serviceWorker.ready")
    wait_until_hydrated(phone)
    assert phone.evaluate("navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.goto(f"{app_server.url}/some/page")
    # Chinese by default (a zh-CN browser that never switched), the English text hidden.
    expect(phone.get_by_role("heading", name="网络连接已断开")).to_be_visible()
    expect(phone.get_by_text("You are offline")).to_be_hidden()
    assert phone.evaluate("document.documentElement.lang") == "zh-CN"
    phone.context.set_offline(False)  # back online, the offline page reloads itself
    expect(phone.get_by_text("网络连接已断开")).to_have_count(0)

    # The member switches to English in the app; offline, the page is in English.
    phone.goto(f"{app_server.url}/login")
    wait_until_hydrated(phone)
    phone.get_by_test_id("language-toggle").click()
    # A function, not an expression: Playwright evaluates a function once and calls it on
    # each poll, where an expression is evaluated again each time, which this page's CSP
    # refuses (an EvalError whenever the cookie was not there at the first look).
    phone.wait_for_function("() => document.cookie.includes('member_app_locale=en')")
    phone.context.set_offline(True)
    phone.goto(f"{app_server.url}/sign-in")
    expect(phone.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(phone.get_by_role("button", name="Try again")).to_be_visible()
    expect(phone.get_by_text("网络连接已断开")).to_be_hidden()
    assert phone.evaluate("[document.documentElement.lang, document.title]") == [
        "en", "You are offline"]
    screenshot(phone, "offline-en")
    phone.context.set_offline(False)
    expect(phone.get_by_text("You are offline")).to_have_count(0)
