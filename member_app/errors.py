"""Every error a service may raise, in one place.

Each carries a stable machine `code` (the API's `error` field) and a human `detail`; the API
and the UI map them to a 4xx answer or a message. Anything else escaping a service is a bug.

    AppError
    ├── NotFound            (404) unknown member, item, listing...
    ├── InvalidInput        (422) input that names its problem (field, index)
    ├── Conflict            (409) taken username, insufficient points, sold out...
    └── Unauthorized        (401) bad credentials or token
"""

from __future__ import annotations


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class NotFound(AppError):
    status = 404
    code = "not_found"


class InvalidInput(AppError):
    status = 422
    code = "invalid_input"


class Conflict(AppError):
    status = 409
    code = "conflict"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"
