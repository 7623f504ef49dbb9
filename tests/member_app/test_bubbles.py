"""Collect-to-claim over the API (SPEC 13, Alipay): the day's sign-in point and each order's
subsidy wait as bubbles; a tap collects one, once, however many taps race; a lapsed, foreign
or unknown bubble is refused with nothing written. NOW is 2026-11-22 12:00 in Shanghai."""

from __future__ import annotations

from sqlmodel import func, select

from member_app.db import transaction
from member_app.models import Event, LedgerEntry, Member
from member_app.services.intake import accept_events
from tests.member_app.conftest import NOW, auth_header, make_members, run_threads
from tests.support.subsidy import id_drawing

COLLECT = "/api/v1/me/bubbles/collect"


def _accept(engine, events: list[dict]) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        accept_events(session=session, events=events, now=NOW)


def _credits(engine, member: Member) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return [tuple(row) for row in session.exec(  # type: ignore[misc]
            select(LedgerEntry.reason, LedgerEntry.points)
            .where(LedgerEntry.member_id == member.id).order_by(LedgerEntry.id)).all()]


def _events(engine, member: Member) -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return session.exec(select(func.count()).select_from(Event)
                            .where(Event.member_id == member.id)).one()


def test_the_sign_in_point_waits_as_a_bubble_and_a_tap_collects_it_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="a")
    headers = auth_header(member)
    signed = client.post("/api/v1/me/sign-in", headers=headers).json()
    assert signed == {"signed_in": True, "already": False, "streak": 1, "reward": 1,
                      "to_collect": True}
    me = client.get("/api/v1/me", headers=headers).json()
    bubble = f"signin:{member.id}:2026-11-22"
    assert (me["points_balance"], me["points_pending"]) == (0, 1)
    assert me["bubbles"] == [{"bubble": bubble, "source": "sign_in", "points": 1,
                              "offered_on": "2026-11-22", "last_day": "2026-11-28"}]
    first = client.post(COLLECT, headers=headers, json={"bubble": bubble})
    assert (first.status_code, first.json()) == (200, {
        "bubble": bubble, "points": 1, "balance": 1, "already": False, "pending": 0})
    again = client.post(COLLECT, headers=headers, json={"bubble": bubble})
    assert again.json() == {"bubble": bubble, "points": 0, "balance": 1, "already": True,
                            "pending": 0}
    assert _credits(engine, member) == [("sign_in", 1)]
    me = client.get("/api/v1/me", headers=headers).json()
    assert (me["points_balance"], me["points_pending"], me["bubbles"]) == (1, 0, [])


def test_racing_taps_on_an_order_subsidy_credit_it_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="r")
    order_event = id_drawing(4, "pay-")
    _accept(engine, [{"id": order_event, "member": member.id, "type": "order_paid",
                      "at": "2026-11-21T10:00:00+08:00", "order_id": "O1", "amount": "300",
                      "category": "food"}])
    headers = auth_header(member)
    me = client.get("/api/v1/me", headers=headers).json()
    # floor(300 / 20) = 15 points at once; the drawn 4 waits
    assert (me["points_balance"], me["points_pending"]) == (15, 4)
    results, errors = run_threads(8, lambda i: client.post(
        COLLECT, headers=headers, json={"bubble": order_event}).json())
    assert errors == []
    assert sorted(r["points"] for r in results) == [0] * 7 + [4]
    assert _credits(engine, member) == [("shopping", 15), ("subsidy", 4)]
    assert client.get("/api/v1/me", headers=headers).json()["points_balance"] == 19


def test_a_lapsed_foreign_or_unknown_bubble_is_refused_and_nothing_is_written(
        client, engine) -> None:  # type: ignore[no-untyped-def]
    owner, other = make_members(engine, 2, program="alipay", prefix="l")
    # signed on Saturday 11-14: collectable through Friday 11-20; at NOW (11-22) it lapsed
    _accept(engine, [
        {"id": f"old-{owner.id}", "member": owner.id, "type": "signed_in",
         "at": "2026-11-14T09:00:00+08:00"},
        {"id": f"new-{owner.id}", "member": owner.id, "type": "signed_in",
         "at": "2026-11-21T09:00:00+08:00"},
    ])
    before = _events(engine, owner), _events(engine, other)
    for member, bubble in ((owner, f"old-{owner.id}"), (owner, "no-such-event"),
                           (other, f"new-{owner.id}")):
        refused = client.post(COLLECT, headers=auth_header(member), json={"bubble": bubble})
        assert (refused.status_code, refused.json()["error"]) == (409, "nothing_to_collect")
    assert (_events(engine, owner), _events(engine, other)) == before
    assert _credits(engine, owner) == [] and _credits(engine, other) == []
    me = client.get("/api/v1/me", headers=auth_header(owner)).json()
    assert [b["bubble"] for b in me["bubbles"]] == [f"new-{owner.id}"]


def test_outside_alipay_there_is_nothing_to_collect(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="jd", prefix="j")
    refused = client.post(COLLECT, headers=auth_header(member), json={"bubble": "x"})
    assert (refused.status_code, refused.json()["error"]) == (409, "bubbles_not_offered")
    assert "bubbles" not in client.get("/api/v1/me", headers=auth_header(member)).json()
    for body in ({"bubble": ""}, {"bubble": "   "}, {}, {"bubble": "x" * 129}):
        bad = client.post(COLLECT, headers=auth_header(member), json=body)
        assert bad.status_code == 422, body


def test_a_tap_collects_even_when_the_standing_is_ahead_of_this_clock(client, engine) -> None:  # type: ignore[no-untyped-def]
    """The review's case: another worker (clock ahead) brought the standing to NOW + 10 min,
    for a sign-in dated NOW + 5 min; a tap at NOW must still collect it, once."""
    from datetime import timedelta

    from member_app.services.points import sync_points

    (member,) = make_members(engine, 1, program="alipay", prefix="k")
    ahead = NOW + timedelta(minutes=5)
    _accept(engine, [{"id": f"s-{member.id}", "member": member.id, "type": "signed_in",
                      "at": ahead.isoformat()}])
    with transaction(engine) as session:
        sync_points(session=session, member=session.get(Member, member.id),
                    now=NOW + timedelta(minutes=10))
    headers = auth_header(member)
    first = client.post(COLLECT, headers=headers, json={"bubble": f"s-{member.id}"})
    assert (first.status_code, first.json()["points"], first.json()["balance"]) == (200, 1, 1)
    again = client.post(COLLECT, headers=headers, json={"bubble": f"s-{member.id}"})
    assert again.json()["already"] is True
    assert _credits(engine, member) == [("sign_in", 1)]
    nul = client.post(COLLECT, headers=headers, json={"bubble": "a\x00b"})
    assert nul.status_code == 422
