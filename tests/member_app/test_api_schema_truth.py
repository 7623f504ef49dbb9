"""The OpenAPI schema says what the API does (SPEC 11, issue #12 finding 10): errors as sent,
every status, the constraints the routes enforce, who may call what. e2e/test_api_fuzz.py
checks the same against the live server with Schemathesis; these pin the parts that matter
most, fast, and the behaviour behind them."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from member_app.api.app import create_app
from member_app.api.schemas import IDEMPOTENCY_KEY
from tests.member_app.conftest import auth_header, give_points, make_members, platform_header

SCHEMA = create_app().openapi()
OPERATIONS = [(method.upper(), path, operation)
              for path, item in SCHEMA["paths"].items() for method, operation in item.items()]
SPENDS = [("POST", "/api/v1/me/redemptions"), ("POST", "/api/v1/me/plus"),
          ("POST", "/api/v1/market/listings/{listing_id}/buy")]


def test_every_error_is_documented_with_the_body_the_api_sends() -> None:
    assert "HTTPValidationError" not in SCHEMA["components"]["schemas"]
    error = SCHEMA["components"]["schemas"]["Error"]
    assert error["required"] == ["error", "detail"] and error["additionalProperties"] is False
    for method, path, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"}, (method, path, status)
        assert "413" in operation["responses"], (method, path)  # BodyLimit: every /api path
        if "requestBody" in operation:
            assert {"400", "422"} <= set(operation["responses"]), (method, path)


def test_who_may_call_what() -> None:
    schemes = SCHEMA["components"]["securitySchemes"]
    assert schemes["MemberToken"]["flows"]["password"]["tokenUrl"] == "/api/v1/auth/token"
    assert schemes["PlatformToken"] == {**schemes["PlatformToken"], "type": "http",
                                        "scheme": "bearer"}
    assert schemes["OperatorToken"]["flows"]["password"]["tokenUrl"] == (
        "/api/v1/ops/auth/token")
    public = {("POST", "/api/v1/members"), ("POST", "/api/v1/auth/token"),
              ("POST", "/api/v1/ops/auth/token"), ("GET", "/api/v1/health")}
    for method, path, operation in OPERATIONS:
        if (method, path) in public:
            assert "security" not in operation, (method, path)  # (a wrong password is 401)
            continue
        (scheme,) = (name for requirement in operation["security"] for name in requirement)
        platform = path.startswith(("/api/v1/events", "/api/v1/settlements",
                                    "/api/v1/payments", "/api/v1/coupons"))
        expected = ("PlatformToken" if platform else
                    "OperatorToken" if path.startswith("/api/v1/ops/") else "MemberToken")
        assert scheme == expected, (method, path)
        responses = operation["responses"]
        assert {"401", "403"} <= set(responses), (method, path)
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True


def test_spends_require_the_idempotency_key_the_use_cases_require() -> None:
    for method, path in SPENDS:
        operation = SCHEMA["paths"][path][method.lower()]
        (key,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key["in"] == "header" and key["required"] is True
        assert key["schema"]["maxLength"] == 255 and key["schema"]["pattern"] == IDEMPOTENCY_KEY
        assert "Idempotent-Replayed" in operation["responses"]["409"]["headers"]


def test_ids_are_bounded_as_the_columns_are() -> None:
    """32-bit on PostgreSQL: a cursor beyond was a 500 there ("integer out of range")."""
    ids = [p["schema"] for _, _, operation in OPERATIONS for p in operation.get("parameters", [])
           if p["in"] == "path" and p["name"].endswith("_id") and p["name"] != "order_id"]
    ledger = SCHEMA["paths"]["/api/v1/me/ledger"]["get"]["parameters"]
    ids += [p["schema"]["anyOf"][0] for p in ledger if p["name"] == "before_id"]
    bodies = SCHEMA["components"]["schemas"]
    ids += [bodies["RedemptionRequest"]["properties"]["item_id"],
            bodies["ListingRequest"]["properties"]["coupon_id"]]
    assert len(ids) == 7  # the operators' withdrawal names a listing_id too
    for bounds in ids:
        assert (bounds["type"], bounds["minimum"], bounds["maximum"]) == ("integer", 1, 2**31 - 1)


def test_the_key_pattern_is_what_the_use_cases_accept() -> None:
    from member_app.services.idempotency import check_key

    for key in ("a", "0c4f-é", "x y", "~" * 255, "!"):
        assert re.fullmatch(IDEMPOTENCY_KEY, key) and check_key(key) == key
    for key in (" ", "   ", "a\tb", "a\x7fb", "a\u00a0b", "soft\u00adhyphen", ""):
        assert not re.fullmatch(IDEMPOTENCY_KEY, key), repr(key)
        with pytest.raises(Exception):  # noqa: B017  (InvalidInput, whichever check says so)
            check_key(key)


@pytest.fixture
def member(client, engine):  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, prefix="schema")
    give_points(engine, [member], 5000)
    return member


def test_what_the_schema_promises_the_api_does(client: TestClient, member) -> None:  # type: ignore[no-untyped-def]
    headers = auth_header(member)
    missing = client.post("/api/v1/me/redemptions", json={"item_id": 1}, headers=headers)
    assert (missing.status_code, missing.json()["error"]) == (422, "idempotency_key_required")
    bad = client.post("/api/v1/me/redemptions", json={"item_id": 0},
                      headers={**headers, "Idempotency-Key": "k1"})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("item_id: ")  # named as the use cases name it
    # To JSON (and so to the schema) 1.0 is the integer 1: accepted; 1.5 and true are not.
    whole = client.post("/api/v1/me/redemptions", content=b'{"item_id": 1.0, "quantity": 1.0}',
                        headers={**headers, "Idempotency-Key": "k2",
                                 "Content-Type": "application/json"})
    assert whole.status_code in (201, 404, 409), whole.text
    for body in (b'{"item_id": 1.5}', b'{"item_id": true}', b'{"item_id": "1"}'):
        refused = client.post("/api/v1/me/redemptions", content=body,
                              headers={**headers, "Idempotency-Key": "k3",
                                       "Content-Type": "application/json"})
        assert refused.status_code == 422, body
    # plan "code" needs a code: the schema's discriminated union, as services.plus says.
    no_code = client.post("/api/v1/me/plus", json={"plan": "code"},
                          headers={**headers, "Idempotency-Key": "k4"})
    assert no_code.status_code == 422 and no_code.json()["detail"].startswith("code")
    unreadable = client.post("/api/v1/members", content=b'{"username": "\xff"}',
                             headers={"Content-Type": "application/json"})
    assert unreadable.status_code == 400 and unreadable.json()["error"] == "bad_request"
    # The ledger cursor: the largest id is an empty page, one beyond a 422 (was PostgreSQL's 500).
    last = client.get(f"/api/v1/me/ledger?before_id={2**31 - 1}", headers=headers)
    assert last.status_code == 200 and last.json()["entries"] == []
    beyond = client.get(f"/api/v1/me/ledger?before_id={2**31}", headers=headers)
    assert beyond.status_code == 422 and beyond.json()["detail"].startswith("query.before_id")
    month = client.post("/api/v1/settlements", json={"month": "٢٠٢٦-١١"},
                        headers=platform_header())
    assert month.status_code == 422  # not ASCII digits: the schema's [0-9]
