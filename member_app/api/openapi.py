"""What the OpenAPI schema says about errors, so that it says what the API does (SPEC 11).

Every error leaves the API as `Error` (member_app.api.errors). Routes declare the statuses
their use cases answer with `errors({404: "why", ...})`; the routers add the statuses their
authentication answers and the app the ones every /api request can get (413). Two statuses
come from FastAPI itself and are fixed up here for every operation that can answer them:
FastAPI's validation 422 is documented with FastAPI's own body (a list of problems) while
`errors.install_error_handlers` sends ours, and a body it cannot read at all (not UTF-8, a
broken form) is a 400 it never documents.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

from member_app.api.errors import MAX_BODY_BYTES

Responses = dict[int | str, dict[str, Any]]
REPLAYED = {"Idempotent-Replayed": {
    "description": "`true` when this is the stored answer to an earlier request with the same "
                   "Idempotency-Key (nothing was done again)",
    "schema": {"type": "string", "enum": ["true"]}}}


class Error(BaseModel):
    """Every 4xx answer, whatever its cause."""

    model_config = ConfigDict(extra="forbid")
    error: str = Field(description="a stable machine code, e.g. `insufficient_points`")
    detail: str = Field(description="for people: what is wrong, naming the field if one is")


def errors(descriptions: dict[int, str], *, replayed: tuple[int, ...] = ()) -> Responses:
    """`responses=` for FastAPI: these statuses, each with the error body and why it comes;
    those in `replayed` may be the stored answer to an earlier request with the same
    Idempotency-Key (SPEC 11: a first 409 replays as 409)."""
    responses = {status: _error(status, why) for status, why in descriptions.items()}
    for status in replayed:
        responses[status].setdefault("headers", {}).update(REPLAYED)
    return responses


def replayable(status: int, description: str) -> Responses:
    """A success that the same Idempotency-Key answers again, marked as replayed."""
    return {status: {"description": description, "headers": dict(REPLAYED)}}


def _error(status: int, why: str) -> dict[str, Any]:
    response: dict[str, Any] = {"model": Error, "description": why}
    if status == 401:  # install_error_handlers sets it on every 401
        response["headers"] = {"WWW-Authenticate": {
            "description": "`Bearer`", "required": True, "schema": {"type": "string"}}}
    if status == 429:
        response["headers"] = {"Retry-After": {
            "description": "seconds to wait before trying again", "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]+$"}}}
    return response


MEMBER_AUTH = errors({
    401: "no member token, or one that is invalid or expired, or whose session has ended "
         "(`missing_token`, `invalid_token`, `token_expired`, `session_ended`)",
    403: "a valid token that is not a member's (`wrong_audience`: a platform or operator "
         "token)",
})
PLATFORM_AUTH = errors({
    401: "no platform token, or one that is invalid or expired (`missing_token`, "
         "`invalid_token`, `token_expired`)",
    403: "a valid token that is not the platform's (`wrong_audience`: a member or operator "
         "token)",
})
OPERATOR_AUTH = errors({
    401: "no operator token, or one that is invalid or expired, or whose operator was "
         "removed (`missing_token`, `invalid_token`, `token_expired`)",
    403: "a valid token that is not an operator's (`wrong_audience`: a member or platform "
         "token)",
})
EVERY_REQUEST = errors({
    413: f"the request body is above {MAX_BODY_BYTES} bytes (`payload_too_large`)",
})

_VALIDATION = ("the request is malformed (`invalid_input`); `detail` names the first bad "
               "field, e.g. `quantity: Input should be less than or equal to 100`")
_UNREADABLE = ("the body could not be read at all, e.g. not UTF-8 or a broken form "
               "(`bad_request`)")
_FASTAPI_ERRORS = ("HTTPValidationError", "ValidationError")


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` with one that documents FastAPI's own 400 and 422 truthfully."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            app.openapi_schema = _truthful(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  (FastAPI's documented way)


def _truthful(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema())
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"]["content"] = error
                if responses["422"].get("description") == "Validation Error":
                    responses["422"]["description"] = _VALIDATION
            if "requestBody" in operation:
                responses.setdefault("400", {"description": _UNREADABLE, "content": error})
    for name in _FASTAPI_ERRORS:
        components.pop(name, None)
    _whole_bounds(schema)
    return schema


_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _whole_bounds(node: Any) -> None:
    """FastAPI's OpenAPI model turns the bounds of body fields into floats (`"maximum":
    2147483647.0`, the parameters' stay integers): give whole ones back as integers. (Bodies
    have no bound above 2**53, where a float would no longer be exact.)"""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _BOUNDS and isinstance(value, float) and value.is_integer():
                node[key] = int(value)
            else:
                _whole_bounds(value)
    elif isinstance(node, list):
        for item in node:
            _whole_bounds(item)
