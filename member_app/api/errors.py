"""Every error leaves the API as JSON `{"error": code, "detail": text}`, never a traceback.

AppError -> its status; request validation -> 422 naming the first bad field; HTTP errors
(unknown route, wrong method, body too large) -> their status; anything else -> 500 with a
generic message (the traceback goes to the server log only). Bodies above `MAX_BODY_BYTES`
are refused with 413 before they are read in full.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from member_app.errors import AppError, RateLimited

MAX_BODY_BYTES = 1024 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"
log = logging.getLogger("member_app.api")
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
              401: "unauthorized", 403: "forbidden", 400: "bad_request"}


def error_body(code: str, detail: str) -> dict[str, str]:
    return {"error": code, "detail": detail}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_request: Request, error: AppError) -> JSONResponse:
        headers = {}
        if isinstance(error, RateLimited):
            headers["Retry-After"] = str(error.retry_after)
        if error.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(error_body(error.code, error.detail), error.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        first = problems[0] if problems else {"loc": (), "msg": "invalid request"}
        loc = tuple(first.get("loc", ()))
        if first.get("type") == "missing" and loc == ("header", IDEMPOTENCY_HEADER):
            # The code the use cases give it (services.idempotency), documented in SPEC 11.
            return JSONResponse(error_body("idempotency_key_required",
                                           f"{IDEMPOTENCY_HEADER}: header required"), 422)
        # A body field is named as the use cases name it ("quantity: ..."), not "body.quantity".
        if len(loc) > 1 and loc[0] == "body":
            loc = loc[1:]
        where = ".".join(str(part) for part in loc)
        message = str(first.get("msg", "invalid"))[:200]
        return JSONResponse(error_body("invalid_input", f"{where}: {message}" if where
                                       else message), 422)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, "http_error")
        detail = error.detail if isinstance(error.detail, str) else code
        return JSONResponse(error_body(code, detail), error.status_code,
                            headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal_error", "internal error"), 500)


class BodyLimit:
    """Refuse /api request bodies above `limit` bytes (declared or streamed) with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # /api itself and every path below it
        if scope["type"] != "http" or not (scope["path"] + "/").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        plain = declared is not None and declared.isascii() and declared.isdigit()
        if declared is not None and (not plain or int(declared) > self.limit):
            await _send_413(send, self.limit)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"request body above {self.limit} bytes")
            return message

        await self.app(scope, limited, send)


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps(error_body("payload_too_large", f"request body above {limit} bytes"))
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body.encode()})
