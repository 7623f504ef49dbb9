"""Every error a service may raise, in one place.

Each carries a stable machine `code` (the API's `error` field) and a human `detail`; the API
and the UI map them to a 4xx answer or a message. Anything else escaping a service is a bug.

    AppError
    ├── NotFound              (404) unknown member, item, listing, coupon (or another member's)
    ├── InvalidInput          (422) input that names its problem (field, index)
    │   └── IdempotencyKeyReused (422) same Idempotency-Key, different request
    ├── Conflict              (409) the request is well formed but the state refuses it:
    │   ├── InsufficientPoints   insufficient_points
    │   ├── OutOfStock           out_of_stock
    │   ├── LimitReached         limit_reached (per-member limit, trial already used)
    │   ├── Sold                 sold (listing no longer open)
    │   ├── OwnListing           own_listing
    │   └── PaymentFailed        payment_declined / payment_pending
    ├── Unauthorized          (401) bad credentials or token
    ├── Forbidden             (403) a valid token without the right (member token on a
    │                               platform route)
    ├── PayloadTooLarge       (413) request body above the limit
    └── RateLimited           (429) too many failed logins; `retry_after` seconds
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


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"


class Conflict(AppError):
    status = 409
    code = "conflict"


class InsufficientPoints(Conflict):
    code = "insufficient_points"


class OutOfStock(Conflict):
    code = "out_of_stock"


class LimitReached(Conflict):
    code = "limit_reached"


class Sold(Conflict):
    code = "sold"


class OwnListing(Conflict):
    code = "own_listing"


class GuessRefused(Conflict):
    """A guess-the-price item needs a guess inside its game's range. The range is the item's
    data, not the request schema's (one body for every item), hence a 409 like out_of_stock."""

    code = "invalid_guess"


class PaymentFailed(Conflict):
    code = "payment_declined"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class RateLimited(AppError):
    status = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def error_from_answer(status: int, code: str, detail: str) -> AppError:
    """Rebuild the error of a stored (idempotent) answer, for callers that want to raise it."""
    for kind in (NotFound, InvalidInput, Conflict, Unauthorized, Forbidden, RateLimited):
        if kind.status == status:
            error: AppError = kind(detail)
            error.code = code
            return error
    error = AppError(detail, code=code)
    error.status = status
    return error
