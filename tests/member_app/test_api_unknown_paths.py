"""Every path under /api answers in JSON, also with the Reflex app mounted behind the API as
Reflex mounts it (`api_transformer`: the frontend at "", after the API's routes): issue #12
finding 9 (an unknown path gave the app's HTML page, a wrong method a text/plain 405 with
the static files' Allow header)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from member_app.api.app import LineBreakPathsToApi, create_app


def _as_reflex_mounts_it() -> TestClient:
    api = create_app()

    def page(_request):  # type: ignore[no-untyped-def]
        return HTMLResponse("<html>the frontend</html>", 404)

    api.mount("", Starlette(routes=[Route("/{path:path}", page)]))
    return TestClient(api)


def test_unknown_api_paths_and_methods_answer_json() -> None:
    client = _as_reflex_mounts_it()
    for path in ("/api/v1/nope", "/api/nope", "/api/v2/me", "/api/", "/api", "/api?x=1"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/json", path
        assert answer.json()["error"] == "not_found", path
    wrong = client.put("/api/v1/me")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"
    assert wrong.headers["allow"] == "GET"
    assert client.delete("/api/v1/events").headers["allow"] == "POST"
    # the frontend still gets everything outside /api
    assert client.get("/points").text == "<html>the frontend</html>"
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_paths_with_a_line_break_reach_the_api() -> None:
    """Reflex mounts everything under its own outermost app at "", whose `.*` stops at a line
    break: `%0A` in a path got Starlette's text/plain 404 (issue #12 finding 10, Schemathesis
    on the live server). LineBreakPathsToApi, around that outermost app, hands them to the
    API."""
    api = create_app()

    def page(_request):  # type: ignore[no-untyped-def]
        return HTMLResponse("<html>the frontend</html>", 404)

    api.mount("", Starlette(routes=[Route("/{path:path}", page)]))
    outermost = Starlette()
    outermost.mount("", api)
    before = TestClient(outermost).post("/api/v1/payments/a%0Ab/confirm")
    assert before.status_code == 404 and before.headers["content-type"].startswith("text/plain")
    client = TestClient(LineBreakPathsToApi(outermost, api))
    missing_token = client.post("/api/v1/payments/a%0Ab/confirm")
    assert missing_token.status_code == 401 and missing_token.json()["error"] == "missing_token"
    for path in ("/api/v1/market/listings/1%0A2", "/api/v1/no%0Awhere"):
        answer = client.delete(path)
        assert answer.headers["content-type"] == "application/json", path
        assert answer.status_code in (401, 404) and set(answer.json()) == {"error", "detail"}
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    assert client.get("/points").text == "<html>the frontend</html>"
