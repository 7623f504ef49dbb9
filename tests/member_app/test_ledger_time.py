"""Ledger entries carry when they took effect (`effective_at`) beside when they were written
(`at`); the points history is ordered and paged by effective time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from member_app.db import transaction
from member_app.migrate import alembic_config
from member_app.models import LedgerEntry
from member_app.services.events import ingest_events
from member_app.services.points import ledger_page, lock_account, spend, sync_points
from tests.member_app.conftest import NOW, auth_header, make_members

SHANGHAI_MIDNIGHT_2027 = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)


def _history(member_id: int) -> list[dict]:
    """An order in 2025 and one in 2026 with a refund in March, imported at once."""
    return [
        {"id": "p1", "member": member_id, "type": "order_paid", "at": "2025-03-01T10:00:00+08:00",
         "order_id": "o1", "amount": "1000.00", "category": "food", "payment": "jdpay"},
        {"id": "p2", "member": member_id, "type": "order_paid", "at": "2026-02-01T10:00:00+08:00",
         "order_id": "o2", "amount": "500.00", "category": "food", "payment": "jdpay"},
        {"id": "r2a", "member": member_id, "type": "order_refunded",
         "at": "2026-03-01T10:00:00+08:00", "order_id": "o2", "amount": "100.00"},
        {"id": "r2b", "member": member_id, "type": "order_refunded",
         "at": "2026-03-05T10:00:00+08:00", "order_id": "o2", "amount": "150.00"},
    ]


def test_imported_history_is_dated_when_it_happened(engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)
    with transaction(engine) as session:
        ingest_events(session=session, events=_history(alice.id), now=NOW)
        sync_points(session=session, member=alice, now=NOW)
        lock_account(session=session, member_id=alice.id)
        spend(session=session, member=alice, points=30, reason="redeem", ref="t:1", now=NOW)
    later = datetime(2027, 1, 2, tzinfo=UTC)
    with transaction(engine) as session:
        sync_points(session=session, member=alice, now=later)
        rows = session.exec(select(LedgerEntry)).all()
        lines = ledger_page(session=session, member=alice)
    entries = {e.reason: e for e in rows}
    earned = sorted(e.effective_at for e in rows if e.reason == "shopping")
    assert entries["shopping"].at == NOW  # written by the sync (audit)...
    assert earned == [datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
                      datetime(2026, 2, 1, 2, 0, tzinfo=UTC)]
    # ...the reversal at the latest refund of its order, the expiry at local midnight
    assert entries["reverse"].effective_at == datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
    assert entries["expire"].effective_at == SHANGHAI_MIDNIGHT_2027
    assert entries["expire"].at == later
    assert entries["redeem"].effective_at == NOW
    # newest first by effective time, whatever order the rows were written in
    assert [line.reason for line in lines] == ["expire", "redeem", "reverse", "shopping",
                                               "shopping"]
    stamps = [(line.effective_at, line.id) for line in lines]
    assert stamps == sorted(stamps, reverse=True)


def test_keyset_pages_never_skip_or_repeat(engine) -> None:  # type: ignore[no-untyped-def]
    (bob,) = make_members(engine, 1)
    base = datetime(2026, 6, 1, tzinfo=UTC)
    # Tasks whose effective times interleave with their writing order, with ties.
    events = [{"id": f"t{i}", "member": bob.id, "type": "task_completed",
               "at": (base + timedelta(days=(i * 7) % 5)).isoformat(), "task": "x",
               "points": 1 + i} for i in range(13)]
    with transaction(engine) as session:
        ingest_events(session=session, events=events, now=NOW)
        sync_points(session=session, member=bob, now=NOW)
        for i in range(4):
            spend(session=session, member=bob, points=1, reason="redeem", ref=f"s{i}",
                  now=base + timedelta(days=2, hours=i))
    seen = []
    before = None
    with transaction(engine) as session:
        everything = ledger_page(session=session, member=bob, limit=200)
        while True:
            page = ledger_page(session=session, member=bob, limit=3, before_id=before)
            if not page:
                break
            seen += page
            before = page[-1].id
    assert [line.id for line in seen] == [line.id for line in everything]
    assert len(seen) == 17
    assert [(x.effective_at, x.id) for x in seen] == sorted(
        ((x.effective_at, x.id) for x in seen), reverse=True)


def test_the_api_ledger_shows_both_times(engine, client) -> None:  # type: ignore[no-untyped-def]
    (carol,) = make_members(engine, 1)
    with transaction(engine) as session:
        ingest_events(session=session, events=_history(carol.id), now=NOW)
    answer = client.get("/api/v1/me/ledger", headers=auth_header(carol))
    assert answer.status_code == 200
    first = answer.json()["entries"][0]
    assert first["reason"] == "reverse"
    assert first["effective_at"].startswith("2026-03-05T02:00")
    assert first["at"].startswith("2026-11-22T04:00")
    assert answer.json()["next_before_id"] is None


def test_migration_backfills_effective_time_and_keeps_the_ledger_append_only(engine) -> None:  # type: ignore[no-untyped-def]
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        connection.commit()
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO member (username, password_hash, program, is_demo, created_at) "
            "VALUES ('old', '!', 'jd', false, :now)"), {"now": NOW})
        connection.execute(text(
            "INSERT INTO ledger_entry (member_id, points, reason, at) "
            "SELECT id, 7, 'task', :at FROM member WHERE username = 'old'"),
            {"at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)})
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
    with transaction(engine) as session:
        [entry] = session.exec(select(LedgerEntry)).all()
        assert entry.effective_at == entry.at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    for statement in ("UPDATE ledger_entry SET points = 1", "DELETE FROM ledger_entry"):
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        except Exception as error:  # noqa: BLE001  (either driver's error class)
            assert "append-only" in str(error)
        else:
            raise AssertionError(f"{statement} was allowed")
