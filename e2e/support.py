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


def screenshot(page: Page, name: str) -> Path:
    """Saves a full-page PNG under artifacts/screenshots (ignored by git) for people to look at."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
