"""The app is installable: manifest, icons and a service worker Chromium accepts."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect

from e2e.support import AppServer, wait_until_hydrated


def test_manifest_and_icons_are_served(app_server: AppServer) -> None:
    with urllib.request.urlopen(f"{app_server.url}/manifest.json") as response:  # noqa: S310
        manifest = json.load(response)
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with urllib.request.urlopen(f"{app_server.url}{icon['src']}") as response:  # noqa: S310
            assert response.headers["content-type"] == "image/png"


def test_chromium_considers_the_app_installable(
    app_server: AppServer, installed_phone: Page
) -> None:
    installed_phone.goto(app_server.url)
    installed_phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    session = installed_phone.context.new_cdp_session(installed_phone)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []


def test_offline_navigation_shows_the_offline_page(app_server: AppServer, phone: Page) -> None:
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
    assert "网络连接已断开" in phone.content()
    assert "You are offline" in phone.content()
    phone.context.set_offline(False)  # back online, the offline page reloads itself
    expect(phone.get_by_text("网络连接已断开")).to_have_count(0)
