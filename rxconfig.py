"""Reflex configuration. Ports come from the environment so tests can pick free ones."""

from __future__ import annotations

import os

import reflex as rx

_port = int(os.environ.get("PORT", "3000"))
_redis_url = os.environ.get("REFLEX_REDIS_URL") or None

config = rx.Config(
    app_name="member_app",
    frontend_port=_port,
    backend_port=_port,
    api_url=os.environ.get("MEMBER_APP_PUBLIC_URL", f"http://localhost:{_port}"),
    deploy_url=os.environ.get("MEMBER_APP_PUBLIC_URL", f"http://localhost:{_port}"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_redis_url,
    # One worker without Redis: keep UI state in memory (a restart only costs a reload, since the
    # token and locale live in cookies); the disk manager's writes slowed every event by ~40 ms.
    state_manager_mode="redis" if _redis_url else "memory",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="orange", gray_color="sand", radius="large"),
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
