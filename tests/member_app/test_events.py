"""Storing events: each id once, a batch all or nothing (SPEC 1, SPEC 11 POST /events)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from member_app.db import transaction
from member_app.errors import InvalidInput
from member_app.models import Event
from member_app.services.events import ingest_events, member_events
from member_app.services.members import register_member

NOW = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)


def _order(event_id: str, amount: str = "100.00", member: str = "alice") -> dict:
    return {
        "id": event_id,
        "member": member,
        "type": "order_paid",
        "at": "2026-11-01T10:00:00+08:00",
        "order_id": f"o-{event_id}",
        "amount": amount,
        "category": "food",
        "payment": "jdpay",
    }


@pytest.fixture
def alice(engine):  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        register_member(
            session=session, username="alice", password="correct horse", program="jd", now=NOW
        )


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def test_same_batch_twice_is_counted_once(engine, alice) -> None:  # type: ignore[no-untyped-def]
    batch = [_order("e1"), _order("e2"), _order("e1")]
    with transaction(engine) as session:
        first = ingest_events(session=session, events=batch, now=NOW)
    with transaction(engine) as session:
        second = ingest_events(session=session, events=batch, now=NOW)
    assert (first.accepted, first.duplicates) == (2, 1)
    assert (second.accepted, second.duplicates) == (0, 3)
    assert _count(engine) == 2


def test_one_bad_event_rejects_the_whole_batch_naming_index_and_field(engine, alice) -> None:  # type: ignore[no-untyped-def]
    batch = [_order("e1"), _order("e2", amount="-5")]
    with pytest.raises(InvalidInput) as raised, transaction(engine) as session:
        ingest_events(session=session, events=batch, now=NOW)
    assert raised.value.detail.startswith("events[1].amount")
    assert _count(engine) == 0


def test_unknown_member_rejects_the_batch(engine, alice) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as raised, transaction(engine) as session:
        ingest_events(session=session, events=[_order("e1", member="mallory")], now=NOW)
    assert "events[0].member" in raised.value.detail
    assert _count(engine) == 0


def test_concurrent_deliveries_of_one_batch_store_each_event_once(engine, alice) -> None:  # type: ignore[no-untyped-def]
    batch = [_order(f"e{i}") for i in range(50)]
    accepted: list[int] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            with transaction(engine) as session:
                accepted.append(ingest_events(session=session, events=batch, now=NOW).accepted)
        except BaseException as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(accepted) == [0] * 7 + [50]
    assert _count(engine) == 50


def test_stored_events_come_back_as_rules_events(engine, alice) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        ingest_events(session=session, events=[_order("e1", amount="12.34")], now=NOW)
    with transaction(engine) as session:
        (event,) = member_events(session=session, member_id=1)
    assert event.id == "e1"
    assert str(event.fields["amount"]) == "12.34"
    assert event.at == datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
