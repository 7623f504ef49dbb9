"""What e2e tests share besides fixtures: the server handle and screenshots."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"


@dataclass(frozen=True)
class AppServer:
    url: str
    data_dir: Path
    db_url: str


def screenshot(page: Page, name: str) -> Path:
    """Saves a full-page PNG under artifacts/screenshots (ignored by git) for people to look at."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
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
