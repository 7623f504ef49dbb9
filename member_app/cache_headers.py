"""How long browsers may keep the frontend's files (issue #13 finding 11).

The build's own files (/assets/...) carry a hash of their content in their names: a changed
file gets a new name, so a browser may keep each one for a year without asking again
("immutable": not even a reload revalidates them). Every other file the frontend serves
(the pages, /sw.js, /manifest.json, /theme.css, /offline.*, the icons) keeps its name across
releases, so it is revalidated on every use ("no-cache": the ETag makes that a 304 when
nothing changed) instead of being kept by the browser's guess from its Last-Modified date,
which could show yesterday's theme.css after a release.

Only responses that come from the static files (they carry an ETag) are touched: the API, the
event channel and /ping answer without one and keep whatever caching they declare.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HASHED_PREFIX = "/assets/"  # Vite's output directory: every name there has a content hash
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control_for(path: str) -> str:
    return IMMUTABLE if path.startswith(HASHED_PREFIX) else REVALIDATE


class CacheHeaders:
    """Adds Cache-Control to the static files' responses of `app` (see the module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        policy = cache_control_for(scope["path"])

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = MutableHeaders(scope=message)
                if "etag" in headers and "cache-control" not in headers:
                    headers["Cache-Control"] = policy
            await send(message)

        await self.app(scope, receive, send_with_cache_control)
