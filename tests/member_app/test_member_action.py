"""The UI's one member-action shape (state/actions.py), on a real database."""

from __future__ import annotations

from functools import partial

from sqlmodel import Session, select

from member_app.db import transaction
from member_app.errors import InsufficientPoints
from member_app.models import Event, Member
from member_app.services.events import ingest_events
from member_app.state.actions import run_member_action
from tests.member_app.conftest import NOW, make_members


def _event(member: Member, event_id: str) -> dict:
    return {"id": event_id, "member": member.id, "type": "signed_in",
            "at": "2026-11-01T10:00:00+08:00"}


def _events(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return sorted(session.exec(select(Event.id)).all())


def test_the_use_case_runs_for_the_member_and_commits(engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)

    def use_case(session: Session, member: Member) -> str:
        ingest_events(session=session, events=[_event(member, "e1")], now=NOW)
        return member.username

    result = run_member_action(partial(transaction, engine),
                               lambda session: session.get(Member, alice.id), use_case)
    assert result.ok and result.value == alice.username and result.member is not None
    assert _events(engine) == ["e1"]


def test_a_refusal_rolls_back_and_comes_back_as_the_error(engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1)

    def use_case(session: Session, member: Member) -> None:
        ingest_events(session=session, events=[_event(member, "e2")], now=NOW)
        raise InsufficientPoints("200 points needed, 0 available")

    result = run_member_action(partial(transaction, engine),
                               lambda session: session.get(Member, alice.id), use_case)
    assert not result.ok and result.error is not None
    assert result.error.code == "insufficient_points"
    assert _events(engine) == []  # the write before the refusal did not land


def test_without_a_member_nothing_runs(engine) -> None:  # type: ignore[no-untyped-def]
    ran = []
    result = run_member_action(partial(transaction, engine), lambda session: None,
                               lambda session, member: ran.append(member))
    assert result.signed_out and not result.ok and ran == []
