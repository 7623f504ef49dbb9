"""Only the app's own origin may use the API with credentials or open the event channel
(issue #12 finding 8: `/api` echoed any Origin with Allow-Credentials, and Socket.IO accepted
any Origin). No browser: an HTTP client and python-socketio's asyncio client against the live
server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import socketio

from e2e.conftest import AppServer

FOREIGN = "https://evil.example"


def test_cors_answers_only_the_apps_own_origin(app_server: AppServer) -> None:
    own = httpx.get(f"{app_server.url}/api/v1/health", headers={"Origin": app_server.url})
    assert own.headers.get("access-control-allow-origin") == app_server.url
    assert own.headers.get("access-control-allow-credentials") == "true"
    foreign = httpx.get(f"{app_server.url}/api/v1/health", headers={"Origin": FOREIGN})
    assert "access-control-allow-origin" not in foreign.headers
    preflight = httpx.options(f"{app_server.url}/api/v1/me", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


async def _connects(url: str, origin: str) -> bool:
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(f"{url}?token=origin-check", namespaces=["/_event"],
                             socketio_path="/_event", transports=["websocket"],
                             headers={"Origin": origin}, wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        return False
    await client.disconnect()
    return True


def _in_own_loop(url: str, origin: str) -> bool:
    """`_connects` on a thread of its own: Playwright's sync API keeps an event loop running
    on the test's thread once a browser test has run, and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _connects(url, origin)).result()


def test_the_event_channel_refuses_a_foreign_origin(app_server: AppServer) -> None:
    assert _in_own_loop(app_server.url, app_server.url)
    assert not _in_own_loop(app_server.url, FOREIGN)
