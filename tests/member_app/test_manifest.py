"""The web manifest and the offline page, checked against the files they name (issue #13 finding
10): every image exists with the size the manifest says, shortcuts open pages of the app, the
screenshots are what install dialogs accept, and the offline page has both languages and loads
only what the service worker keeps. Chromium's own verdict is in e2e/test_pwa.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from member_app.pwa.icons import write_icons
from member_app.pwa.shortcut_icons import write_shortcut_icons
from member_app.settings import PROJECT_ROOT
from member_app.state.base import AppState

ASSETS = PROJECT_ROOT / "assets"
MANIFEST = json.loads((ASSETS / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drawn_icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The icons as `make` draws them into assets/icons (not committed: they are generated)."""
    directory = tmp_path_factory.mktemp("icons")
    write_icons(directory)
    write_shortcut_icons(directory)
    return directory


def _file_of(src: str, drawn_icons: Path) -> Path:
    assert src.startswith("/") and ".." not in src, src
    if src.startswith("/icons/"):
        return drawn_icons / src.removeprefix("/icons/")
    return ASSETS / src.removeprefix("/")


def _images() -> list[dict[str, str]]:
    shortcut_icons = [icon for shortcut in MANIFEST["shortcuts"] for icon in shortcut["icons"]]
    return [*MANIFEST["icons"], *shortcut_icons, *MANIFEST["screenshots"]]


def test_identity_and_scope() -> None:
    # The id keeps an installed app the same app if start_url ever changes.
    assert MANIFEST["id"] == "/"
    assert MANIFEST["start_url"].startswith(MANIFEST["scope"])
    assert MANIFEST["display"] == "standalone"
    assert MANIFEST["lang"] == "zh-CN"


@pytest.mark.parametrize("image", _images(), ids=lambda image: image["src"])
def test_every_image_exists_with_the_size_and_type_the_manifest_says(
    image: dict[str, str], drawn_icons: Path
) -> None:
    path = _file_of(image["src"], drawn_icons)
    assert path.is_file(), f"{image['src']} is not there ({path})"
    with Image.open(path) as picture:
        assert picture.format == "PNG" and image["type"] == "image/png"
        assert f"{picture.width}x{picture.height}" == image["sizes"]


def test_shortcuts_open_sign_in_and_coupons_each_with_a_name_and_an_icon() -> None:
    shortcuts = {shortcut["url"]: shortcut for shortcut in MANIFEST["shortcuts"]}
    assert set(shortcuts) == {"/sign-in", "/coupons"}
    for shortcut in shortcuts.values():
        assert shortcut["name"] and shortcut["short_name"]
        assert {icon["sizes"] for icon in shortcut["icons"]} == {"96x96"}
    assert len({icon["src"] for s in shortcuts.values() for icon in s["icons"]}) == 2


def test_the_shortcuts_open_pages_the_app_has() -> None:
    """The pages member_app.py registers, read from its source (importing it builds the whole
    Reflex app); e2e/test_pwa.py opens them on the running app."""
    source = (PROJECT_ROOT / "member_app" / "member_app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'member_page\([a-z_]+, "(/[^"]*)"', source))
    assert {shortcut["url"] for shortcut in MANIFEST["shortcuts"]} <= registered


def test_screenshots_one_narrow_one_wide_as_install_dialogs_want_them(
    drawn_icons: Path,
) -> None:
    shots = {shot["form_factor"]: shot for shot in MANIFEST["screenshots"]}
    assert set(shots) == {"narrow", "wide"}
    for form_factor, shot in shots.items():
        width, height = (int(side) for side in shot["sizes"].split("x"))
        assert (height > width) if form_factor == "narrow" else (width > height)
        # Chromium's limits: each side 320-3840 px, the long side at most 2.3 x the short.
        assert min(width, height) >= 320 and max(width, height) <= 3840
        assert max(width, height) <= 2.3 * min(width, height)
        assert shot["label"]
        path = _file_of(shot["src"], drawn_icons)
        assert path.stat().st_size < 150 * 1024, f"{path.name} is over 150 KiB"


class _OfflinePage(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.locales: dict[str, bool] = {}  # data-locale -> hidden
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img") and values.get("src"):
            self.loads.append(str(values["src"]))
        elif tag == "script":
            self.inline_scripts += 1
        if tag == "link" and values.get("href"):
            self.loads.append(str(values["href"]))
        if "data-locale" in values:
            self.locales[str(values["data-locale"])] = "hidden" in values


def test_the_offline_page_has_both_languages_and_loads_only_what_the_worker_keeps() -> None:
    page = _OfflinePage()
    page.feed((ASSETS / "offline.html").read_text(encoding="utf-8"))
    # Chinese shows unless the script chooses English; the script is a file (the CSP).
    assert page.locales == {"zh": False, "en": True}
    assert page.inline_scripts == 0
    worker = (ASSETS / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker)[1]  # type: ignore[index]
                          .replace("OFFLINE_URL", '"/offline.html"'))
    assert set(page.loads) <= set(precache), "offline, the page could not load these"
    script = (ASSETS / "offline-page.js").read_text(encoding="utf-8")
    # The cookie the app keeps the member's choice in (member_app/state/base.py).
    cookie = AppState.get_fields()["locale"].default
    assert f"{cookie.name}=" in script
