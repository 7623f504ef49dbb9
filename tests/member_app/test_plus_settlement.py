"""PLUS (SPEC 8) and the JD monthly settlement (SPEC 4, SPEC 11 POST /settlements)."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

import rules
from member_app.db import make_engine, transaction
from member_app.models import MemberSettlement, PlusCode, PlusPeriod
from member_app.services import settlement
from member_app.services.events import ingest_events, member_events
from member_app.services.intake import accept_events
from member_app.services.plus import code_hash, generate_codes
from member_app.services.settlement import settle_month
from member_app.settings import PROJECT_ROOT
from tests.member_app.conftest import NOW, auth_header, make_members, platform_header


def _plus(client, member, key: str, **body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/me/plus", json=body,
                       headers={**auth_header(member), "Idempotency-Key": key})


def test_trial_once_annual_once_per_order_renewal_extends(client, engine, sandbox) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    trial = _plus(client, member, "t1", plan="trial")
    assert trial.status_code == 200
    trial_end = datetime.fromisoformat(trial.json()["active_until"])
    assert trial_end == NOW + timedelta(days=30)
    second = _plus(client, member, "t2", plan="trial")
    assert second.status_code == 409 and second.json()["error"] == "trial_used"
    paid = _plus(client, member, "pay-1", plan="annual")
    assert datetime.fromisoformat(paid.json()["active_until"]) == trial_end + timedelta(days=365)
    again = _plus(client, member, "pay-1", plan="annual")  # paying twice for the same order
    assert again.json() == paid.json()
    assert sandbox.calls == 1
    declined = _plus(client, member, "pay-2", plan="annual", payment_token="tok_decline")
    assert declined.status_code == 409 and declined.json()["error"] == "payment_declined"
    status = client.get("/api/v1/me/plus", headers=auth_header(member)).json()
    assert status["active"] and status["active_until"] == paid.json()["active_until"]
    with transaction(engine) as session:
        assert len(session.exec(select(PlusPeriod)).all()) == 2


def test_codes_work_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    with transaction(engine) as session:
        (code,) = generate_codes(session=session, count=1, now=NOW)
    assert _plus(client, alice, "c", plan="code", code=code.lower()).status_code == 200
    used = _plus(client, bob, "c", plan="code", code=code)
    assert used.status_code == 409 and used.json()["error"] == "code_used"
    unknown = _plus(client, bob, "d", plan="code", code="AAAA-BBBB-CCCC-DDDD")
    assert unknown.status_code == 404
    assert _plus(client, bob, "e", plan="code").status_code == 422


def test_plus_periods_feed_the_10x_rebate(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    assert _plus(client, member, "t", plan="trial").status_code == 200
    with transaction(engine) as session:  # the platform's path: stored, then the standing
        accept_events(session=session, events=[{
            "id": "o1", "member": member.id, "type": "order_paid",
            "at": (NOW + timedelta(hours=1)).isoformat(), "order_id": "o1", "amount": "100.00",
            "category": "food"}], now=NOW)
    client.app.state.clock.now = NOW + timedelta(hours=2)
    me = client.get("/api/v1/me", headers=auth_header(member, now=NOW + timedelta(hours=2)))
    assert me.json()["points_balance"] == 100  # 10 beans x10


def _jd_history(engine, members) -> None:  # type: ignore[no-untyped-def]
    events = []
    for index, member in enumerate(members):
        events.append({"id": f"v{member.id}", "member": member.id, "type": "identity_verified",
                       "at": "2026-01-05T10:00:00+08:00"})
        for n in range(index):
            events.append({"id": f"o{member.id}-{n}", "member": member.id, "type": "order_paid",
                           "at": f"2026-{n % 9 + 1:02d}-10T10:00:00+08:00",
                           "order_id": f"o{member.id}-{n}", "amount": "5000.00",
                           "category": ["food", "books", "home"][n % 3], "payment": "jdpay"})
    with transaction(engine) as session:
        ingest_events(session=session, events=events, now=NOW)


def test_settlement_runs_once_per_month_and_keeps_history(client, engine) -> None:  # type: ignore[no-untyped-def]
    members = make_members(engine, 5)
    make_members(engine, 2, program="alipay", prefix="a")
    _jd_history(engine, members)
    first = client.post("/api/v1/settlements", json={"month": "2026-11"}, headers=platform_header())
    assert first.status_code == 200 and first.json() == {"members": 5, "month": "2026-11",
                                                         "ran": True}
    again = client.post("/api/v1/settlements", json={"month": "2026-11"},
                        headers=platform_header())
    assert again.json() == {"members": 5, "month": "2026-11", "ran": False}
    with transaction(engine) as session:
        rows = session.exec(select(MemberSettlement).order_by(MemberSettlement.member_id)).all()
    assert rows[0].score == 300
    with transaction(engine) as session:
        for row in rows:  # exactly what rules says, member by member
            expected = rules.settle_jd(rules.load_program("jd"), member_events(
                session=session, member_id=row.member_id), date(2026, 11, 1))
            assert (row.score, row.tier, row.parts) == (expected.score, expected.tier,
                                                        dict(expected.parts))
    assert len({r.tier for r in rows}) >= 2
    history = client.get("/api/v1/me/settlements", headers=auth_header(members[4])).json()
    assert history["settlements"][0]["breakdown"]["account"] == 300
    for bad in ({"month": "2026-13"}, {"month": 202611}, {}, {"month": "2026-11", "x": 1}):
        response = client.post("/api/v1/settlements", json=bad, headers=platform_header())
        assert response.status_code == 422, bad


def test_cli_token_codes_and_settle(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"MEMBER_APP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "member_app", *args], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=120, env=env)

    assert run("migrate").returncode == 0
    token = run("token", "--platform")
    assert token.returncode == 0 and token.stdout.count(".") == 2
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    made = run("plus-codes", "--count", "3", "--days", "30")
    codes = made.stdout.split()
    assert len(set(codes)) == 3
    # The batch is on stderr, so stdout pipes on as codes only; line n is label <batch>-n.
    batch = made.stderr.split()[1].rstrip(":")
    assert made.stderr.startswith(f"batch {batch}: 3 code(s) of 30 day(s)")
    with transaction(make_engine(f"sqlite:///{tmp_path / 'member_app.db'}")) as session:
        rows = session.exec(select(PlusCode).order_by(PlusCode.id)).all()
    assert [(row.label, row.code_hash) for row in rows] == [
        (f"{batch}-{n:04d}", code_hash(code)) for n, code in enumerate(codes, start=1)]
    refused = run("plus-codes", "--count", "1", "--days", "0")
    assert (refused.returncode, refused.stderr) == (2, "error: days: from 1 to 3660\n")
    settled = run("settle", "--month", "2026-11").stdout.strip()
    assert settled.endswith("settled 2026-11: 0 member(s)")
    assert "already settled" in run("settle", "--month", "2026-11").stdout
    bad = run("settle", "--month", "nope")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: month: YYYY-MM, e.g. 2026-11"


def _random_jd_events(rng: random.Random, member_id: int) -> list[dict]:
    """A year and a half of mixed events, refunds, risk flags and account items included, some
    on the other side of the settlement day, some orders paid twice."""
    start = datetime(2025, 6, 1, tzinfo=UTC)
    orders: list[str] = []
    events = []
    for n in range(rng.randrange(0, 40)):
        at = start + timedelta(minutes=rng.randrange(0, 540 * 24 * 60))
        event = {"id": f"r{member_id}-{n}", "member": member_id, "at": at.isoformat()}
        roll = rng.random()
        if roll < 0.35 or not orders:
            order_id = rng.choice(orders) if orders and rng.random() < 0.05 else f"o{n}"
            orders.append(order_id)
            event.update(type="order_paid", order_id=order_id,
                         amount=rng.choice(["1E+2", "0.99", f"{rng.randrange(0, 400000) / 100}"]),
                         category=rng.choice(["food", "books", "home", "a,b|c"]),
                         payment=rng.choice(["jdpay", "alipay", "other"]))
        elif roll < 0.40 and rng.random() < 0.5:
            event.update(type="order_refunded", order_id=rng.choice(orders),
                         amount=f"{rng.randrange(0, 300000) / 100}")
        elif roll < 0.55:
            event.update(type=rng.choice(["review_posted", "photo_review_posted"]),
                         order_id=rng.choice(orders))
        elif roll < 0.62:
            event.update(type="question_answered")
        elif roll < 0.90:
            event.update(type="signed_in")
        elif roll < 0.94:
            event.update(type="account_bound", channel=rng.choice(["wechat", "qq"]))
        elif roll < 0.96:
            event.update(type="identity_verified")
        elif roll < 0.97 and rng.random() < 0.5:
            event.update(type="risk_flag", kind=rng.choice(["credit", "reputation"]),
                         level=rng.choice(["good", "fair", "poor"]))
        else:
            event.update(type="bill_paid", bill_kind="utility")
        events.append(event)
    return events


def test_settlement_equals_settle_jd_on_random_histories(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """settle_month gives, member by member, exactly rules.settle_jd on the member's stored
    events (items in the same order too). Small batches: inserts run while the event rows are
    still streaming (and a stream of few rows at a time crosses members mid-fetch)."""
    monkeypatch.setattr(settlement, "BATCH", 7)
    monkeypatch.setattr(settlement, "STREAM_ROWS", 13)
    rng = random.Random(11)
    members = make_members(engine, 120)
    make_members(engine, 3, program="alipay", prefix="a")
    events = [e for member in members for e in _random_jd_events(rng, member.id)]
    for start in range(0, len(events), 1000):
        with transaction(engine) as session:
            ingest_events(session=session, events=events[start:start + 1000], now=NOW)
    with transaction(engine) as session:
        assert settle_month(session=session, month="2026-11", now=NOW).members == 120
    program = rules.load_program("jd")
    with transaction(engine) as session:
        rows = session.exec(select(MemberSettlement).order_by(MemberSettlement.member_id)).all()
        assert [r.member_id for r in rows] == [m.id for m in members]
        for row in rows:
            expected = rules.settle_jd(program, member_events(session=session,
                                                             member_id=row.member_id),
                                       date(2026, 11, 1))
            assert (row.score, row.base, row.tier, row.restricted, row.multiplier) == (
                expected.score, expected.base, expected.tier, expected.restricted,
                str(expected.multiplier))
            assert list(row.parts.items()) == list(expected.parts.items())
            assert list(row.items.items()) == list(expected.items.items())
    assert {r.tier for r in rows} >= {"registered", "bronze"}
    assert any(r.restricted for r in rows) and any(r.multiplier != "1" for r in rows)
