"""The security headers middleware (issue #12 finding 7) on small apps of its own; the live
app under Chromium is checked by e2e/test_security_headers.py."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from member_app.security_headers import SecurityHeaders, build_script_hashes, script_hashes

PUBLIC_URL = "http://localhost:3000"
DOCS_SCRIPT = "const ui = SwaggerUIBundle({url: '/openapi.json'})"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split("; "))}


def _app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None)

    @app.get("/")
    def page() -> HTMLResponse:
        return HTMLResponse("<html><body>a page</body></html>")

    @app.get("/api/v1/health")
    def health() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/docs")
    def docs(request: Request) -> HTMLResponse:
        # Reflects its query, as a vulnerable page would: that must not get hashed.
        injected = unquote(request.url.query)
        return HTMLResponse(f'<script src="/bundle.js"></script><script>{DOCS_SCRIPT}</script>'
                            f"{injected}")

    return app


def _client(tmp_path: Path, public_url: str = PUBLIC_URL) -> TestClient:
    (tmp_path / "index.html").write_text(
        '<script>window.theme = "light"</script><script type="module" src="/a.js"></script>'
        "<script></script>", encoding="utf-8")
    (tmp_path / "me").mkdir()
    (tmp_path / "me" / "index.html").write_text(
        '<script type="module">import "/assets/me.js";</script>', encoding="utf-8")
    return TestClient(SecurityHeaders(_app(), build_dir=tmp_path, public_url=public_url))


def test_a_page_gets_the_strict_policy_with_the_builds_inline_scripts(tmp_path: Path) -> None:
    response = _client(tmp_path).get("/")
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == sorted(["'self'", _sha256('window.theme = "light"'),
                                           _sha256('import "/assets/me.js";')])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", "http://localhost:3000", "ws://localhost:3000"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers


def test_the_api_may_load_nothing(tmp_path: Path) -> None:
    response = _client(tmp_path).get("/api/v1/health")
    assert response.json() == {"status": "ok"}
    policy = _directives(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and "script-src" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_builds_scripts_and_stylesheets_may_load_nothing_themselves(tmp_path: Path) -> None:
    """A page's policy governs its scripts; the one sent with a script applies only if the
    script is opened as a document: then nothing may load (and the 1 KiB of page hashes is not
    repeated on every build file, issue #13 finding 11)."""
    client = _client(tmp_path)
    asset = client.get("/assets/root-nCRZopch.js")  # no such route here: the headers still come
    policy = _directives(asset.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and "script-src" not in policy
    assert policy["frame-ancestors"] == ["'none'"]
    assert asset.headers["x-content-type-options"] == "nosniff"
    # The service worker is a worker, not a build file: its fetches need the page policy.
    worker = _directives(client.get("/sw.js").headers["content-security-policy"])
    assert worker["connect-src"] == ["'self'", "http://localhost:3000", "ws://localhost:3000"]


def test_the_docs_page_may_run_exactly_its_own_inline_script(tmp_path: Path) -> None:
    client = _client(tmp_path)
    # What gets hashed is the page rendered for a plain GET, not what a request put in it,
    # even when the first request of all carries an injection.
    for _ in range(2):
        response = client.get("/docs?<script>alert(1)</script>")
        assert "<script>alert(1)</script>" in response.text
        policy = _directives(response.headers["content-security-policy"])
        assert policy["script-src"] == ["'self'", _sha256(DOCS_SCRIPT)]


def test_hsts_only_when_the_public_url_is_https(tmp_path: Path) -> None:
    response = _client(tmp_path, "https://members.example").get("/")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    policy = _directives(response.headers["content-security-policy"])
    assert policy["connect-src"] == ["'self'", "https://members.example",
                                     "wss://members.example"]


def test_without_a_build_the_policy_allows_no_inline_script_and_looks_again(
        tmp_path: Path) -> None:
    client = TestClient(SecurityHeaders(_app(), build_dir=tmp_path, public_url=PUBLIC_URL))
    policy = _directives(client.get("/").headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    (tmp_path / "index.html").write_text("<script>late()</script>", encoding="utf-8")
    policy = _directives(client.get("/").headers["content-security-policy"])
    assert policy["script-src"] == ["'self'", _sha256("late()")]


def test_script_hashes_skip_external_and_empty_scripts() -> None:
    html = '<script src="/x.js">ignored()</script><script> </script><script>a()</script>'
    assert script_hashes(html) == {_sha256(" "), _sha256("a()")}


def test_build_hashes_cover_every_html_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<script>a()</script>", encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "b.html").write_text("<script>b()</script>", encoding="utf-8")
    assert build_script_hashes(tmp_path) == {_sha256("a()"), _sha256("b()")}


def test_websockets_pass_through_untouched(tmp_path: Path) -> None:
    seen: list[Message] = []

    async def websocket_app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.accept", "headers": []})

    async def send(message: Message) -> None:
        seen.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    middleware = SecurityHeaders(websocket_app, build_dir=tmp_path, public_url=PUBLIC_URL)
    asyncio.run(middleware({"type": "websocket", "path": "/_event"}, receive, send))
    assert seen == [{"type": "websocket.accept", "headers": []}]
