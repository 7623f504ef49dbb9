"""Operators issue and list PLUS codes (SPEC 12, issue #14): codes answered once and never
again, labels instead of codes in lists and the CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlmodel import select

from member_app.db import transaction
from member_app.errors import AppError
from member_app.models import AuditEntry, Operator, PlusCode
from member_app.services.ops_plus import issue_plus_codes, plus_codes_csv
from member_app.services.plus import code_hash, issue_code_batch
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import NOW, auth_header, make_members, run_threads
from tests.member_app.test_ops_catalog import _operator

LABEL = re.compile(r"^([A-Z2-9]{8})-(\d{4})$")
CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def _audit(engine) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).all())


def test_issued_codes_are_shown_once_work_once_and_are_listed_by_label(client, engine) -> None:  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    admin = _operator(client, engine, "ada", "admin")
    issued = client.post("/api/v1/ops/plus-codes", headers=admin,
                         json={"count": 3, "days": 30, "reason": "partner promo"})
    assert issued.status_code == 201, issued.text
    assert issued.headers["cache-control"] == "no-store"
    body = issued.json()
    batch = body["batch"]
    assert (body["count"], body["days"], body["created_at"]) == (3, 30,
                                                                 "2026-11-22T04:00:00+00:00")
    assert [code["label"] for code in body["codes"]] == [f"{batch}-0001", f"{batch}-0002",
                                                        f"{batch}-0003"]
    assert LABEL.match(body["codes"][0]["label"])
    assert all(CODE.match(code["code"]) for code in body["codes"])
    assert len({code["code"] for code in body["codes"]}) == 3
    # Only hashes are stored: no column holds the code or any part of it.
    with transaction(engine) as session:
        rows = session.exec(select(PlusCode).order_by(PlusCode.id)).all()
    assert [(row.code_hash, row.label, row.batch, row.days) for row in rows] == [
        (code_hash(code["code"]), code["label"], batch, 30) for code in body["codes"]]
    assert not any(code["code"][:4] in (row.label or "") for row in rows for code in body["codes"])

    second = body["codes"][1]
    used = client.post("/api/v1/me/plus", json={"plan": "code", "code": second["code"]},
                       headers={**auth_header(alice), "Idempotency-Key": "code-1"})
    assert used.status_code == 200, used.text
    assert used.json()["active_until"] == "2026-12-22T04:00:00+00:00"  # NOW + 30 days
    again = client.post("/api/v1/me/plus", json={"plan": "code", "code": second["code"]},
                        headers={**auth_header(bob), "Idempotency-Key": "code-2"})
    assert (again.status_code, again.json()["error"]) == (409, "code_used")

    listed = client.get("/api/v1/ops/plus-codes", headers=admin).json()["codes"]
    assert [(row["label"], row["status"], row["used_by"], row["used_by_username"],
             row["used_at"]) for row in listed] == [
        (f"{batch}-0003", "unused", None, None, None),
        (f"{batch}-0002", "used", alice.id, "m0", "2026-11-22T04:00:00+00:00"),
        (f"{batch}-0001", "unused", None, None, None)]
    assert {row["days"] for row in listed} == {30}
    assert {row["created_at"] for row in listed} == {"2026-11-22T04:00:00+00:00"}
    assert not any(code["code"] in str(listed) for code in body["codes"])
    used_only = client.get("/api/v1/ops/plus-codes?status=used", headers=admin).json()["codes"]
    assert [row["label"] for row in used_only] == [f"{batch}-0002"]
    unused = client.get("/api/v1/ops/plus-codes?status=unused", headers=admin).json()["codes"]
    assert [row["label"] for row in unused] == [f"{batch}-0003", f"{batch}-0001"]
    assert client.get("/api/v1/ops/plus-codes?status=lost", headers=admin).status_code == 422

    (entry,) = _audit(engine)
    assert (entry.action, entry.subject, entry.before, entry.after, entry.reason) == (
        "plus_codes.issue", f"plus_batch:{batch}", None,
        {"batch": batch, "count": 3, "days": 30}, "partner promo")
    assert not any(code["code"] in str(entry.after) for code in body["codes"])


def test_the_csv_has_a_header_and_a_row_per_code_in_the_order_issued(client, engine) -> None:  # type: ignore[no-untyped-def]
    # A username a spreadsheet would run as a formula (made directly: registration refuses it).
    (sneaky,) = make_members(engine, 1, prefix="=HYPERLINK(1)")
    admin = _operator(client, engine, "ada", "admin")
    first = client.post("/api/v1/ops/plus-codes", headers=admin,
                        json={"count": 2, "days": 365}).json()
    second = client.post("/api/v1/ops/plus-codes", headers=admin,
                         json={"count": 1, "days": 7}).json()
    later = client.app.state.clock.now = NOW + timedelta(minutes=30)
    assert client.post("/api/v1/me/plus", json={"plan": "code",
                                                "code": first["codes"][0]["code"]},
                       headers={**auth_header(sneaky, now=later), "Idempotency-Key": "k"}
                       ).status_code == 200
    answer = client.get("/api/v1/ops/plus-codes.csv", headers=admin)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="plus-codes.csv"'
    made = "2026-11-22T04:00:00+00:00"
    a, b = first["batch"], second["batch"]
    assert list(csv.reader(io.StringIO(answer.text))) == [
        ["id", "label", "batch", "days", "created_at", "status", "used_by",
         "used_by_username", "used_at"],
        ["1", f"{a}-0001", a, "365", made, "used", str(sneaky.id), "'=HYPERLINK(1)0",
         "2026-11-22T04:30:00+00:00"],
        ["2", f"{a}-0002", a, "365", made, "unused", "", "", ""],
        ["3", f"{b}-0001", b, "7", made, "unused", "", "", ""],
    ]
    assert answer.text.count("\r\n") == 4
    one_batch = client.get(f"/api/v1/ops/plus-codes.csv?batch={b}&status=unused", headers=admin)
    assert [row[1] for row in csv.reader(io.StringIO(one_batch.text))] == ["label", f"{b}-0001"]
    used = client.get("/api/v1/ops/plus-codes.csv?status=used", headers=admin)
    assert [row[1] for row in csv.reader(io.StringIO(used.text))] == ["label", f"{a}-0001"]
    assert client.get("/api/v1/ops/plus-codes.csv?batch=nope", headers=admin).status_code == 422
    # The command line makes its codes through the same service: they have labels too.
    with transaction(engine) as session:
        cli = issue_code_batch(session=session, count=2, days=30, now=NOW)
        text = plus_codes_csv(session=session, batch=cli.batch)
    assert [row[1] for row in csv.reader(io.StringIO(text))][1:] == [f"{cli.batch}-0001",
                                                                     f"{cli.batch}-0002"]


def test_issuing_is_bounded_and_refusals_make_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = _operator(client, engine, "ada", "admin")
    for body in ({"count": 0, "days": 30}, {"count": 1001, "days": 30},
                 {"count": 1, "days": 0}, {"count": 1, "days": 3661},
                 {"count": "3", "days": 30}, {"count": 1}, {"count": 1, "days": 1, "x": 1},
                 {"count": 1, "days": 1, "reason": "a\x00b"}):
        refused = client.post("/api/v1/ops/plus-codes", headers=admin, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["detail"].split(":")[0] in ("count", "days", "x", "reason"), body
    assert client.post("/api/v1/ops/plus-codes", headers=admin,
                       json={"count": 1000, "days": 3660}).status_code == 201
    with transaction(engine) as session:
        admin_row = session.exec(select(Operator).where(Operator.name == "ada")).one()
        for count, days, message in ((1001, 30, "count: from 1 to 1000"),
                                     (1, 3661, "days: from 1 to 3660"),
                                     (True, 30, "count: from 1 to 1000")):
            try:
                issue_plus_codes(session=session, operator=admin_row, count=count, days=days,
                                 now=NOW)
                raise AssertionError("not refused")
            except AppError as error:
                assert (error.status, error.detail) == (422, message)
        assert len(session.exec(select(PlusCode)).all()) == 1000
    assert [entry.after["count"] for entry in _audit(engine)] == [1000]


def test_the_same_key_never_shows_the_codes_again(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = _operator(client, engine, "ada", "admin")
    keyed = {**admin, "Idempotency-Key": "issue-1"}
    first = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 2, "days": 30})
    assert first.status_code == 201
    again = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 2, "days": 30})
    assert (again.status_code, again.json()["error"]) == (409, "codes_already_issued")
    assert first.json()["batch"] in again.json()["detail"]
    assert not any(code["code"] in again.text for code in first.json()["codes"])
    other = client.post("/api/v1/ops/plus-codes", headers=keyed, json={"count": 3, "days": 30})
    assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
    with transaction(engine) as session:
        assert len(session.exec(select(PlusCode)).all()) == 2
    assert [(entry.action, entry.request_key) for entry in _audit(engine)] == [
        ("plus_codes.issue", "issue-1")]


def test_two_deliveries_of_one_key_at_once_issue_one_batch(client, engine) -> None:  # type: ignore[no-untyped-def]
    _operator(client, engine, "ada", "admin")
    with transaction(engine) as session:
        admin = session.exec(select(Operator).where(Operator.name == "ada")).one()

    def deliver(_: int) -> tuple[int, str]:
        try:
            answer = run_in_transaction(engine, lambda session: issue_plus_codes(
                session=session, operator=admin, count=5, days=30, now=NOW,
                request_key="twice"))
            return 201, answer["batch"]
        except AppError as error:
            return error.status, error.code

    outcomes, errors = run_threads(4, deliver)
    assert errors == []
    assert sorted(status for status, _ in outcomes) == [201, 409, 409, 409]
    (batch,) = [value for status, value in outcomes if status == 201]
    with transaction(engine) as session:
        assert {row.batch for row in session.exec(select(PlusCode)).all()} == {batch}
        assert len(session.exec(select(PlusCode)).all()) == 5
    assert len(_audit(engine)) == 1
