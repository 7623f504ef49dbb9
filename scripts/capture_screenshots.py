"""The web manifest's screenshots (assets/manifest.json "screenshots"): the real home page of a
demo member, taken from a demo server, phone-sized ("narrow") and desktop-sized ("wide").

    .venv/bin/python scripts/capture_screenshots.py      (with the Makefile's PATH for bun)

Run it by hand after a change to how the home page looks, and commit the PNGs it writes to
assets/screenshots/; make never runs it, so a build regenerates nothing. It serves the app as
the e2e suite does (a production build in .web-e2e, demo mode, its own data directory),
signs demo_jd in, and saves each screenshot as a 256-colour PNG so each stays well under the
150 KiB an install dialog should have to download (tests/member_app/test_manifest.py checks
sizes and dimensions against the manifest).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from e2e.conftest import CHROMIUM_ARGS, _app_server  # noqa: E402
from e2e.support import login_as_demo  # noqa: E402

OUT = ROOT / "assets" / "screenshots"
SHOTS = {  # file name: (viewport, is it a phone)
    "home-narrow.png": ({"width": 390, "height": 844}, True),
    "home-wide.png": ({"width": 1440, "height": 900}, False),
}
MEMBER = "demo_jd"
LOCALE = "zh-CN"  # the manifest's language


def capture(browser: Browser, base_url: str, viewport: dict[str, int], phone: bool) -> bytes:
    context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=phone,
                                  has_touch=phone, locale=LOCALE)
    page = context.new_page()
    login_as_demo(page, base_url, MEMBER)
    page.get_by_test_id("tier-name").wait_for()
    page.get_by_test_id("monthly-chart").locator("svg").first.wait_for()  # the lazy chart
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the chart's bars settle
    png = page.screenshot(full_page=False)
    context.close()
    return png


def small_png(png: bytes) -> bytes:
    """The same picture in 256 colours: a screen of flat UI colours loses nothing visible."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with _app_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        for name, (viewport, phone) in SHOTS.items():
            data = small_png(capture(browser, server.url, viewport, phone))
            (OUT / name).write_bytes(data)
            print(f"assets/screenshots/{name}: {viewport['width']}x{viewport['height']}, "
                  f"{len(data) / 1024:.0f} KiB")
        browser.close()


if __name__ == "__main__":
    main()
