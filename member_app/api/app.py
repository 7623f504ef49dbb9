"""The FastAPI application that Reflex mounts itself under (so these routes match first).

`create_app(engine=..., clock=...)` builds one against a given database and clock (tests);
`api_app` is the one the Reflex app mounts, on the default engine and the real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from member_app.api import routes_market, routes_me, routes_ops, routes_platform, routes_public
from member_app.api.errors import BodyLimit, error_body, install_error_handlers
from member_app.api.openapi import EVERY_REQUEST, install_openapi


def create_app(engine: Engine | None = None,
               clock: Callable[[], datetime] | None = None) -> FastAPI:
    # FastAPIOffline serves Swagger UI and ReDoc from files shipped in its package, not from a
    # CDN: /docs works without internet, and no third-party script runs on our origin.
    app = FastAPIOffline(
        title="member_app API",
        version="1",
        description="Events in, member standing out. See SPEC section 11. Errors are "
                    '`{"error": code, "detail": text}`.',
        responses=EVERY_REQUEST,
    )
    app.state.engine = engine
    app.state.clock = clock
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    for module in (routes_public, routes_platform, routes_me, routes_market, routes_ops):
        app.include_router(module.router)

    @app.get("/api/v1/health", tags=["ops"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    _answer_unknown_api_paths_in_json(app)
    install_openapi(app)
    return app


ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _answer_unknown_api_paths_in_json(app: FastAPI) -> None:
    """Reflex mounts its own app at "" after these routes (`api_transformer`), so a path
    under /api that no route takes, or takes with another method, fell through to the
    frontend: an HTML 404 page, or a text/plain 405 with the static files' Allow header.
    This last route answers them as every API error is answered (JSON), with the methods
    the path does have. CORS preflights (OPTIONS) are answered by the CORS middleware
    before routing, so they never reach it."""
    routes = list(app.routes)  # the API's own, before this one and before Reflex's mount

    def takes(method: str, scope: Scope) -> bool:
        trial = {**scope, "method": method}
        return any(route.matches(trial)[0] == Match.FULL for route in routes)

    @app.api_route("/api/{rest:path}", methods=ANY_METHOD, include_in_schema=False)
    @app.api_route("/api", methods=ANY_METHOD, include_in_schema=False)  # the root too
    def unknown(request: Request) -> JSONResponse:
        path = request.url.path
        allowed = [method for method in ANY_METHOD if takes(method, request.scope)]
        if allowed:
            return JSONResponse(error_body("method_not_allowed",
                                           f"{request.method} is not allowed here"), 405,
                                headers={"Allow": ", ".join(allowed)})
        return JSONResponse(error_body("not_found", f"no API route {path}"), 404)


class LineBreakPathsToApi:
    """Reflex mounts the whole backend at "" of its outermost app, and Starlette matches a
    mount with `.*`, which stops at a line break: a path with an encoded one (`%0A`) matched
    nothing there and got Starlette's text/plain 404, even under /api (say an order id with
    a line break in `/api/v1/payments/{order_id}/confirm`). Wrapped around that outermost
    app, this hands such /api paths to the API itself, which answers them as it answers any
    other (JSON, the route's own statuses). Every other request goes through unchanged."""

    def __init__(self, app: ASGIApp, api: ASGIApp) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        target = self.api if path.startswith("/api/") and "\n" in path else self.app
        await target(scope, receive, send)


api_app = create_app()
