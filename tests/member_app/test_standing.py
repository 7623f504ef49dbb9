"""Stored standings (services.standing): late refunds are debts, reads write nothing, the sweep
goes on past a failing member. Every figure is hand-computed from SPEC 4 and 6 (JD: one bean
per 10 yuan; sign-in day 1 earns 1 bean)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

import rules
from member_app.db import transaction
from member_app.errors import Conflict, InsufficientPoints
from member_app.models import CatalogItem, LedgerEntry, Member, MemberSettlement, Standing
from member_app.services.events import member_events
from member_app.services.intake import accept_events
from member_app.services.market import buy
from member_app.services.overview import current_standing
from member_app.services.points import ledger_sum, locked_standing, spend
from member_app.services.settlement import settle_month
from member_app.services.signin import sign_in
from member_app.services.sweep import sweep
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import (
    NOW,
    auth_header,
    give_points,
    make_members,
    platform_header,
    run_threads,
)
from tests.member_app.test_market import _badge_coupon, _big_spender
from tests.member_app.test_standing_machine import _fresh, _shown


def _item(engine, points: int, code: str) -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        item = CatalogItem(code=code, program="jd", kind="own", name_zh=code, name_en=code,
                           points=points)
        session.add(item)
        session.flush()
        return int(item.id)


def _post(client, member: Member, *events: dict) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/events", headers=platform_header(),
                         json=[{"member": member.id, **e} for e in events])
    assert answer.status_code == 200, answer.text


def test_a_refund_after_spending_is_a_debt_and_never_freezes_anyone(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    alice, bob = make_members(engine, 2)
    item400, item1 = _item(engine, 400, "four-hundred"), _item(engine, 1, "one")
    _post(client, alice, {"id": "o1", "type": "order_paid", "at": "2026-11-10T10:00:00+08:00",
                          "order_id": "O1", "amount": "5000", "category": "food"})
    _post(client, bob, {"id": "b1", "type": "order_paid", "at": "2026-11-10T10:00:00+08:00",
                        "order_id": "B1", "amount": "300", "category": "food"})
    bought = client.post("/api/v1/me/redemptions", headers={**auth_header(alice),
                         "Idempotency-Key": "k1"}, json={"item_id": item400, "quantity": 1})
    assert bought.status_code == 201 and bought.json()["balance"] == 100
    # The platform reports the full refund late, dated before the redemption.
    _post(client, alice, {"id": "r1", "type": "order_refunded",
                          "at": "2026-11-15T10:00:00+08:00", "order_id": "O1", "amount": "5000"})
    me = client.get("/api/v1/me", headers=auth_header(alice))
    assert me.status_code == 200
    assert (me.json()["points_balance"], me.json()["debt"]) == (-400, 400)
    ledger = client.get("/api/v1/me/ledger", headers=auth_header(alice)).json()["entries"]
    assert [(e["points"], e["event_id"]) for e in ledger if e["reason"] == "reverse"] == [
        (-500, "o1")]
    signed = client.post("/api/v1/me/sign-in", headers=auth_header(alice))
    assert signed.status_code == 200 and signed.json()["reward"] == 1  # pays 1 of the debt
    assert client.get("/api/v1/me", headers=auth_header(alice)).json()["points_balance"] == -399
    refused = client.post("/api/v1/me/redemptions", headers={**auth_header(alice),
                          "Idempotency-Key": "k2"}, json={"item_id": item1, "quantity": 1})
    assert refused.status_code == 409 and refused.json()["error"] == "insufficient_points"
    # Nobody else is held up, and the sweep goes through everyone the next day.
    clock.now = NOW + timedelta(days=1)
    assert client.get("/api/v1/me", headers=auth_header(bob, clock.now)).json()[
        "points_balance"] == 30
    report = sweep(engine=engine, now=NOW + timedelta(days=1, hours=1))
    assert (report.brought_forward, report.failures) == (1, [])  # bob's read already did his
    # A later order of 10,000 yuan earns 1,000 beans: 399 pay the debt, 601 are left.
    _post(client, alice, {"id": "o2", "type": "order_paid", "at": "2026-11-23T10:00:00+08:00",
                          "order_id": "O2", "amount": "10000", "category": "food"})
    me = client.get("/api/v1/me", headers=auth_header(alice, clock.now)).json()
    assert (me["points_balance"], me["debt"]) == (601, 0)
    with transaction(engine) as session:
        assert ledger_sum(session=session, member_id=alice.id) == 601


def _writes(session: Session) -> tuple[int, int, str]:
    ledger = session.execute(select(func.count()).select_from(LedgerEntry)).scalar_one()
    standings = session.execute(select(func.count()).select_from(Standing)).scalar_one()
    stamps = ",".join(str(s) for s in session.execute(select(Standing.computed_at)).scalars())
    return ledger, standings, stamps


def test_reading_a_fresh_standing_writes_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    _post(client, alice, {"id": "o1", "type": "order_paid", "at": "2026-11-10T10:00:00+08:00",
                          "order_id": "O1", "amount": "800", "category": "food"})
    with transaction(engine) as session:
        before = _writes(session)
    for _ in range(3):
        me = client.get("/api/v1/me", headers=auth_header(alice))
        assert me.status_code == 200 and me.json()["points_balance"] == 80
    with transaction(engine) as session:
        assert _writes(session) == before


def test_on_sqlite_a_read_does_not_wait_for_a_writer(client, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    (alice,) = make_members(engine, 1)
    _post(client, alice, {"id": "o1", "type": "order_paid", "at": "2026-11-10T10:00:00+08:00",
                          "order_id": "O1", "amount": "800", "category": "food"})
    headers = auth_header(alice)  # logging in writes (a session row): before the lock is taken
    writer = sqlite3.connect(str(tmp_path / "test.db"), timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock meanwhile
    try:
        me = client.get("/api/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["points_balance"] == 80
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_standing_overtaken_by_time_is_brought_forward_on_read(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    # 1,000 yuan in 2025: 100 beans, usable through 2026-12-31 (SPEC 6).
    _post(client, alice, {"id": "o1", "type": "order_paid", "at": "2025-06-01T10:00:00+08:00",
                          "order_id": "O1", "amount": "1000", "category": "food"})
    me = client.get("/api/v1/me", headers=auth_header(alice)).json()
    assert (me["points_balance"], me["expiring"]) == (100, [])
    clock.now = NOW.replace(month=12, day=5)
    assert client.get("/api/v1/me", headers=auth_header(alice, clock.now)).json()[
        "expiring"] == [{"points": 100, "on": "2026-12-31"}]
    clock.now = NOW.replace(year=2027, month=1, day=2)
    assert client.get("/api/v1/me", headers=auth_header(alice, clock.now)).json()[
        "points_balance"] == 0
    with transaction(engine) as session:
        assert ledger_sum(session=session, member_id=alice.id) == 0


def test_one_failing_member_is_reported_and_the_sweep_goes_on(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    members = make_members(engine, 3)
    from member_app.services import sweep as sweep_module

    real = sweep_module.sync_members

    def failing(*, session, members: list[Member], now):  # type: ignore[no-untyped-def]
        if any(m.id == broken.id for m in members):
            raise RuntimeError("a broken history")
        return real(session=session, members=members, now=now)

    broken = members[1]
    monkeypatch.setattr(sweep_module, "sync_members", failing)
    report = sweep(engine=engine, now=NOW)  # the group fails, then its members one by one
    assert report.brought_forward == 2
    assert report.failures == [(broken.id, "RuntimeError: a broken history")]
    monkeypatch.setattr(sweep_module, "sync_members", real)
    again = sweep(engine=engine, now=NOW)  # resumable: only what is left
    assert (again.brought_forward, again.failures) == (1, [])
    assert sweep(engine=engine, now=NOW).brought_forward == 0  # idempotent


def test_100_concurrent_mixed_writes_leave_the_standing_a_fresh_evaluation(client, engine) -> None:  # type: ignore[no-untyped-def]

    seller, alice = make_members(engine, 2)
    _big_spender(engine, seller)
    give_points(engine, [alice], 2000)
    coupon = _badge_coupon(client, seller)
    listing = client.post("/api/v1/market/listings", headers=auth_header(seller),
                          json={"coupon_id": coupon["id"], "price": 300}).json()["id"]

    def one(i: int) -> str:
        def work(session: Session) -> str:
            member = session.get(Member, alice.id)
            if i % 4 == 0:
                return "signed" if not sign_in(session=session, member=member,
                                               now=NOW).already else "again"
            if i % 4 == 1:
                locked_standing(session=session, member=member, now=NOW)
                spend(session=session, member=member, points=7, reason="redeem",
                      ref=f"c{i}", now=NOW)
                return "spent"
            if i % 4 == 2:
                accept_events(session=session, now=NOW, events=[{
                    "id": f"c{i}", "member": alice.id, "type": "order_paid",
                    "at": "2026-11-20T10:00:00+08:00", "order_id": f"C{i}", "amount": "100",
                    "category": "food"}])
                return "earned"
            outcome = buy(session=session, member=member, listing_id=listing,
                          idempotency_key=f"b{i}", now=NOW)
            return "bought" if outcome.status == 200 else outcome.body["error"]
        try:
            return run_in_transaction(engine, work)
        except (Conflict, InsufficientPoints) as error:
            return type(error).__name__

    outcomes, errors = run_threads(100, one)
    assert errors == []
    assert sorted(set(outcomes)) == ["again", "bought", "earned", "signed", "sold", "spent"]
    assert (outcomes.count("signed"), outcomes.count("bought")) == (1, 1)
    # 2,000 + 1 (sign-in day 1) + 25 orders of 100 yuan (10 beans each) - 25 x 7 - 300
    expected = 2000 + 1 + 25 * 10 - 25 * 7 - 300
    with transaction(engine) as session:
        member = session.get(Member, alice.id)
        stored = current_standing(session=session, member=member, now=NOW)
        assert _shown(stored) == _shown(_fresh(session, member, NOW))
        assert stored.points_balance == ledger_sum(session=session, member_id=alice.id) == expected


def test_the_points_page_names_a_debt_in_both_languages() -> None:
    from member_app.presenters.points import points_view
    from tests.rules.rules_helpers import ev, order, t

    jd = rules.load_program("jd")
    events = [order("2026-11-01", "5000", order_id="A"),
              ev("order_refunded", "2026-11-03", order_id="A", amount="5000")]
    owing = rules.assess(jd, events, t("2026-11-22"),
                         debits=[rules.Debit(t("2026-11-02"), 400, "redeem")])
    assert points_view(jd, owing.points_balance, owing, "zh").debt_line == (
        "因退款尚欠 400 京豆，之后获得的京豆会先用来抵扣")
    assert points_view(jd, owing.points_balance, owing, "en").debt_line == (
        "400 JD beans owed after a refund; what you earn next pays it first")
    clear = rules.assess(jd, events[:1], t("2026-11-22"))
    assert points_view(jd, clear.points_balance, clear, "en").debt_line == ""


def test_password_checks_hold_no_write_lock(client, engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    from member_app.services import auth

    seen: list[str] = []

    def verify_while_someone_writes(password: str, stored: str | None) -> bool:
        other = sqlite3.connect(str(tmp_path / "test.db"), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once if the login held the lock
            other.execute("ROLLBACK")
            seen.append("free")
        finally:
            other.close()
        return False

    monkeypatch.setattr(auth, "verify_password", verify_while_someone_writes)
    answer = client.post("/api/v1/auth/token", data={"username": "nobody", "password": "x" * 12})
    assert answer.status_code == 401 and seen == ["free"]


def test_the_jd_card_keeps_the_settlement_of_record_and_forecasts_the_next(client, engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    _post(client, alice, {"id": "o1", "type": "order_paid", "at": "2026-10-05T10:00:00+08:00",
                          "order_id": "O1", "amount": "2000", "category": "food"})
    with transaction(engine) as session:
        assert settle_month(session=session, month="2026-11", now=NOW).members == 1
        settled = session.execute(select(MemberSettlement.score).where(
            MemberSettlement.member_id == alice.id)).scalar_one()
    assert client.get("/api/v1/me", headers=auth_header(alice)).json()["growth"] == settled
    # An October order delivered after the November run: the next settlement's, not this one's.
    _post(client, alice, {"id": "o2", "type": "order_paid", "at": "2026-10-20T10:00:00+08:00",
                          "order_id": "O2", "amount": "30000", "category": "books"})
    assert client.get("/api/v1/me", headers=auth_header(alice)).json()["growth"] == settled
    with transaction(engine) as session:
        member = session.get(Member, alice.id)
        standing = current_standing(session=session, member=member, now=NOW)
        live = rules.assess(rules.load_program("jd"),
                            member_events(session=session, member_id=alice.id), NOW)
    assert standing.settlement.score == settled < live.growth  # the run of record stays
    assert standing.forecast.score == live.forecast.score > settled  # the next one moves
    assert standing.forecast.settled_on.isoformat() == "2026-12-01"
