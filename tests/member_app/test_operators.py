"""Operators (SPEC 12, issue #14): accounts from the command line, their own tokens, viewers
who cannot change anything, risk flags with their reason in an append-only audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from member_app.db import transaction
from member_app.models import AuditEntry, Event
from tests.member_app.conftest import (
    NOW,
    OPERATOR_PASSWORD,
    auth_header,
    make_members,
    operator_header,
    platform_header,
)


def test_each_kind_of_token_is_refused_where_it_does_not_belong(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    operator = operator_header(client, engine, "olga", "viewer")
    assert client.get("/api/v1/ops/me", headers=operator).json() == {
        "id": 1, "name": "olga", "role": "viewer"}
    for headers in (auth_header(member), platform_header()):
        refused = client.get("/api/v1/ops/me", headers=headers)
        assert (refused.status_code, refused.json()["error"]) == (403, "wrong_audience")
    assert client.get("/api/v1/ops/me").json()["error"] == "missing_token"
    on_member_route = client.get("/api/v1/me", headers=operator)
    assert (on_member_route.status_code, on_member_route.json()["error"]) == (403,
                                                                              "wrong_audience")
    on_platform_route = client.post("/api/v1/events", json=[], headers=operator)
    assert (on_platform_route.status_code, on_platform_route.json()["error"]) == (
        403, "wrong_audience")
    wrong = client.post("/api/v1/ops/auth/token", data={"username": "olga", "password": "x"})
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_credentials")
    # A member's credentials are not an operator's, even with the same name.
    assert client.post("/api/v1/ops/auth/token",
                       data={"username": member.username, "password": OPERATOR_PASSWORD}
                       ).status_code == 401


def test_a_viewer_reads_a_member_but_cannot_flag_them(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    viewer = operator_header(client, engine, "vera", "viewer")
    file = client.get(f"/api/v1/ops/members/{member.username}", headers=viewer).json()
    assert (file["member"]["id"], file["standing"]["tier"], file["risk_flags"]) == (
        member.id, "registered", {})
    refused = client.post(f"/api/v1/ops/members/{member.id}/risk-flags", headers=viewer,
                          json={"kind": "credit", "level": "poor", "reason": "chargebacks"})
    assert (refused.status_code, refused.json()["error"]) == (403, "admin_required")
    with transaction(engine) as session:  # nothing was written
        assert session.exec(select(Event)).all() == []
        assert session.exec(select(AuditEntry)).all() == []
    missing = client.get("/api/v1/ops/members/nobody_here", headers=viewer)
    assert (missing.status_code, missing.json()["error"]) == (404, "unknown_member")


def test_an_admin_sets_risk_flags_and_the_audit_log_keeps_before_and_after(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    admin = operator_header(client, engine, "ada", "admin")
    url = f"/api/v1/ops/members/{member.id}/risk-flags"
    first = client.post(url, headers=admin,
                        json={"kind": "credit", "level": "fair", "reason": "  late payments "})
    assert first.status_code == 200, first.text
    assert first.json()["before"] is None and first.json()["after"]["level"] == "fair"
    second = client.post(url, headers=admin,
                         json={"kind": "credit", "level": "poor", "reason": "chargebacks"})
    assert second.json()["before"]["level"] == "fair" and second.json()["after"]["level"] == "poor"
    file = client.get(f"/api/v1/ops/members/{member.id}", headers=admin).json()
    assert {kind: flag["level"] for kind, flag in file["risk_flags"].items()} == {"credit": "poor"}
    entries = client.get("/api/v1/ops/audit", headers=admin,
                         params={"subject": f"member:{member.id}"}).json()["entries"]
    assert [(e["operator"], e["action"], e["reason"], (e["before"] or {}).get("level"),
             e["after"]["level"]) for e in entries] == [
        ("ada", "risk_flag.set", "chargebacks", "fair", "poor"),
        ("ada", "risk_flag.set", "late payments", None, "fair")]
    with transaction(engine) as session:  # each flag is a risk_flag event (SPEC 12)
        flags = session.exec(select(Event).where(Event.type == "risk_flag")).all()
    assert sorted(flag.fields["level"] for flag in flags) == ["fair", "poor"]
    bad = client.post(url, headers=admin, json={"kind": "credit", "level": "awful",
                                                "reason": "x"})
    assert bad.status_code == 422
    blank = client.post(url, headers=admin, json={"kind": "credit", "level": "good",
                                                  "reason": "   "})
    assert blank.status_code == 422
    assert len(client.get("/api/v1/ops/audit", headers=admin).json()["entries"]) == 2


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET reason = 'nothing happened'",
                                       "DELETE FROM audit_entry"])
def test_the_audit_log_is_append_only(client, engine, statement: str) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    admin = operator_header(client, engine, "ada", "admin")
    client.post(f"/api/v1/ops/members/{member.id}/risk-flags", headers=admin,
                json={"kind": "reputation", "level": "poor", "reason": "fake reviews"})
    with pytest.raises(DatabaseError, match="append-only"), transaction(engine) as session:
        session.execute(text(statement))
    with transaction(engine) as session:
        assert session.execute(text("SELECT reason FROM audit_entry")).scalar_one() == (
            "fake reviews")


def test_demo_operators_log_in_only_in_demo_mode(client, engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from member_app.demo import DEMO_PASSWORD, load_demo

    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
    login = {"username": "demo_admin", "password": DEMO_PASSWORD}
    monkeypatch.setenv("MEMBER_APP_DEMO", "1")
    token = client.post("/api/v1/ops/auth/token", data=login).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/ops/me", headers=headers).json()["role"] == "admin"
    monkeypatch.delenv("MEMBER_APP_DEMO")  # the same database served in production
    refused = client.post("/api/v1/ops/auth/token", data=login)
    assert (refused.status_code, refused.json()["error"]) == (401, "invalid_credentials")
    # ... and a token from before no longer counts either.
    assert client.get("/api/v1/ops/me", headers=headers).status_code == 401


def test_the_trace_names_each_event_behind_a_members_figures(client, engine) -> None:  # type: ignore[no-untyped-def]
    from tests.member_app.conftest import give_points

    (member,) = make_members(engine, 1)
    give_points(engine, [member], 500, tag="welcome")
    give_points(engine, [member], 120, tag="bonus")
    viewer = operator_header(client, engine, "vera", "viewer")
    trace = client.get(f"/api/v1/ops/members/{member.username}/trace", headers=viewer).json()
    # Both gifts are at the same instant: rules orders them by id, and newest comes first.
    assert trace["total"] == 2
    assert [(entry["id"], entry["type"], entry["points"]) for entry in trace["entries"]] == [
        (f"welcome-{member.id}", "task_completed", 500),
        (f"bonus-{member.id}", "task_completed", 120)]
    summary = client.get(f"/api/v1/ops/members/{member.id}", headers=viewer).json()["standing"]
    assert summary["points_balance"] == 620


def test_the_member_file_has_their_coupons_and_plus(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    (flier,) = make_members(engine, 1, program="fliggy", prefix="f")
    joined = client.post("/api/v1/me/plus", json={"plan": "trial"},
                         headers={**auth_header(member), "Idempotency-Key": "trial-1"})
    assert joined.status_code == 200, joined.text
    viewer = operator_header(client, engine, "vera", "viewer")
    file = client.get(f"/api/v1/ops/members/{member.id}", headers=viewer).json()
    assert file["plus"]["active"] is True
    assert file["plus"]["active_until"] == joined.json()["active_until"]
    # SPEC 8: a PLUS month brings 5 free-shipping vouchers (rules/programs/jd.toml [plus]).
    unused = [coupon["name"] for coupon in file["coupons"]["unused"]]
    assert unused.count("free_shipping") == 5
    assert client.get(f"/api/v1/ops/members/{flier.id}", headers=viewer).json()["plus"] is None


def test_an_operators_renewed_tokens_end_twelve_hours_after_the_login() -> None:
    from datetime import timedelta

    from member_app.errors import Unauthorized
    from member_app.services.auth import issue_operator_token, operator_token_claims

    first = issue_operator_token(operator_id=7, now=NOW)
    operator_id, logged_in_at = operator_token_claims(token=first, now=NOW)
    assert (operator_id, logged_in_at) == (7, int(NOW.timestamp()))
    # Renewed every 50 minutes, each renewal valid for its hour, until the 12th hour passes.
    at, token = NOW, first
    while at - NOW < timedelta(hours=11, minutes=30):
        at += timedelta(minutes=50)
        token = issue_operator_token(operator_id=7, now=at,
                                     logged_in_at=operator_token_claims(token=token, now=at)[1])
    at += timedelta(minutes=50)  # 12 h 30 min after the login, the token itself still fresh
    with pytest.raises(Unauthorized) as ended:
        operator_token_claims(token=token, now=at)
    assert ended.value.code == "token_expired"
