"""Programme versions (SPEC 12, issue #14): an admin changes a figure from a local day; events
before it keep their figures, events from it earn under the new ones, no ledger entry already
written changes, and the standings move at the boundary. Every figure here is worked out by
hand from rules/programs/*.toml."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from member_app.db import transaction
from member_app.models import (
    AuditEntry,
    LedgerEntry,
    Member,
    PaymentOrder,
    PlusPeriod,
    ProgrammeVersion,
    Standing,
)
from member_app.services.intake import accept_events
from member_app.services.points import balance_of
from member_app.services.sweep import sweep
from tests.member_app.conftest import (
    NOW,
    OPERATOR_PASSWORD,
    auth_header,
    make_members,
    operator_header,
)
from tests.member_app.test_market import _coupon

# NOW is 2026-11-22 12:00 in Shanghai: the earliest first day of a version is 2026-11-23.
VERSIONS = "/api/v1/ops/programmes/{}/versions"
BOUNDARY = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 2026-11-24 00:00 in Shanghai


def _order(engine, member: Member, event_id: str, at: str, amount: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        accept_events(session=session, now=now, events=[{
            "id": event_id, "member": member.id, "type": "order_paid", "at": at,
            "order_id": event_id, "amount": amount, "category": "food"}])


def _log_in(client, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/ops/auth/token",
                         data={"username": name, "password": OPERATOR_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _shopping_entries(engine, member: Member) -> list[tuple[int, str, int]]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return [(row.id, row.event_id, row.points) for row in session.exec(
            select(LedgerEntry).where(LedgerEntry.member_id == member.id,
                                      LedgerEntry.reason == "shopping")
            .order_by(LedgerEntry.id)).all()]


def test_beans_before_and_after_a_rate_change_and_past_entries_stay(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    admin = operator_header(client, engine, "ada", "admin")
    _order(engine, member, "a", "2026-11-22T10:00:00+08:00", "100", NOW)  # 100 / 10 = 10 beans
    made = client.post(VERSIONS.format("jd"), headers=admin, json={
        "effective_from": "2026-11-24", "changes": {"beans.shopping_yuan_per_bean": 5},
        "reason": "double beans"})
    assert made.status_code == 201, made.text
    assert made.json()["number"] == 2 and made.json()["status"] == "scheduled"
    assert made.json()["changes"] == [
        {"key": "beans.shopping_yuan_per_bean", "before": 10, "after": 5}]
    before_boundary = _shopping_entries(engine, member)
    assert [(event, points) for _, event, points in before_boundary] == [("a", 10)]
    # the day before the version: still 10 yuan a bean, even when it arrives after the change
    _order(engine, member, "b", "2026-11-23T23:59:00+08:00", "100", NOW + timedelta(hours=20))
    clock.now = BOUNDARY + timedelta(hours=10)  # 2026-11-24 10:00 local
    _order(engine, member, "c", "2026-11-24T09:00:00+08:00", "100", clock.now)  # 100 / 5 = 20
    after = _shopping_entries(engine, member)
    assert after[0] == before_boundary[0]  # the same row: same id, same figures
    assert [(event, points) for _, event, points in after] == [("a", 10), ("b", 10), ("c", 20)]
    me = client.get("/api/v1/me", headers=auth_header(member, clock.now))
    assert me.status_code == 200 and me.json()["points_balance"] == 40
    with transaction(engine) as session:
        assert balance_of(session=session, member_id=member.id) == 40


def test_a_threshold_lowered_from_a_date_moves_the_member_at_the_boundary(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="fliggy", prefix="f")
    admin = operator_header(client, engine, "ada", "admin")
    _order(engine, member, "trip", "2026-11-20T10:00:00+08:00", "11000", NOW)  # 5500 experience
    made = client.post(VERSIONS.format("fliggy"), headers=admin, json={
        "effective_from": "2026-11-24", "changes": {"tiers[1].threshold": 5000}})
    assert made.status_code == 201, made.text

    def stored_tier() -> str | None:
        with transaction(engine) as session:
            return session.exec(select(Standing.tier)
                                .where(Standing.member_id == member.id)).one()

    assert stored_tier() == "F1"  # 5500 < 6000 today
    sweep(engine=engine, now=BOUNDARY - timedelta(minutes=1))
    assert stored_tier() == "F1"  # the last minute under version 1
    sweep(engine=engine, now=BOUNDARY + timedelta(minutes=5))
    assert stored_tier() == "F2"  # 5500 >= 5000 from the first day of version 2
    standing = client.get("/api/v1/me", headers=auth_header(member, BOUNDARY))
    assert standing.status_code == 200


def test_the_market_fee_of_a_sale_is_the_one_in_force_when_it_sells(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    seller, buyer = make_members(engine, 2)
    admin = operator_header(client, engine, "ada", "admin")
    with transaction(engine) as session:
        accept_events(session=session, now=NOW, events=[{
            "id": "gift", "member": buyer.id, "type": "task_completed",
            "at": "2026-11-01T10:00:00+08:00", "task": "welcome", "points": 5000}])
    assert client.post(VERSIONS.format("jd"), headers=admin, json={
        "effective_from": "2026-11-24", "changes": {"market.fee_percent": 4}}).status_code == 201
    proceeds = []
    for moment in (NOW, BOUNDARY + timedelta(hours=1)):
        clock.now = moment
        coupon_id = _coupon(engine, seller, f"fee-{moment.isoformat()}",
                            valid_until=BOUNDARY + timedelta(days=30))
        listed = client.post("/api/v1/market/listings", headers=auth_header(seller, moment),
                             json={"coupon_id": coupon_id, "price": 1000})
        assert listed.status_code == 201, listed.text
        bought = client.post(f"/api/v1/market/listings/{listed.json()['id']}/buy",
                             headers={**auth_header(buyer, moment),
                                      "Idempotency-Key": f"buy-{coupon_id}"})
        assert bought.status_code == 200, bought.text
        with transaction(engine) as session:
            proceeds.append(session.exec(select(LedgerEntry.points).where(
                LedgerEntry.member_id == seller.id,
                LedgerEntry.event_id == f"market-sale:{listed.json()['id']}")).one())
    assert proceeds == [1000 - 50, 1000 - 40]  # 5% before the version, 4% from its first day


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"effective_from": "2026-11-22", "changes": {"market.fee_percent": 4}}, 422,
     "effective_from: must be 2026-11-23 or later"),
    ({"effective_from": "2026-11-01", "changes": {"market.fee_percent": 4}}, 422,
     "effective_from: must be 2026-11-23 or later"),
    ({"effective_from": "2026-02-30", "changes": {"market.fee_percent": 4}}, 422,
     "effective_from: not a real day"),
    ({"effective_from": "2026-12-01", "changes": {"market.fee_percent": 60}}, 422,
     "changes.market.fee_percent: must be at most 50"),
    ({"effective_from": "2026-12-01", "changes": {"tiers[1].threshold": 3000}}, 422,
     "changes.tiers[2].threshold: must be greater than the previous tier's threshold"),
    ({"effective_from": "2026-12-01", "changes": {"names.zh": 1}}, 422,
     "changes.names.zh: is not a figure of this programme"),
    ({"effective_from": "2026-12-01", "changes": {"market.fee_percent": "x"}}, 422,
     'changes.market.fee_percent: Value error, an integer, or a decimal string such as'),
    ({"effective_from": "2026-12-01", "changes": {"market.fee_percent": 5}}, 422,
     "nothing would change"),
    ({"effective_from": "2026-12-01", "changes": {"score.fair_multiplier": 0.85}}, 422, ""),
    ({"effective_from": "2026-12-01", "changes": {"market.fee_percent": 4.5}}, 422,
     "changes.market.fee_percent: Value error, an integer"),
    ({"effective_from": "2026-12-01", "changes": {"market.fee_percent": "4"}}, 422,
     "changes.market.fee_percent: must be an integer"),
    ({"effective_from": "2026-12-01", "changes": {}}, 422, ""),
])
def test_refusals_name_the_problem_and_change_nothing(client, engine, body, status, says) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    refused = client.post(VERSIONS.format("jd"), headers=admin, json=body)
    assert refused.status_code == status, refused.text
    assert says in refused.text
    with transaction(engine) as session:
        assert session.exec(select(ProgrammeVersion)).all() == []
        assert session.exec(select(AuditEntry)).all() == []


def test_who_may_add_a_version(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    viewer = operator_header(client, engine, "vera", "viewer")
    body = {"effective_from": "2026-12-01", "changes": {"market.fee_percent": 4}}
    assert client.post(VERSIONS.format("jd"), headers=viewer, json=body).status_code == 403
    assert client.post(VERSIONS.format("jd"), headers=auth_header(member),
                       json=body).status_code == 403
    assert client.post(VERSIONS.format("jd"), json=body).status_code == 401
    assert client.get(VERSIONS.format("jd"), headers=viewer).status_code == 200
    assert client.get(VERSIONS.format("jd"), headers=auth_header(member)).status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(ProgrammeVersion)).all() == []


def test_history_diff_audit_and_replay(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    first = {"effective_from": "2026-12-01", "changes": {"market.fee_percent": 4},
             "reason": "winter sale"}
    made = client.post(VERSIONS.format("jd"), headers={**admin, "Idempotency-Key": "v-1"},
                       json=first)
    again = client.post(VERSIONS.format("jd"), headers={**admin, "Idempotency-Key": "v-1"},
                        json=first)
    assert made.status_code == again.status_code == 201 and made.json() == again.json()
    other = client.post(VERSIONS.format("jd"), headers={**admin, "Idempotency-Key": "v-1"},
                        json={**first, "changes": {"market.fee_percent": 3}})
    assert other.status_code == 422 and "idempotency_key_reused" in other.text
    # the same day again replaces version 2 before it starts; an earlier day is refused
    fix = client.post(VERSIONS.format("jd"), headers=admin, json={
        "effective_from": "2026-12-01", "changes": {"market.fee_percent": 3,
                                                    "plus.annual_fee_fen": 9900}})
    assert fix.status_code == 201 and fix.json()["changes"] == [
        {"key": "market.fee_percent", "before": 4, "after": 3},
        {"key": "plus.annual_fee_fen", "before": 14900, "after": 9900}]
    early = client.post(VERSIONS.format("jd"), headers=admin, json={
        "effective_from": "2026-11-30", "changes": {"market.fee_percent": 2}})
    assert early.status_code == 409 and "version_order" in early.text
    history = client.get(VERSIONS.format("jd"), headers=admin).json()["versions"]
    assert [(v["number"], v["status"], v["effective_from"]) for v in history] == [
        (3, "scheduled", "2026-12-01"), (2, "superseded", "2026-12-01"), (1, "in_force", None)]
    assert history[1]["reason"] == "winter sale" and history[1]["created_by"] == "ada"
    figures = {row["key"]: row for row in client.get(
        "/api/v1/ops/programmes/jd/figures", headers=admin).json()["figures"]}
    assert figures["market.fee_percent"] == {"key": "market.fee_percent", "kind": "integer",
                                             "file": 5, "now": 5, "latest": 3}
    assert figures["score.fair_multiplier"]["kind"] == "decimal"
    with transaction(engine) as session:
        audit = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(entry.action, entry.before, entry.after["changes"]) for entry in audit] == [
        ("programme.version", {"market.fee_percent": 5}, {"market.fee_percent": 4}),
        ("programme.version", {"market.fee_percent": 4, "plus.annual_fee_fen": 14900},
         {"market.fee_percent": 3, "plus.annual_fee_fen": 9900})]
    clock.now = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 2026-12-01 00:00 in Shanghai
    admin = _log_in(client, "ada")  # the first token has expired by then
    history = client.get(VERSIONS.format("jd"), headers=admin).json()["versions"]
    assert [(v["number"], v["status"]) for v in history] == [
        (3, "in_force"), (2, "superseded"), (1, "past")]
    plus = client.get("/api/v1/ops/programmes/jd/figures", headers=admin).json()["figures"]
    assert {row["key"]: row["now"] for row in plus}["plus.annual_fee_fen"] == 9900


def test_versions_are_append_only(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = operator_header(client, engine, "ada", "admin")
    assert client.post(VERSIONS.format("alipay"), headers=admin, json={
        "effective_from": "2026-12-01",
        "changes": {"tier_points.shopping_monthly_cap": 2000}}).status_code == 201
    for statement in ("UPDATE programme_version SET number = 9",
                      "DELETE FROM programme_version"):
        with pytest.raises(DBAPIError), transaction(engine) as session:
            session.execute(text(statement))


def test_retry_with_unchanged_figures_replays_equal_decimals_change_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    admin = {**operator_header(client, engine, "ada", "admin"), "Idempotency-Key": "v-9"}
    body = {"effective_from": "2026-12-01",
            "changes": {"market.fee_percent": 4, "market.transfer_lock_hours": 24,
                        "score.fair_multiplier": "0.90"}}
    made = client.post(VERSIONS.format("jd"), headers=admin, json=body)
    again = client.post(VERSIONS.format("jd"), headers=admin, json=body)
    assert made.status_code == again.status_code == 201, again.text
    assert made.json() == again.json()
    # the lock is already 24 hours and 0.90 is the file's 0.9: only the fee is a change
    assert made.json()["changes"] == [{"key": "market.fee_percent", "before": 5, "after": 4}]
    same = client.post(VERSIONS.format("jd"), headers={**admin, "Idempotency-Key": "v-10"},
                       json={"effective_from": "2026-12-02",
                             "changes": {"score.fair_multiplier": "0.900"}})
    assert same.status_code == 422 and "nothing would change" in same.text
    with transaction(engine) as session:
        assert len(session.exec(select(ProgrammeVersion)).all()) == 1


def test_a_version_saved_meanwhile_refuses_a_change_built_on_the_one_before(client, engine) -> None:  # type: ignore[no-untyped-def]
    ada = operator_header(client, engine, "ada", "admin")
    bob = operator_header(client, engine, "bob", "admin")
    # both open the form on the file alone: version 1 is the latest either was shown
    shown = client.get(VERSIONS.format("jd"), headers=bob).json()["versions"][0]["number"]
    assert shown == 1
    ada_body = {"effective_from": "2026-12-01", "changes": {"market.fee_percent": 4},
                "based_on": 1}
    first = client.post(VERSIONS.format("jd"), headers={**ada, "Idempotency-Key": "a-1"},
                        json=ada_body)
    assert first.status_code == 201 and first.json()["number"] == 2
    late = client.post(VERSIONS.format("jd"), headers={**bob, "Idempotency-Key": "b-1"}, json={
        "effective_from": "2026-12-01", "changes": {"plus.annual_fee_fen": 9900},
        "based_on": 1})
    assert late.status_code == 409 and late.json()["error"] == "version_changed", late.text
    assert "version 2" in late.json()["detail"]
    # ada's retry still replays her version; bob, shown version 2, builds on it
    again = client.post(VERSIONS.format("jd"), headers={**ada, "Idempotency-Key": "a-1"},
                        json=ada_body)
    assert again.status_code == 201 and again.json() == first.json()
    rebuilt = client.post(VERSIONS.format("jd"), headers={**bob, "Idempotency-Key": "b-2"}, json={
        "effective_from": "2026-12-01", "changes": {"plus.annual_fee_fen": 9900},
        "based_on": 2})
    assert rebuilt.status_code == 201 and rebuilt.json()["number"] == 3
    with transaction(engine) as session:
        assert [v.changes for v in session.exec(
            select(ProgrammeVersion).order_by(ProgrammeVersion.number)).all()] == [
            {"market.fee_percent": 4}, {"plus.annual_fee_fen": 9900}]
        assert len(session.exec(select(AuditEntry)).all()) == 2


def test_a_member_is_never_charged_a_plus_fee_not_shown(client, engine, clock, sandbox) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    admin = operator_header(client, engine, "ada", "admin")
    assert client.post(VERSIONS.format("jd"), headers=admin, json={
        "effective_from": "2026-11-24", "changes": {"plus.annual_fee_fen": 9900}}
    ).status_code == 201
    shown = client.get("/api/v1/me/plus", headers=auth_header(member)).json()["annual_fee_fen"]
    assert shown == 14900  # 149 yuan until the version's first day
    clock.now = BOUNDARY + timedelta(minutes=1)  # the sheet was confirmed after midnight
    late = client.post("/api/v1/me/plus", headers={
        **auth_header(member, clock.now), "Idempotency-Key": "join-1"},
        json={"plan": "annual", "shown_fee_fen": shown})
    assert late.status_code == 409 and late.json()["error"] == "price_changed", late.text
    assert "9900" in late.json()["detail"]
    assert sandbox.calls == 0  # nothing charged
    with transaction(engine) as session:
        assert session.exec(select(PlusPeriod)).all() == []
    joined = client.post("/api/v1/me/plus", headers={
        **auth_header(member, clock.now), "Idempotency-Key": "join-2"},
        json={"plan": "annual", "shown_fee_fen": 9900})
    assert joined.status_code == 200 and sandbox.calls == 1, joined.text
    with transaction(engine) as session:
        (order,) = session.exec(select(PaymentOrder)).all()
    assert order.amount_fen == 9900
