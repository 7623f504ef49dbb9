"""Home page first load to a visible tier card, against a blank Reflex page on the same server.

    make bench                     (all benchmarks; or, with the Makefile's PATH for bun:)
    .venv/bin/python bench/home_load.py [--rounds 15]

Starts the production build on a free port (as the e2e suite does), signs a demo member in,
then alternates cold loads (a new browser context each time, so no HTTP cache) of the blank
page and of the home page at phone size. Prints each round, the median ratio with its spread
(goal <= 1.3x, issue #13) and the bytes the home page transferred. A second baseline, the blank
page once its websocket has hydrated it, shows how much of the home page's time is the
framework's own floor. Timings on a
shared 2-core machine are noisy: compare the ratio, not the milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.report import Goal, compare, header  # noqa: E402
from e2e.conftest import CHROMIUM_ARGS, PHONE, _app_server  # noqa: E402


def _cold_load(browser, url: str, test_id: str, cookies: list) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    context.add_cookies(cookies)
    page = context.new_page()
    transferred = 0
    client = context.new_cdp_session(page)
    client.send("Network.enable")

    def count(event: dict) -> None:
        nonlocal transferred
        transferred += int(event.get("encodedDataLength", 0))

    client.on("Network.loadingFinished", count)
    started = time.perf_counter()
    page.goto(url)
    page.get_by_test_id(test_id).wait_for(state="visible")
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    context.close()
    return elapsed, transferred


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
        _cold_load(browser, f"{server.url}/blank", "blank", cookies)  # warm the server
        _cold_load(browser, server.url, "tier-name", cookies)
        blank, hydrated, home, home_bytes = [], [], [], []
        for _ in range(args.rounds):
            blank.append(_cold_load(browser, f"{server.url}/blank", "blank", cookies)[0])
            hydrated.append(
                _cold_load(browser, f"{server.url}/blank", "blank-hydrated", cookies)[0]
            )
            seconds, transferred = _cold_load(browser, server.url, "tier-name", cookies)
            home.append(seconds)
            home_bytes.append(transferred)
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
    kib = statistics.median(home_bytes) / 1024
    print(f"   home page transferred: median {kib:.0f} KiB; goal <= 300 KiB (issue #13): "
          f"{'met' if kib <= 300 else 'MISSED in this run'}")


if __name__ == "__main__":
    main()
