"""Streak freezes over the API (SPEC 13): offered the day after a missed day, bought once with
points in Fliggy and Alipay, free for JD's PLUS members, never paid twice however the member
taps. NOW is 2026-11-22 12:00 in Shanghai, so "yesterday" is 2026-11-21."""

from __future__ import annotations

from sqlmodel import select

from member_app.db import transaction
from member_app.models import Event, LedgerEntry, Member
from member_app.services.intake import accept_events
from member_app.services.plus import open_period
from tests.member_app.conftest import NOW, auth_header, make_members, run_threads

FREEZE = "/api/v1/me/streak-freeze"


def _history(engine, member: Member, points: int, *days: str) -> None:  # type: ignore[no-untyped-def]
    events = [{"id": f"s-{member.id}-{day}", "member": member.id, "type": "signed_in",
               "at": f"{day}T09:00:00+08:00"} for day in days]
    if points:
        events.append({"id": f"gift-{member.id}", "member": member.id, "type": "task_completed",
                       "at": "2026-11-01T10:00:00+08:00", "task": "welcome", "points": points})
    with transaction(engine) as session:
        accept_events(session=session, events=events, now=NOW)


def _freeze_debits(engine, member: Member) -> list[int]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return list(session.exec(select(LedgerEntry.points).where(
            LedgerEntry.member_id == member.id, LedgerEntry.reason == "streak_freeze")).all())


def test_a_fliggy_member_buys_yesterday_back_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="fliggy", prefix="f")
    _history(engine, member, 500, "2026-11-19", "2026-11-20")  # missed the 21st
    headers = auth_header(member)
    before = client.get("/api/v1/me", headers=headers).json()
    assert before["streak"] == {"current": 0, "longest": 2}
    # sign-ins earned 1 + 2 miles on the 19th and 20th, the welcome task 500
    assert before["points_balance"] == 503
    assert client.get(FREEZE, headers=headers).json() == {
        "offer": {"covers": "2026-11-21", "price_points": 100, "saves": 2}}
    bought = client.post(FREEZE, headers={**headers, "Idempotency-Key": "freeze-1"})
    assert bought.status_code == 201, bought.text
    assert bought.json() == {"covers": "2026-11-21", "price_points": 100, "balance": 403,
                             "streak": 2}
    again = client.post(FREEZE, headers={**headers, "Idempotency-Key": "freeze-1"})
    assert (again.status_code, again.json()) == (201, bought.json())
    other = client.post(FREEZE, headers={**headers, "Idempotency-Key": "freeze-2"})
    assert (other.status_code, other.json()["error"]) == (409, "nothing_to_freeze")
    assert client.get(FREEZE, headers=headers).json() == {"offer": None}
    assert _freeze_debits(engine, member) == [-100]
    # signing in today continues the run: day 3 of the streak earns 3 miles
    signed = client.post("/api/v1/me/sign-in", headers=headers).json()
    assert (signed["streak"], signed["reward"]) == (3, 3)
    assert client.get("/api/v1/me", headers=headers).json()["points_balance"] == 403 + 3


def test_jd_gives_it_to_plus_members_only(client, engine) -> None:  # type: ignore[no-untyped-def]
    plain, plus = make_members(engine, 2)
    for member in (plain, plus):
        _history(engine, member, 0, "2026-11-20")
    with transaction(engine) as session:
        open_period(session=session, member=session.get(Member, plus.id), plan="trial",
                    ref=f"trial-{plus.id}", days=30, now=NOW)
    assert client.get(FREEZE, headers=auth_header(plain)).json() == {"offer": None}
    refused = client.post(FREEZE, headers={**auth_header(plain), "Idempotency-Key": "k"})
    assert (refused.status_code, refused.json()["error"]) == (409, "nothing_to_freeze")
    assert client.get(FREEZE, headers=auth_header(plus)).json()["offer"] == {
        "covers": "2026-11-21", "price_points": 0, "saves": 1}
    used = client.post(FREEZE, headers={**auth_header(plus), "Idempotency-Key": "k"})
    assert used.status_code == 201 and used.json()["price_points"] == 0
    assert used.json()["balance"] == 1  # the 20th's sign-in bean; nothing was paid
    assert _freeze_debits(engine, plus) == []
    with transaction(engine) as session:
        assert session.exec(select(Event.id).where(Event.member_id == plus.id,
                                                   Event.type == "streak_frozen")).all() == [
            f"freeze:{plus.id}:2026-11-21"]


def test_not_enough_points_changes_nothing(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="a")
    _history(engine, member, 0, "2026-11-20")
    answer = client.post(FREEZE, headers={**auth_header(member), "Idempotency-Key": "k"})
    assert (answer.status_code, answer.json()["error"]) == (409, "insufficient_points")
    with transaction(engine) as session:
        assert session.exec(select(Event.id).where(Event.type == "streak_frozen")).all() == []
    assert _freeze_debits(engine, member) == []


def test_racing_taps_with_different_keys_pay_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="fliggy", prefix="r")
    _history(engine, member, 500, "2026-11-20")
    headers = auth_header(member)
    results, errors = run_threads(6, lambda i: client.post(
        FREEZE, headers={**headers, "Idempotency-Key": f"tap-{i}"}).status_code)
    assert errors == []
    assert sorted(results) == [201] + [409] * 5
    assert _freeze_debits(engine, member) == [-100]
    assert client.get("/api/v1/me", headers=headers).json()["points_balance"] == 500 + 1 - 100
