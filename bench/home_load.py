"""Home page first load to a visible tier card, against a blank Reflex page on the same server.

    make bench                     (all benchmarks; or, with the Makefile's PATH for bun:)
    .venv/bin/python bench/home_load.py [--rounds 15]

Starts the production build on a free port (as the e2e suite does), signs a demo member in,
then alternates cold loads (a new browser context each time, so no HTTP cache) of the blank
page and of the home page at phone size. Prints each round, the median ratio with its spread
(goal <= 1.3x, issue #13) and the bytes the home page transferred until its tier card showed
(goal <= 300 KiB, issue #13) and in all. The home page's card is the first that shows: the one
its first response draws for a signed-in member (member_app/first_paint.py), or the live one;
the live card's own time is printed too. A second baseline, the blank page once its websocket
has hydrated it, shows how much of the home page's time is the framework's own floor. Timings
on a shared 2-core machine are noisy: compare the ratio, not the milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.report import MIN_ROUNDS, Goal, compare, header  # noqa: E402
from e2e.conftest import CHROMIUM_ARGS, PHONE, _app_server  # noqa: E402


@dataclass
class Load:
    seconds: float  # from the navigation to the first frame that showed the element
    bytes_until_visible: int  # what the browser received over the network until then
    bytes_in_all: int  # ... and until the network went quiet (lazily loaded parts included)
    live_seconds: float = 0.0  # home: ... that showed the live card (after the websocket)
    first_byte: float = 0.0  # from the navigation to the page's first byte (the server's part)


# Home's tier card is visible once either card shows: the one the first response draws
# (member_app/first_paint.py, the member's own figures) or the live one.
HOME_CARD = '[data-testid="first-paint-tier"], [data-testid="tier-name"]'
LIVE_CARD = '[data-testid="tier-name"]'
CHART = "monthly-chart"
# In the page, from its first script on: for each selector, the moment (ms since the
# navigation started) of the first frame that shows a match (a requestAnimationFrame callback
# runs just before that frame paints, so after the render-blocking stylesheets). Playwright's
# own check polls from outside and, on a busy machine, can come long after the paint.
MARK_FIRST_SHOWN = """
(() => {
  const marks = %s;
  const seen = (window.__firstShown = {});
  const asked = {};
  const check = () => {
    let waiting = false;
    for (const [name, selector] of Object.entries(marks)) {
      if (asked[name]) continue;
      const element = document.querySelector(selector);
      if (element && element.getClientRects().length > 0) {
        asked[name] = true;
        requestAnimationFrame(() => { seen[name] ??= performance.now(); });
      } else {
        waiting = true;
      }
    }
    return !waiting;
  };
  if (check()) return;
  const observer = new MutationObserver(() => check() && observer.disconnect());
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();
"""


def _cold_load(browser, url: str, marks: dict[str, str], cookies: list) -> Load:  # type: ignore[no-untyped-def]
    """One load in a new context (no HTTP cache), timed by the page (MARK_FIRST_SHOWN) for
    each of `marks` (name -> selector; the first is the figure, "live" is the live card's).
    Bytes are Chromium's own count of what came over the wire per request
    (Network.loadingFinished's encodedDataLength: headers and compressed body), each request
    counted at the moment it finished; "until visible" means until the first mark's frame."""
    # No service worker: what it fetches (its install's precache, and any request of the page
    # once it controls it) goes over the worker's own network, which this page's CDP session
    # never sees. Its install waits for the page to be idle (assets/register-sw.js).
    context = browser.new_context(viewport=PHONE, is_mobile=True, service_workers="block")
    context.add_cookies(cookies)
    context.add_init_script(MARK_FIRST_SHOWN % json.dumps(marks))
    page = context.new_page()
    finished: list[tuple[float, int]] = []  # (CDP monotonic seconds, bytes)
    clock_offset: list[float] = []  # wall seconds - CDP monotonic seconds
    client = context.new_cdp_session(page)
    client.send("Network.enable")

    def count(event: dict) -> None:
        finished.append((float(event["timestamp"]), int(event.get("encodedDataLength", 0))))

    def note_clock(event: dict) -> None:
        if not clock_offset and "wallTime" in event:
            clock_offset.append(float(event["wallTime"]) - float(event["timestamp"]))

    client.on("Network.loadingFinished", count)
    client.on("Network.requestWillBeSent", note_clock)
    page.goto(url)
    names = list(marks)
    page.wait_for_function(
        "(names) => names.every((name) => window.__firstShown[name] !== undefined)", arg=names)
    shown = page.evaluate("window.__firstShown")  # ms since the navigation started
    origin = page.evaluate("performance.timeOrigin / 1000")  # wall seconds
    first_byte = page.evaluate(
        "performance.getEntriesByType('navigation')[0].responseStart") / 1000
    if "live" in marks:  # "in all" includes the chart, drawn after the first paint
        page.get_by_test_id(CHART).locator(".recharts-surface").first.wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    visible_at = origin + shown[names[0]] / 1000
    until_visible = sum(size for moment, size in finished
                        if moment + clock_offset[0] <= visible_at)
    return Load(shown[names[0]] / 1000, until_visible, sum(size for _, size in finished),
                live_seconds=shown.get("live", 0) / 1000, first_byte=first_byte)


BLANK = {"blank": '[data-testid="blank"]'}
HYDRATED = {"hydrated": '[data-testid="blank-hydrated"]'}
HOME = {"card": HOME_CARD, "live": LIVE_CARD}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ["MEMBER_APP_BENCH_PAGES"] = "1"
    # Its own frontend build: rebuilding .web in place would break a `make run` being served.
    with _app_server(web_dir=".web-bench") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(f"{server.url}/login")
        page.get_by_test_id("demo-demo_jd").click()
        page.get_by_test_id("tier-name").wait_for()
        cookies = context.cookies()
        context.close()
        _cold_load(browser, f"{server.url}/blank", BLANK, cookies)  # warm the server
        _cold_load(browser, server.url, HOME, cookies)
        blank, hydrated, home, live, home_bytes, home_all_bytes = [], [], [], [], [], []
        first_bytes: dict[str, list[float]] = {"home": [], "blank": []}
        for _ in range(max(args.rounds, MIN_ROUNDS)):
            plain = _cold_load(browser, f"{server.url}/blank", BLANK, cookies)
            blank.append(plain.seconds)
            first_bytes["blank"].append(plain.first_byte)
            hydrated.append(
                _cold_load(browser, f"{server.url}/blank", HYDRATED, cookies).seconds
            )
            load = _cold_load(browser, server.url, HOME, cookies)
            home.append(load.seconds)
            live.append(load.live_seconds)
            first_bytes["home"].append(load.first_byte)
            home_bytes.append(load.bytes_until_visible)
            home_all_bytes.append(load.bytes_in_all)
        browser.close()
    header("Home page: first load to a visible tier card",
           "cold loads (a new browser context each, so no HTTP cache) at phone size, home page "
           "over a blank Reflex page on the same server: what our page costs beyond the "
           "framework's own floor.")
    compare(subject_name="home", baseline_name="blank", subjects=home, baselines=blank,
            unit="ms", goal=Goal(1.3, at_most=True, source="issue #13"))
    header("Home page over the blank page once its websocket has hydrated it",
           "the part of the home page's time that is not Reflex's own hydration round trip. "
           "Informational: no goal.")
    compare(subject_name="home", baseline_name="hydrated blank", subjects=home,
            baselines=hydrated, unit="ms", goal=None)
    header("Home page: the live card (after the websocket) over the blank page",
           "when the card the page itself renders replaces the one the first response drew. "
           "Informational: no goal.")
    compare(subject_name="live card", baseline_name="blank", subjects=live, baselines=blank,
            unit="ms", goal=None)
    header("Home page: bytes transferred",
           "what came over the network (headers and compressed bodies, Chromium's count) until "
           "the tier card showed, and until the network went quiet (the chart's lazily loaded "
           "code included).")
    kib = statistics.median(home_bytes) / 1024
    spread = f"{min(home_bytes) / 1024:.0f}-{max(home_bytes) / 1024:.0f} KiB"
    print(f"   until the tier card shows: median {kib:.0f} KiB (spread {spread} over "
          f"{len(home_bytes)} rounds); goal <= 300 KiB (issue #13): "
          f"{'met' if kib <= 300 else 'MISSED in this run'}", flush=True)
    print("   first byte (the server's part): median "
          + ", ".join(f"{name} {statistics.median(values) * 1000:.0f} ms"
                      for name, values in first_bytes.items()) + " (informational)", flush=True)
    print(f"   in all, once the network is quiet: median "
          f"{statistics.median(home_all_bytes) / 1024:.0f} KiB (informational)", flush=True)


if __name__ == "__main__":
    main()
