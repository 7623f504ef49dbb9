"""Reflex configuration. Ports come from the environment so tests can pick free ones."""

from __future__ import annotations

import os

import reflex as rx

from member_app.build_plugins import ChunkGroups, RadixThemesWithItsColours

_port = int(os.environ.get("PORT", "3000"))
_redis_url = os.environ.get("REFLEX_REDIS_URL") or None
_public_url = os.environ.get("MEMBER_APP_PUBLIC_URL", f"http://localhost:{_port}").rstrip("/")


def _allowed_origins() -> list[str]:
    """Origins whose pages may call the API with credentials and open the event channel
    (Reflex applies this list to its CORS middleware and to Socket.IO's origin check):
    MEMBER_APP_ALLOWED_ORIGINS (comma-separated), by default the app's own public URL, and
    for a localhost URL its 127.0.0.1 and [::1] spellings too. Never "*": with credentials
    allowed, "*" let any site's page act with a member's cookies (issue #12 finding 8)."""
    listed = os.environ.get("MEMBER_APP_ALLOWED_ORIGINS", "")
    if listed.strip():
        return [origin.strip().rstrip("/") for origin in listed.split(",") if origin.strip()]
    origins = [_public_url]
    scheme, _, rest = _public_url.partition("://")
    if rest.startswith("localhost"):
        origins += [f"{scheme}://{host}{rest[len('localhost'):]}" for host in ("127.0.0.1",
                                                                               "[::1]")]
    return origins


config = rx.Config(
    app_name="member_app",
    frontend_port=_port,
    backend_port=_port,
    api_url=_public_url,
    deploy_url=_public_url,
    cors_allowed_origins=_allowed_origins(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_redis_url,
    # One worker without Redis: keep UI state in memory (a restart only costs a reload, since the
    # token and locale live in cookies); the disk manager's writes slowed every event by ~40 ms.
    state_manager_mode="redis" if _redis_url else "memory",
    plugins=[
        RadixThemesWithItsColours(
            theme=rx.theme(accent_color="orange", gray_color="sand", radius="large"),
        ),
        ChunkGroups(),  # fewer, larger files for the libraries every page loads
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # The build writes each file compressed beside itself, and the server sends the best one the
    # browser accepts: brotli (every current browser; a fifth smaller than gzip on our scripts and
    # 40% on Radix's stylesheet), else gzip (issue #13 finding 11).
    frontend_compression_formats=["brotli", "gzip"],
    # Without this every page imports all of Radix Themes (window.__reflex, for components a
    # handler could send at run time, which this app never does): 40 KiB of dialogs, radio
    # groups and avatars on pages without any.
    frontend_lazy_bundled_libraries=True,
    # Over every page: the notice a member sees when a bug reached an event handler.
    extra_overlay_function="member_app.components.error_notice.backend_error_notice",
)
