"""The UI's event channel under load, and the memory each tab costs the server (issue #9).

    make bench          (all benchmarks; or, with the Makefile's PATH for bun:)
    .venv/bin/python bench/socket_load.py [--rounds 3] [--tabs 200] [--visits 2000]

`E2E_BACKEND=postgres` runs it on PostgreSQL + Redis with several backend workers, as the e2e
suite does. Starts the production server (frontend built in .web-bench), gives 200 JD
members 300 events each through the platform path (bench/load.py's `populate`), then:

1. What the browser sends, recorded once: Chromium loads `/` (signed in) and `/blank` (the
   bench-only empty page) and we keep the first Socket.IO message of each. In Reflex 0.10
   that is the namespace CONNECT, whose auth payload carries the `hydrate_and_load` event
   with the cookie vars (the member's token) and the page's state hashes.
2. Alternating rounds: `--tabs` python-socketio clients at once replay the blank page's
   message (fresh client tokens), then `--tabs` clients replay the home page's, each for a
   different member. Timed from the connect call to the delta that carries the home data
   (HomeState `loaded`) or, for the blank page, `is_hydrated`. Goal: p95 of the home page
   <= 5x the p95 of the blank page, in the same run.
3. Memory per tab: the server keeps each tab's UI state for an hour (Reflex's token
   expiry). The backend's resident memory (all the server's processes) is read before and
   after `--visits` short visits (new client token each, disconnected after the data
   arrives, 50 at a time), to the blank page (the framework's floor) and to home; the
   difference per visit is printed. Goal: <= 10 KiB a tab. On PostgreSQL + Redis the states
   live in Redis, so the data Redis holds is counted too; the several workers' resident
   memory moves by itself there (a negative figure is that noise), so read the Redis part.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("MEMBER_APP_SECRET", "bench-load-secret-" + "x" * 40)  # server's too
os.environ["MEMBER_APP_BENCH_PAGES"] = "1"  # the /blank page

import psutil  # noqa: E402
import redis  # noqa: E402
import socketio  # noqa: E402

from bench.load import populate  # noqa: E402
from bench.report import MIN_ROUNDS, Goal, compare, header  # noqa: E402
from e2e.conftest import CHROMIUM_ARGS, PHONE, _app_server  # noqa: E402

TOKEN_VAR = "auth_token_rx_state_"
HOME_STATE = "home____home_state"


def recorded_messages(url: str, member_token: str) -> dict[str, dict[str, Any]]:
    """The CONNECT auth payload Chromium sends for `/` and for `/blank`."""
    from playwright.sync_api import sync_playwright

    host = url.split("//")[1].split(":")[0]
    messages: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        for path in ("/", "/blank"):
            context = browser.new_context(viewport=PHONE)
            context.add_cookies([{"name": "member_app_token", "value": member_token,
                                  "domain": host, "path": "/"}])
            page = context.new_page()
            sent: list[str] = []
            page.on("websocket",
                    lambda ws, sent=sent: ws.on("framesent", lambda payload: sent.append(payload)))
            page.goto(url + path)
            page.wait_for_timeout(3000)
            context.close()
            connect = next(frame for frame in sent if frame.startswith("40/_event,"))
            messages[path] = json.loads(connect.removeprefix("40/_event,"))
        browser.close()
    return messages


Tab = tuple[dict[str, Any], str | None]  # the CONNECT message, and the member token cookie


def for_member(message: dict[str, Any], member_token: str | None) -> Tab:
    """The recorded message with another member's token in the cookie vars (or none), and the
    token for the handshake's Cookie header: the app reads a new connection's token there."""
    message = copy.deepcopy(message)
    cookie_vars = message["event"]["payload"]["vars"]
    for name in list(cookie_vars):
        if name.endswith(TOKEN_VAR):
            if member_token is None:
                del cookie_vars[name]
            else:
                cookie_vars[name] = member_token
    return message, member_token


def is_done(delta: dict[str, Any], home: bool) -> bool:
    for state, values in delta.items():
        if home and state.endswith(HOME_STATE) and values.get("loaded_rx_state_"):
            return True
        if not home and values.get("is_hydrated_rx_state_"):
            return True
    return False


async def one_tab(url: str, tab: Tab, home: bool, timeout: float = 120) -> float:
    """Seconds from connecting to the delta that shows the page's data."""
    message, member_token = tab
    headers = {"Origin": url}
    if member_token:
        headers["Cookie"] = f"member_app_token={member_token}"
    client = socketio.AsyncClient(reconnection=False)
    arrived = asyncio.Event()

    async def on_event(update: dict[str, Any]) -> None:
        if is_done(update.get("delta", {}), home):
            arrived.set()

    client.on("event", on_event, namespace="/_event")
    started = time.perf_counter()
    await client.connect(f"{url}?token={uuid.uuid4()}", namespaces=["/_event"],
                         socketio_path="/_event", transports=["websocket"], auth=message,
                         headers=headers, wait_timeout=timeout)
    try:
        await asyncio.wait_for(arrived.wait(), timeout)
        return time.perf_counter() - started
    finally:
        await client.disconnect()


async def tabs_at_once(url: str, messages: list[Tab], home: bool) -> list[float]:
    return list(await asyncio.gather(*(one_tab(url, m, home) for m in messages)))


async def visits(url: str, messages: list[Tab], count: int, at_once: int,
                 home: bool) -> None:
    gate = asyncio.Semaphore(at_once)

    async def visit(index: int) -> None:
        async with gate:
            await one_tab(url, messages[index % len(messages)], home)

    await asyncio.gather(*(visit(i) for i in range(count)))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def server_memory(url: str) -> tuple[int, int]:
    """Bytes the server holds: the resident memory of every process serving the app's port,
    with its children (the backend workers), plus the memory Redis reports using for its
    data when the states live there (its `used_memory`, not its resident size, which
    allocator arenas blur). (processes' bytes, Redis's bytes)"""
    port = int(url.rsplit(":", 1)[1])
    roots, redis_ports = set(), []
    for connection in psutil.net_connections("tcp"):
        if connection.status != "LISTEN" or not connection.laddr or not connection.pid:
            continue
        if connection.laddr.port == port:
            roots.add(connection.pid)
        elif psutil.Process(connection.pid).name() == "redis-server":
            redis_ports.append(connection.laddr.port)
    processes: dict[int, psutil.Process] = {}
    for pid in roots:
        process = psutil.Process(pid)
        for member in [process, *process.children(recursive=True)]:
            processes[member.pid] = member
    resident = sum(p.memory_info().rss for p in processes.values())
    in_redis = sum(int(redis.Redis(port=p).info("memory")["used_memory"])
                   for p in set(redis_ports))
    return resident, in_redis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument("--tabs", type=int, default=200)
    parser.add_argument("--visits", type=int, default=2000)
    args = parser.parse_args()
    backend = "PostgreSQL + Redis" if os.environ.get("E2E_BACKEND") == "postgres" else "SQLite"
    with _app_server(web_dir=".web-bench") as server:
        tokens, _ = populate(server.db_url)
        recorded = recorded_messages(server.url, tokens[0][1])
        home = [for_member(recorded["/"], token) for _, token in tokens[: args.tabs]]
        blank = [for_member(recorded["/blank"], None)] * args.tabs
        header(f"Event channel [{backend}]: {args.tabs} tabs at once",
               "p95 seconds from connecting to the delta with the home data (members of 300 "
               "events), over the p95 of as many tabs hydrating the blank page at once.")
        loop = asyncio.new_event_loop()
        loop.run_until_complete(tabs_at_once(server.url, home[:5], True))  # warm up
        subjects, baselines = [], []
        for _ in range(max(args.rounds, MIN_ROUNDS)):
            blank_p95 = p95(loop.run_until_complete(tabs_at_once(server.url, blank, False)))
            home_p95 = p95(loop.run_until_complete(tabs_at_once(server.url, home, True)))
            subjects.append(home_p95)
            baselines.append(blank_p95)
        compare(subject_name="home", baseline_name="blank", subjects=subjects,
                baselines=baselines, unit="ms", goal=Goal(5, at_most=True, source="issue #9"))
        header(f"Event channel [{backend}]: memory per tab",
               f"what the server holds before and after {args.visits:,} short visits (a new tab "
               "each; Reflex keeps a tab's state for an hour), to the blank page, then home.")
        for name, messages, is_home in (("blank page", blank, False), ("home", home, True)):
            resident, in_redis = server_memory(server.url)
            loop.run_until_complete(visits(server.url, messages, args.visits, 50, is_home))
            resident_after, in_redis_after = server_memory(server.url)
            per_tab = (resident_after - resident + in_redis_after - in_redis) / args.visits
            goal = "the framework's floor, no goal"
            if is_home:
                goal = f"goal <= 10 KiB (issue #9): {'met' if per_tab <= 10 * 1024 else 'MISSED'}"
            redis_part = ""
            if in_redis or in_redis_after:
                redis_part = (f" (Redis data {in_redis / 2**20:,.1f} -> "
                              f"{in_redis_after / 2**20:,.1f} MiB: "
                              f"{(in_redis_after - in_redis) / args.visits / 1024:,.1f} KiB a tab)")
            print(f"   {name}: {(resident + in_redis) / 2**20:,.1f} MiB -> "
                  f"{(resident_after + in_redis_after) / 2**20:,.1f} MiB: "
                  f"{per_tab / 1024:,.1f} KiB a tab{redis_part}; {goal}", flush=True)
        loop.close()


if __name__ == "__main__":
    main()
