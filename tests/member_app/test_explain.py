"""The member's explanation (SPEC 13) adds up to the figures they see: for JD the settlement of
record, even when a late event moved the live figure (tests/member_app/test_standing.py has
the same history for the tier card)."""

from __future__ import annotations

from datetime import timedelta

from member_app.db import transaction
from member_app.models import Member
from member_app.presenters.explain import explain_view
from member_app.services.explain import explanation
from member_app.services.intake import accept_events
from member_app.services.settlement import settle_month
from tests.member_app.conftest import NOW, auth_header, make_members


def _order(member: Member, event_id: str, at: str, amount: str, category: str) -> dict:
    return {"id": event_id, "member": member.id, "type": "order_paid", "at": at,
            "order_id": event_id.upper(), "amount": amount, "category": category}


def test_a_jd_explanation_is_the_settlement_of_record(client, engine) -> None:  # type: ignore[no-untyped-def]
    (alice,) = make_members(engine, 1, prefix="x")
    with transaction(engine) as session:
        accept_events(session=session, now=NOW,
                      events=[_order(alice, "o1", "2026-10-05T10:00:00+08:00", "2000", "food")])
        settle_month(session=session, month="2026-11", now=NOW)
        # delivered a minute after the November run, dated October: the next settlement's
        accept_events(session=session, now=NOW + timedelta(minutes=1),
                      events=[_order(alice, "o2", "2026-10-20T10:00:00+08:00", "30000", "books")])
    shown = client.get("/api/v1/me", headers=auth_header(alice)).json()
    with transaction(engine) as session:
        explained = explanation(session=session, member=session.get(Member, alice.id), now=NOW)
    view = explain_view(explained, "en")
    # 2,000 yuan: floor(2000 / 10) = 200 amount + 10 order + 50 category + 50 month = 310
    assert shown["growth"] == explained.assessment.growth == 310
    assert view.headline == "JD score 310"
    assert view.equation == "= Account 0 + Consumption 310 + Activity 0"
    consumption = view.parts[1]
    assert [(r.row, r.value) for r in consumption.rows] == [
        ("amount", "200"), ("order", "10"), ("category", "50"), ("month", "50")]
    # the late order counts from the next settlement: not among the settled part's records
    assert [e.id for e in consumption.events] == ["o1"]
    assert consumption.events[0].gains == "+200 amount · +10 order · +50 new category · " \
                                          "+50 new month"
    assert view.late == "1 record arrived after this settlement ran: the next one counts it"
    assert explained.assessment.forecast is not None
    assert explained.assessment.forecast.score > 310


def test_a_fliggy_review_is_explained_as_an_interaction(engine) -> None:  # type: ignore[no-untyped-def]
    """Fliggy counts reviews among interactions (rules/programs/fliggy.toml: 10 each, at most
    100 a day): a review and two likes are one row of 10 + 1 + 1 = 12 under that rule."""
    (member,) = make_members(engine, 1, program="fliggy", prefix="r")
    at = "2026-11-20T10:00:00+08:00"
    with transaction(engine) as session:
        accept_events(session=session, now=NOW, events=[
            {"id": "rv", "member": member.id, "type": "review_posted", "at": at,
             "order_id": "O-1"},
            *({"id": f"like{n}", "member": member.id, "type": "liked", "at": at}
              for n in range(2))])
        explained = explanation(session=session, member=session.get(Member, member.id),
                                now=NOW)
    interaction = next(p for p in explain_view(explained, "en").parts
                       if p.source == "interaction")
    assert [(r.row, r.rule, r.value) for r in interaction.rows] == [
        ("interaction", "Community interactions, at most 100 a day", "12")]


def test_every_demo_member_has_an_explanation_and_a_forecast_in_both_languages(
        engine) -> None:  # type: ignore[no-untyped-def]
    """A page whose loader raises shows a spinner for ever: each demo member's explain and
    forecast views are built in both languages (a Fliggy review once had no rule sentence)."""
    from sqlmodel import select

    from member_app.demo import load_demo
    from member_app.presenters.forecast import forecast_view
    from member_app.services.forecast import member_forecast

    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
    with transaction(engine) as session:
        members = session.exec(select(Member).where(Member.username.startswith("demo"))).all()
        assert {m.program for m in members} == {"jd", "fliggy", "alipay"}
        for member in members:
            explained = explanation(session=session, member=member, now=NOW)
            forecast = member_forecast(session=session, member=member, now=NOW)
            for lang in ("zh", "en"):
                assert explain_view(explained, lang).headline, member.username
                assert forecast_view(forecast, lang, by_max=NOW.date()).plan_title
