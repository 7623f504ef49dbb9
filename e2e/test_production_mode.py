"""Without demo mode the app is production: no demo login, even for demo members already in
the database (issue #12, finding 1: `session_state.demo_login("demo_jd")` over the websocket
signed anyone in as a demo member, and the demo password worked on the API).

A second server, started as `python -m member_app serve` is without `MEMBER_APP_DEMO`, in a
web directory of its own. The demo members are then written into its database (as if it had
once run in demo mode), and the same websocket event is replayed against it and, as the
control, against the suite's demo-mode server."""

from __future__ import annotations

import asyncio
import os
import urllib.error
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import socketio
from playwright.sync_api import Page, expect

from e2e.conftest import _serve
from e2e.support import ROOT, AppServer, api
from member_app.db import make_engine, transaction
from member_app.demo import DEMO_PASSWORD, load_demo
from member_app.state.session import SessionState

pytestmark = pytest.mark.skipif(
    os.environ.get("E2E_BACKEND") == "postgres",
    reason="demo mode is read from the environment, whatever the database: the SQLite run "
           "covers it, and a third frontend build would cost the suite minutes")


@pytest.fixture(scope="module")
def production_server() -> Iterator[AppServer]:
    production = {"MEMBER_APP_DEMO": "0",
                  "REFLEX_WEB_WORKDIR": str(ROOT / ".web-e2e-production")}
    with contextmanager(_serve)(db_url=None, extra_env=production) as server:
        engine = make_engine(server.db_url)
        with transaction(engine) as session:
            load_demo(session=session, now=datetime.now(UTC))
        engine.dispose()
        yield server


async def _demo_login(url: str) -> list[dict[str, Any]]:
    """The deltas the server sends back for a bare `demo_login("demo_jd")` event."""
    client = socketio.AsyncClient(reconnection=False)
    deltas: list[dict[str, Any]] = []
    client.on("event", lambda update: deltas.append(update.get("delta", {})),
              namespace="/_event")
    await client.connect(f"{url}?token=probe-{os.getpid()}", namespaces=["/_event"],
                         socketio_path="/_event", transports=["websocket"],
                         headers={"Origin": url}, wait_timeout=30)
    await client.emit("event", {
        "name": SessionState.get_full_name() + ".demo_login",
        "payload": {"username": "demo_jd"},
        "router_data": {"pathname": "/login/", "asPath": "/login/"},
    }, namespace="/_event")
    await asyncio.sleep(3)
    await client.disconnect()
    return deltas


def _signed_in_as_demo(url: str) -> bool:
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright keeps a loop on this thread
        deltas = pool.submit(asyncio.run, _demo_login(url)).result()
    return any(values.get("username_rx_state_") == "demo_jd"
               for delta in deltas for values in delta.values())


def test_serve_without_demo_mode_signs_nobody_in_as_a_demo_member(
    production_server: AppServer, app_server: AppServer
) -> None:
    assert _signed_in_as_demo(app_server.url)  # the control: demo mode lets it in
    assert not _signed_in_as_demo(production_server.url)
    with pytest.raises(urllib.error.HTTPError) as refused:
        api(production_server, "POST", "/api/v1/auth/token",
            form={"username": "demo_jd", "password": DEMO_PASSWORD})
    assert refused.value.code == 401


def test_the_production_login_page_offers_no_demo_members(
    production_server: AppServer, phone: Page
) -> None:
    phone.goto(f"{production_server.url}/login")
    expect(phone.get_by_test_id("submit-login")).to_be_visible()
    phone.wait_for_timeout(1500)  # the loader has run: it would have listed them by now
    expect(phone.locator("[data-testid^='demo-demo_']")).to_have_count(0)
