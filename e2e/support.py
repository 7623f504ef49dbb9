"""What e2e tests share besides fixtures: the server handle and screenshots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, WebSocketRoute

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
PHONE = {"width": 390, "height": 844}  # an iPhone 13/14
DESKTOP = {"width": 1440, "height": 900}

# A journey whose outcome cannot depend on the database (what a screen looks like or says, the
# README's commands) runs in one of the two e2e passes only, the one that evens their times out:
# the suite has 30 minutes on 2 cores (Makefile). Everything that writes runs in both.
ON_POSTGRES = os.environ.get("E2E_BACKEND") == "postgres"
in_sqlite_pass_only = pytest.mark.skipif(
    ON_POSTGRES, reason="does not depend on the database: the SQLite pass covers it")
in_postgres_pass_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="does not depend on the database: the PostgreSQL pass covers it")


@dataclass(frozen=True)
class AppServer:
    url: str
    data_dir: Path
    db_url: str


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Saves a PNG under artifacts/screenshots (ignored by git) for people to look at: the
    whole page, or (`full_page=False`) what the screen shows, as for a sheet over the page.

    `E2E_SCREENSHOTS=0` (make test-dates) takes none: the clocks' runs walk the same screens
    as the main passes, whose pictures they would overwrite, and the suite has a time budget."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    if os.environ.get("E2E_SCREENSHOTS", "1") == "0":
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def login_as_demo(page: Page, base_url: str, username: str) -> None:
    """One tap on the login page's demo switcher, then wait for the home tier card."""
    page.goto(f"{base_url}/login")
    page.get_by_test_id(f"demo-{username}").click()
    page.get_by_test_id("tier-name").wait_for()


def register(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_test_id("show-register").click()
    # The register form replaces the login form once the page has switched modes.
    page.get_by_test_id("submit-register").wait_for()
    page.get_by_test_id("input-username").fill(username)
    page.get_by_test_id("input-password").fill(password)
    page.get_by_test_id("submit-register").click()
    page.get_by_test_id("tier-name").wait_for()


# -- members made through the API, and what the API says about them --------------------------

PASSWORD = "a long password 1"


def platform_token(server: AppServer) -> str:
    env = {**os.environ, "MEMBER_APP_DATA_DIR": str(server.data_dir)}
    return subprocess.run([sys.executable, "-m", "member_app", "token", "--platform"], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


def operator_token(server: AppServer, name: str, role: str) -> str:
    """A new operator of the server's database (made as an operator is, with the CLI), and its
    token from the operators' login."""
    env = {**os.environ, "MEMBER_APP_DATA_DIR": str(server.data_dir),
           "MEMBER_APP_DB_URL": server.db_url}
    subprocess.run([sys.executable, "-m", "member_app", "operator", "add", name, "--role", role],
                   cwd=ROOT, env=env, input=f"{PASSWORD} for operators\n", check=True,
                   capture_output=True, text=True)
    answer = api(server, "POST", "/api/v1/ops/auth/token",
                 form={"username": name, "password": f"{PASSWORD} for operators"})
    return str(answer["access_token"])


def api(server: AppServer, method: str, path: str, body: object = None,
        token: str | None = None, form: dict[str, str] | None = None,
        idempotency_key: str | None = None) -> dict:
    headers = {"idempotency-key": idempotency_key} if idempotency_key else {}
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{server.url}{path}", data=data, headers=headers,
                                     method=method)
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310  (loopback)
        return json.loads(response.read())


def member_with(server: AppServer, events: list[dict], token: str | None = None) -> str:
    """A fresh JD member created through the API, with these platform events (yesterday)."""
    username = new_member(server, "jd")
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    api(server, "POST", "/api/v1/events", [
        {"id": f"{username}-{index}", "member": username, "at": yesterday, **event}
        for index, event in enumerate(events)], token or platform_token(server))
    return username


def new_member(server: AppServer, program: str, prefix: str = "m") -> str:
    """A fresh member of `program` registered through the API (password PASSWORD)."""
    username = f"{prefix}_{uuid.uuid4().hex[:10]}"
    api(server, "POST", "/api/v1/members",
        {"username": username, "password": PASSWORD, "program": program})
    return username


def send_events(server: AppServer, username: str, events: list[dict]) -> None:
    """The platform's events for the member, each `at` an aware datetime; ids, where absent,
    are the member's name and the event's place."""
    api(server, "POST", "/api/v1/events", [
        {"id": f"{username}-{index}", **event, "member": username, "at": event["at"].isoformat()}
        for index, event in enumerate(events)], platform_token(server))


def member_token(server: AppServer, username: str) -> str:
    answer = api(server, "POST", "/api/v1/auth/token",
                 form={"username": username, "password": PASSWORD})
    return str(answer["access_token"])


def wait_until_hydrated(page: Page) -> None:
    """Wait until the login page's loader has run (it lists the demo members).

    The prerendered form is fillable before Reflex has hydrated the page; a login submitted in
    that window races the hydration, whose skipped cookie write then logs the member out again
    on the next page (seen as a rare flake). A person cannot type that fast; a test can."""
    page.locator("[data-testid^='demo-demo_']").first.wait_for()
    page.wait_for_timeout(300)


def log_in(page: Page, server: AppServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    wait_until_hydrated(page)
    submit_login(page, username, PASSWORD)
    page.get_by_test_id("tier-name").wait_for()


def submit_login(page: Page, username: str, password: str) -> None:
    """Fill the login form and submit it once what was typed is still there.

    After a redirect to /login (from a page that needs a member), the login page can mount a
    second time while the router settles its URL, emptying a form filled in between (seen as a
    login sent with no username, once in many runs). A person types slower than that; the test
    checks the fields kept their values a moment later and types again if not."""
    fields = ((page.get_by_test_id("input-username"), username),
              (page.get_by_test_id("input-password"), password))
    for _ in range(3):
        for field, value in fields:
            field.fill(value)
        page.wait_for_timeout(300)
        if all(field.input_value() == value for field, value in fields):
            break
    page.get_by_test_id("submit-login").click()


# -- the confirmation sheet ----------------------------------------------------------------

def confirm_in_sheet(page: Page, *, taps: int = 1, payment: str | None = None) -> Locator:
    """Confirm the open sheet with `taps` quick taps (a double tap is 2); its result callout."""
    sheet = page.get_by_test_id("spend-sheet")
    sheet.wait_for()
    if payment is not None:
        page.get_by_test_id(f"payment-{payment}").click()
    page.get_by_test_id("sheet-confirm").click(click_count=taps)
    result = page.get_by_test_id("sheet-result")
    result.wait_for()
    return result


def close_sheet(page: Page) -> None:
    page.get_by_test_id("sheet-close").click()
    page.get_by_test_id("spend-sheet").wait_for(state="detached")


class HeldAnswers:
    """The page's event channel through a relay that can hold the server's messages (those
    `held_if` picks), so a test sees what the page shows while it waits for them."""

    def __init__(self, page: Page, held_if: Callable[[str | bytes], bool] = lambda _: True
                 ) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self._held_if = held_if
        self._page_side: WebSocketRoute | None = None  # the page's end of the open channel
        page.route_web_socket("**/_event/**", self._relay)

    def _relay(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        self._page_side = socket
        server.on_message(self._pass_on)
        socket.on_message(server.send)

    def _to_page(self, message: str | bytes) -> None:
        assert self._page_side is not None  # a message came, so the channel is open
        self._page_side.send(message)

    def _pass_on(self, message: str | bytes) -> None:
        if self.holding and self._held_if(message):
            self.held.append(message)
        else:
            self._to_page(message)

    def release(self) -> None:
        self.holding = False
        while self.held:
            self._to_page(self.held.pop(0))
