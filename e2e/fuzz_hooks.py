"""Schemathesis hooks for e2e/test_api_fuzz.py (loaded by the CLI through SCHEMATHESIS_HOOKS).

`before_call` gives each request a fresh Idempotency-Key where the generated one is valid, as
a real client does for each new spend: the fuzzer draws keys from a few short strings, so
nearly every spend was otherwise refused as a key reused with another body (422
`idempotency_key_reused`, SPEC 11) and never reached the use case. A key that breaks the
schema is left alone: it is the point of that request. Replays are tested in tests/.

Two operations end sessions: `POST /api/v1/auth/logout` ends the token's, `PUT
/api/v1/me/password` (with the right current password) all of the member's. Sent with the
run's one member token, the first would log the whole run out. `before_call` gives each of
them a token of a session of its own, opened in the server's database (FUZZ_DB_URL, signed
with the server's secret from FUZZ_DATA_DIR), for a throwaway member whose stored hash matches
no password, so a password change is always refused and never changes anyone's.

`filter_failure` is narrow: `positive_data_acceptance` expects every request the schema calls
valid to be accepted, but a few refusals depend on what no schema can state: the database
(does this member exist, what is this coupon's face value, was this Idempotency-Key used
before with another body) or the clock (is this birthday in the past). Each is listed here by
operation and by the error the API gives for it; the schema's own 422 descriptions say the
same. Any other refusal of valid data, and every failure of every other check, still fails.
"""

from __future__ import annotations

import json
import re
import uuid

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

from member_app.api.errors import IDEMPOTENCY_HEADER
from member_app.api.schemas import IDEMPOTENCY_KEY

# (operation, error code, start of the detail) -> why the schema cannot say it
ACCEPTED = {
    # The coupon's face value is in the database (SPEC 7); tests/member_app/test_market.py.
    ("POST /api/v1/market/listings", "price_above_face_value", ""): "the coupon's face value",
    # "a past date": today is not a schema constant.
    ("POST /api/v1/members", "invalid_input", "birthday: a past date"): "the clock",
    ("PUT /api/v1/me/birthday", "invalid_input", "birthday: a past date"): "the clock",
    # An event's own fields depend on its type (SPEC 1: rules.parse_event says), and its
    # member must exist: the schema states only the shape every event shares.
    ("POST /api/v1/events", "invalid_input", "events["): "the event's type, the member",
    # A catalog item's fields depend on each other (the kind decides cash_fen and game, a
    # game's prizes must fit its price) and an edit is checked with the item's stored ones.
    ("POST /api/v1/ops/catalog", "invalid_catalog", "item"): "the other fields",
    ("PATCH /api/v1/ops/catalog/{code}", "invalid_catalog", "item "): "the stored item",
    ("PATCH /api/v1/ops/catalog/{code}", "invalid_input", "nothing to change"): "one of many",
    ("POST /api/v1/ops/catalog/{code}/stock", "invalid_input", "change:"): "not 0",
    ("POST /api/v1/ops/runs/settlement", "invalid_input", "month: at most"): "the clock",
    # A version starts tomorrow or later (the clock); its changes name the programme's
    # figures (in its file, by path) with values the loader accepts together.
    ("POST /api/v1/ops/programmes/{program}/versions", "invalid_input",
     "effective_from:"): "the clock",
    ("POST /api/v1/ops/programmes/{program}/versions", "invalid_input",
     "changes"): "the programme's figures",
    # A forecast's goal: a tier of the member's own programme, a day within a year of today.
    ("GET /api/v1/me/forecast", "invalid_input", "tier:"): "the member's programme",
    ("GET /api/v1/me/forecast", "invalid_input", "by:"): "the clock",
}
# The same for other statuses: (operation, status, error code) -> why.
ACCEPTED_OTHER = {
    # Which password is the member's is in the database; so is how often it was tried.
    ("PUT /api/v1/me/password", 401, "invalid_credentials"): "the member's password",
    ("PUT /api/v1/me/password", 429, "rate_limited"): "earlier wrong passwords",
    # Which members exist is in the database (an operator names one by id or username).
    ("GET /api/v1/ops/members/{member_ref}", 404, "unknown_member"): "the members",
    ("GET /api/v1/ops/members/{member_ref}/trace", 404, "unknown_member"): "the members",
    ("POST /api/v1/ops/members/{member_ref}/risk-flags", 404, "unknown_member"): "the members",
    # Which operators exist, and their passwords, are in the database, as members' are.
    ("POST /api/v1/ops/auth/token", 401, "invalid_credentials"): "the operators",
    ("POST /api/v1/ops/auth/token", 429, "rate_limited"): "earlier wrong passwords",
    # The price a member was shown is compared with the item's, which is in the database.
    ("POST /api/v1/me/redemptions", 409, "price_changed"): "the item's price",
    # Whether a bubble waits is in the member's standing; bubbles are Alipay's (SPEC 13).
    ("POST /api/v1/me/bubbles/collect", 409, "nothing_to_collect"): "the member's bubbles",
    ("POST /api/v1/me/bubbles/collect", 409, "bubbles_not_offered"): "the member's programme",
    # Which catalog items exist, their codes and their stock are in the database.
    ("GET /api/v1/ops/catalog/{code}", 404, "unknown_item"): "the catalog",
    ("PATCH /api/v1/ops/catalog/{code}", 404, "unknown_item"): "the catalog",
    ("POST /api/v1/ops/catalog/{code}/stock", 404, "unknown_item"): "the catalog",
    ("GET /api/v1/ops/catalog/{code}/redemptions", 404, "unknown_item"): "the catalog",
    ("POST /api/v1/ops/catalog", 409, "code_taken"): "the catalog",
    ("POST /api/v1/ops/catalog/{code}/stock", 409, "unlimited_stock"): "the item",
    ("POST /api/v1/ops/catalog/{code}/stock", 409, "stock_below_redeemed"): "the stock",
    ("POST /api/v1/ops/catalog/{code}/stock", 409, "stock_too_large"): "the stock",
    ("POST /api/v1/ops/runs/sweep", 409, "run_running"): "the runs",
    ("POST /api/v1/ops/programmes/{program}/versions", 409, "version_order"): "the versions",
    ("POST /api/v1/ops/programmes/{program}/versions", 409, "version_changed"): "the versions",
    # Whether a freeze would save a streak is in the member's sign-ins (SPEC 13).
    ("POST /api/v1/me/streak-freeze", 409, "nothing_to_freeze"): "the member's sign-ins",
    # Whether this key already issued codes is in the audit log (codes are never replayed).
    ("POST /api/v1/ops/plus-codes", 409, "codes_already_issued"): "earlier issues",
    # Which listings exist, and which are still open, are in the database.
    ("POST /api/v1/ops/market/listings/{listing_id}/withdraw", 404, "unknown_listing"):
        "the listings",
    ("POST /api/v1/ops/market/listings/{listing_id}/withdraw", 409, "listing_not_open"):
        "the listing",
}
SESSION_ENDING = {("POST", "/api/v1/auth/logout"), ("PUT", "/api/v1/me/password")}


def _own_session_token() -> str:
    """A token of a new session of a new throwaway member, made in the server's database."""
    import os
    from datetime import UTC, datetime

    from member_app.db import make_engine, transaction
    from member_app.services.members import register_member
    from member_app.services.sessions import open_session, token_for

    os.environ["MEMBER_APP_DATA_DIR"] = os.environ["FUZZ_DATA_DIR"]  # the server's secret
    now = datetime.now(UTC)
    engine = make_engine(os.environ["FUZZ_DB_URL"])
    try:
        with transaction(engine) as session:
            member = register_member(session=session, username=f"fz_{uuid.uuid4().hex[:12]}",
                                     password_hash="!", program="jd", now=now)
            signed_in = open_session(session=session, member=member, now=now)
    finally:
        engine.dispose()
    return token_for(signed_in=signed_in, now=now)


@schemathesis.hook
def before_call(context, case, kwargs) -> None:  # type: ignore[no-untyped-def]
    headers = case.headers or {}
    # The run's auth is already in the case's headers here (schemathesis applies it in place).
    if ((case.method.upper(), case.operation.path) in SESSION_ENDING
            and headers.get("Authorization") == f"Bearer {_shared_token()}"):
        headers["Authorization"] = f"Bearer {_own_session_token()}"
    key = headers.get(IDEMPOTENCY_HEADER)
    if isinstance(key, str) and len(key) <= 255 and re.fullmatch(IDEMPOTENCY_KEY, key):
        headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:  # type: ignore[no-untyped-def]
    """False drops the failure: a refusal of schema-valid data listed in ACCEPTED."""
    if not isinstance(failure, RejectedPositiveData):
        return True
    label = f"{case.method.upper()} {case.operation.path}"
    if response.status_code != 422:
        try:
            code = json.loads(response.content)["error"]
        except (ValueError, KeyError, TypeError):
            return True
        return (label, response.status_code, code) not in ACCEPTED_OTHER
    try:
        body = json.loads(response.content)
        code, detail = body["error"], body["detail"]
    except (ValueError, KeyError, TypeError):
        return True
    return not any(operation == label and code == accepted and detail.startswith(start)
                   for operation, accepted, start in ACCEPTED)


def _shared_token() -> str:
    import os

    return os.environ.get("MEMBER_TOKEN", "")
