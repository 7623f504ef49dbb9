"""The app is installable: manifest, icons and a service worker Chromium accepts."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page

from e2e.support import AppServer


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
    phone.goto(app_server.url)
    phone.evaluate("navigator.serviceWorker.ready")
    phone.reload()  # now controlled by the service worker
    phone.evaluate("navigator.serviceWorker.ready")
    phone.context.set_offline(True)
    phone.goto(f"{app_server.url}/some/page")
    assert "网络连接已断开" in phone.content()
    assert "You are offline" in phone.content()
    phone.context.set_offline(False)
