"""A closed tab's Reflex token does not act for its member (issue #12, finding 6).

Reflex keeps a tab's state on the server under the tab's client token, the member's token
inside it. Someone who learns a closed tab's client token (it sits in sessionStorage) and
opens the event channel with it must not be able to act as the member: the app believes the
state's token only on the connection that put it there, and otherwise the Cookie header of the
websocket handshake. The attack is replayed with python-socketio, without a cookie and with a
forged one; the same replay with the member's cookie is the control that shows the replay
itself works."""

from __future__ import annotations

import asyncio
import base64
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import socketio
from jose import jwt
from playwright.sync_api import Browser

from e2e.conftest import PHONE, AppServer
from e2e.support import api, log_in, member_token, member_with
from member_app.state.signin import SignInState


def _sign_in_event(frames: list[str]) -> dict[str, Any]:
    """The tap on the sign-in button, as the page sends it: the page's own login event (the
    last event frame sent on the login page) with the sign-in handler's name in its place."""
    for frame in frames:
        if frame.startswith('42/_event,["event"') and "session_state.login" in frame:
            event = json.loads(frame.removeprefix("42/_event,"))[1]
            event["name"] = SignInState.get_full_name() + ".sign_in_today"
            event["payload"] = {}
            event["router_data"] = {"pathname": "/sign-in/", "asPath": "/sign-in/"}
            return event
    raise AssertionError(f"no login event among {[f[:200] for f in frames]}")


async def _replay(url: str, client_token: str, event: dict[str, Any],
                  cookie: str | None) -> None:
    client = socketio.AsyncClient(reconnection=False)
    headers = {"Origin": url, **({"Cookie": cookie} if cookie else {})}
    await client.connect(f"{url}?token={client_token}", namespaces=["/_event"],
                         socketio_path="/_event", transports=["websocket"], headers=headers,
                         wait_timeout=30)
    await client.emit("event", event, namespace="/_event")
    await asyncio.sleep(3)  # the handler has run by now (it answers in milliseconds)
    await client.disconnect()


def _in_own_loop(*args: Any) -> None:
    """On a thread of its own: Playwright's sync API keeps an event loop on the test's."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _replay(*args)).result()


def test_a_closed_tabs_client_token_does_not_act_for_its_member(
    app_server: AppServer, browser: Browser
) -> None:
    username = member_with(app_server, [])
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(payload)))
    log_in(page, app_server, username)
    page.goto(f"{app_server.url}/sign-in")
    page.get_by_test_id("sign-in-button").wait_for()
    page.wait_for_timeout(1000)
    client_token = page.evaluate("window.sessionStorage.getItem('token')")
    cookie = next(c for c in context.cookies() if c["name"] == "member_app_token")
    event = _sign_in_event(frames)
    context.close()  # the tab is gone; its state stays on the server

    bearer = member_token(app_server, username)

    def standing() -> dict[str, Any]:
        me = api(app_server, "GET", "/api/v1/me", token=bearer)
        me.pop("at")  # the moment of the read
        return me

    before = standing()
    _in_own_loop(app_server.url, client_token, event, None)
    assert standing() == before  # nothing happened: no sign-in, no points
    # A forged token in the cookie (the real one's claims, signed with another key) neither.
    header, claims, _ = cookie["value"].split(".")
    forged = jwt.encode(json.loads(base64.urlsafe_b64decode(claims + "==")), "not-our-secret",
                        algorithm="HS256")
    _in_own_loop(app_server.url, client_token, event, f"member_app_token={forged}")
    assert standing() == before

    _in_own_loop(app_server.url, client_token, event, f"member_app_token={cookie['value']}")
    after = standing()
    assert after["streak"] != before["streak"]  # the control: with the cookie it signs in
