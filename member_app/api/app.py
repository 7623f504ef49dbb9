"""The FastAPI application that Reflex mounts itself under (so these routes match first).

`create_app(engine=..., clock=...)` builds one against a given database and clock (tests);
`api_app` is the one the Reflex app mounts, on the default engine and the real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from member_app.api import routes_market, routes_me, routes_platform, routes_public
from member_app.api.errors import BodyLimit, install_error_handlers


def create_app(engine: Engine | None = None,
               clock: Callable[[], datetime] | None = None) -> FastAPI:
    # FastAPIOffline serves Swagger UI and ReDoc from files shipped in its package, not from a
    # CDN: /docs works without internet, and no third-party script runs on our origin.
    app = FastAPIOffline(
        title="member_app API",
        version="1",
        description="Events in, member standing out. See SPEC section 11. Errors are "
                    '`{"error": code, "detail": text}`.',
    )
    app.state.engine = engine
    app.state.clock = clock
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    for module in (routes_public, routes_platform, routes_me, routes_market):
        app.include_router(module.router)

    @app.get("/api/v1/health", tags=["ops"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


api_app = create_app()
