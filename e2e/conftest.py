"""End-to-end fixtures: the real production build served on a free port, and Debian's Chromium.

The server is started exactly as `make run` starts it (`python -m member_app serve`), with its
own data directory, so the tests see what a newcomer sees.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from e2e.support import ARTIFACTS, PHONE, ROOT, AppServer
from tests.support.postgres import postgres_server
from tests.support.redis import redis_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_SECONDS = 600
# A page waits on a websocket round trip to a server that may share 2 busy cores with the
# browser and a second test run: give each expectation 15 s rather than Playwright's 5 s.
expect.set_options(timeout=15_000)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "last: runs after every other test of the session "
                            "(it leaves the shared server in a state others must not see)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A stable sort: the others keep their order.
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (loopback only)
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    with _app_server() as server:
        yield server


def _e2e_web_dir() -> str:
    """Where the suite's server builds its frontend: `.web-e2e`, or E2E_WEB_DIR for a second
    run of the suite at the same time (`make test` runs the SQLite and PostgreSQL passes side
    by side, each building in a directory of its own)."""
    return os.environ.get("E2E_WEB_DIR") or ".web-e2e"


@contextmanager
def _app_server(web_dir: str | None = None) -> Iterator[AppServer]:
    """The app on the embedded SQLite, or with E2E_BACKEND=postgres on PostgreSQL and Redis.

    It builds its frontend in `web_dir` (default: `_e2e_web_dir()`), not in `.web`: rebuilding
    `.web/build` in place would break a `make run` serving from the same checkout."""
    web_dir = web_dir or _e2e_web_dir()
    build = {"REFLEX_WEB_WORKDIR": str(ROOT / web_dir)}
    if os.environ.get("E2E_BACKEND") == "postgres":
        with postgres_server() as db_url, redis_server() as redis_url:
            yield from _serve(db_url=db_url, extra_env={**build, "REFLEX_REDIS_URL": redis_url})
    else:
        yield from _serve(db_url=None, extra_env=build)


def _serve(*, db_url: str | None, extra_env: dict[str, str]) -> Iterator[AppServer]:
    """The production build served by `python -m member_app serve` on a free port."""
    port = _free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="member_app_e2e_"))
    db_url = db_url or f"sqlite:///{data_dir / 'member_app.db'}"
    ARTIFACTS.mkdir(exist_ok=True)
    # One log per build directory: two runs of the suite side by side keep theirs apart.
    build_dir = Path(extra_env.get("REFLEX_WEB_WORKDIR") or _e2e_web_dir()).name.lstrip(".")
    log = (ARTIFACTS / f"{build_dir}-server.log").open("w")
    # The project's bun, as the Makefile sets it up, so that running a bench or the suite
    # without make does not leave Reflex to find the machine's node 20.
    bun_dir = ROOT / ".tools" / "node_modules" / ".bin"
    # As `make run` serves it (demo mode: the journeys use the demo members), unless a caller
    # says otherwise; the journeys also register hundreds of members from 127.0.0.1.
    defaults = {"MEMBER_APP_DEMO": os.environ.get("MEMBER_APP_DEMO", "1"),
                "MEMBER_APP_REGISTRATIONS_PER_HOUR": "100000"}
    env = {**os.environ, **defaults, **extra_env, "MEMBER_APP_DATA_DIR": str(data_dir),
           "MEMBER_APP_DB_URL": db_url, "PORT": str(port),
           "PATH": f"{bun_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_TELEMETRY_ENABLED": "false",
           "REFLEX_CHECK_LATEST_VERSION": "false"}
    # E2E_FAKETIME="2026-12-31 15:30:00" runs the server (and the demo data it generates) on a
    # shifted clock through libfaketime, so `make test` proves the suite passes on such a day.
    clock = ["faketime", os.environ["E2E_FAKETIME"]] if os.environ.get("E2E_FAKETIME") else []
    process = subprocess.Popen(
        [*clock, sys.executable, "-m", "member_app", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (_answers(f"{url}/ping") and _answers(url)):
            if process.poll() is not None:
                raise RuntimeError(f"the app exited with {process.returncode}: see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not answer in {STARTUP_SECONDS}s: see {log.name}")
            time.sleep(1)
        yield AppServer(url=url, data_dir=data_dir, db_url=db_url)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def installed_phone(playwright: Playwright, tmp_path: Path) -> Iterator[Page]:
    """A phone with a real profile: Chromium refuses to install apps from incognito contexts."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path="/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    yield page
    context.close()
