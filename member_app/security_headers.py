"""Security headers on every HTTP response the app sends: pages, build files, the API, /ping,
Socket.IO's HTTP requests (issue #12 finding 7).

`SecurityHeaders` is a pure ASGI middleware that `member_app.py` wraps around the whole Reflex
app (`api_transformer`), so the production frontend's static mount, which Reflex puts inside
that app, is covered too. The choices, and what the app's libraries forced us to relax, are in
docs/decisions.md ("Security headers").

Three Content-Security-Policies, by path:

- the app's pages: scripts only from our origin plus the inline scripts the build put in its
  HTML files, allowed by their SHA-256 hashes (computed from the build on first use, so no
  'unsafe-inline' and no 'unsafe-eval' for scripts);
- /docs, /docs/oauth2-redirect and /redoc: FastAPI renders these pages with an inline script
  of its own, hashed from the page the route renders for a plain GET (it depends on no input
  of the request), and ReDoc needs a little more (see `_docs_policy`);
- the JSON API, and the build's hashed files under /assets/ (scripts and stylesheets): nothing at
  all may load, since nothing there is a document. A page's policy governs what its scripts and
  stylesheets do, never the policy sent with them, so the long page policy (about 1 KiB of
  hashes) was dead weight on each of the thirty-odd files of a first load (issue #13 finding
  11); opened directly, such a file now can load nothing at all.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
API_PREFIXES = ("/api/", "/openapi.json")
BUILD_FILES = "/assets/"  # Vite's output: scripts and stylesheets, never documents or workers

# Powerful features the member centre never uses: no page (nor anything injected into one)
# may ask for them. Only names Chromium knows: an unknown one is an error in the console.
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "serial=(), hid=(), midi=(), display-capture=()")


def _policy(directives: dict[str, Iterable[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _framing_and_forms(form_action: str) -> dict[str, Iterable[str]]:
    """What every document policy says: nothing may frame us (clickjacking), no <base> may
    redirect relative URLs, no plugin content, forms post only where they should."""
    return {"object-src": ["'none'"], "base-uri": ["'none'"], "form-action": [form_action],
            "frame-ancestors": ["'none'"]}


API_POLICY = _policy({"default-src": ["'none'"], **_framing_and_forms("'none'")})


class InlineScripts(HTMLParser):
    """The text of every inline <script> of a page, exactly as the browser hashes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            text = "".join(self._current)
            if text:
                self.scripts.append(text)
            self._current = None


def script_hashes(html: str) -> set[str]:
    """CSP sources ('sha256-...') allowing exactly the inline scripts of this page."""
    parser = InlineScripts()
    parser.feed(html)
    parser.close()
    return {"'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
            for text in parser.scripts}


def build_script_hashes(build_dir: Path) -> set[str]:
    """The hashes of the inline scripts of every HTML file of the frontend build. React
    Router's prerendered pages each carry a few (the theme and scroll restorers, the router
    context, the route modules' import, React's streaming helpers); they are the same on
    every load of a build, so hashes work where a nonce would need the static files rewritten
    per response."""
    hashes: set[str] = set()
    for page in build_dir.rglob("*.html"):
        hashes |= script_hashes(page.read_text(encoding="utf-8"))
    return hashes


def origins_of(public_url: str) -> list[str]:
    """The public URL's origin, and its websocket twin: the pages open the event channel at
    the public URL (Reflex's api_url), which need not be the origin a page was loaded from
    (127.0.0.1 for localhost). 'self' covers ws: only in browsers implementing CSP 3."""
    parts = urlsplit(public_url)
    websocket = "wss" if parts.scheme == "https" else "ws"
    return [f"{parts.scheme}://{parts.netloc}", f"{websocket}://{parts.netloc}"]


def app_policy(script_sources: Iterable[str], public_url: str) -> str:
    return _policy({
        "default-src": ["'none'"],
        "script-src": ["'self'", *sorted(script_sources)],
        # Radix (react-remove-scroll's <style> while a sheet is open, sizes it computes) and
        # emotion (Reflex's style props become <style> rules at run time) write styles that
        # no hash can know in advance.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *origins_of(public_url)],
        "worker-src": ["'self'"],  # the service worker, /sw.js
        "manifest-src": ["'self'"],
        # Reflex's forms submit through the event channel, never natively; a native submit
        # (a tap before the page has hydrated) would put the password in a GET URL.
        **_framing_and_forms("'none'"),
    })


def _docs_policy(script_sources: Iterable[str]) -> str:
    return _policy({
        "default-src": ["'none'"],
        "script-src": ["'self'", *sorted(script_sources)],
        # Swagger UI and ReDoc set styles at run time (ReDoc through styled-components).
        "style-src": ["'self'", "'unsafe-inline'"],
        # Swagger UI draws its icons as data: SVGs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],  # the schema, and "Try it out"
        # ReDoc runs its search index in a worker it makes from a blob: URL.
        "worker-src": ["'self'", "blob:"],
        **_framing_and_forms("'self'"),
    })


def common_headers(public_url: str) -> list[tuple[str, str]]:
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        # Other sites learn nothing of our URLs; our own requests keep theirs, and with them
        # a real Origin header on same-origin POSTs (no-referrer would make it "null").
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),  # frame-ancestors 'none' for browsers without CSP 2
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
    if urlsplit(public_url).scheme == "https":
        # Only behind TLS: browsers ignore HSTS sent over plain http, and on localhost it
        # would pin every port of localhost to https in the developer's browser for a year.
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return headers


class SecurityHeaders:
    """Adds the security headers to every HTTP response of `app` (websockets pass through)."""

    def __init__(self, app: ASGIApp, *, build_dir: Path, public_url: str) -> None:
        self.app = app
        self.build_dir = build_dir
        self.public_url = public_url
        self.common = common_headers(public_url)
        self._app_policy: str | None = None
        self._docs_policies: dict[str, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [*self.common, ("Content-Security-Policy", await self._policy_for(scope))]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers:
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _policy_for(self, scope: Scope) -> str:
        path: str = scope["path"]
        if path.startswith(API_PREFIXES) or path.startswith(BUILD_FILES):
            return API_POLICY
        if path in DOCS_PATHS:
            if path not in self._docs_policies:
                page = await self._render(path, scope)
                self._docs_policies[path] = _docs_policy(script_hashes(page))
            return self._docs_policies[path]
        if self._app_policy is None:
            hashes = build_script_hashes(self.build_dir)
            policy = app_policy(hashes, self.public_url)
            if not hashes:
                # The build is not there yet (or a page without scripts is being served):
                # answer with the strict policy, and look at the build again next time.
                return policy
            self._app_policy = policy
        return self._app_policy

    async def _render(self, path: str, scope: Scope) -> str:
        """The page the route renders for a plain GET with none of the request's own headers,
        query or body: what gets hashed is what our code writes, never what a request put in."""
        plain: Scope = {
            "type": "http", "asgi": scope.get("asgi", {"version": "3.0"}),
            "http_version": "1.1", "method": "GET", "scheme": scope.get("scheme", "http"),
            "path": path, "raw_path": path.encode(), "root_path": scope.get("root_path", ""),
            "query_string": b"", "headers": [], "client": None, "server": scope.get("server"),
        }
        body: list[bytes] = []

        async def no_body() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await self.app(plain, no_body, collect)
        return b"".join(body).decode("utf-8", errors="replace")
