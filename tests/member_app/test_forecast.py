"""GET /api/v1/me/forecast (SPEC 13) over the member's stored history: hand-computed plans, the
outlook, JD's next settlement, and refusals. NOW is 2026-11-22 12:00 Shanghai."""

from __future__ import annotations

from member_app.db import transaction
from member_app.services.intake import accept_events
from member_app.services.settlement import settle_month
from tests.member_app.conftest import NOW, auth_header, make_members

FORECAST = "/api/v1/me/forecast"


def _accept(engine, events: list[dict]) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        accept_events(session=session, events=events, now=NOW)


def test_an_alipay_member_ten_short_of_gold(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="f")
    _accept(engine, [
        {"id": f"t-{member.id}", "member": member.id, "type": "task_completed",
         "at": "2025-12-10T10:00:00+08:00", "task": "x", "growth": 1990},
    ])
    answer = client.get(FORECAST, headers=auth_header(member), params={"by": "2026-11-30"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    # floor(200 / 20) = 10 more reaches gold's 2,000, today; Alipay's growth counts neither
    # sign-ins nor reviews, so none is asked
    assert body["goal"] == {"tier": "gold", "by": "2026-11-30"}
    assert body["plan"] == {"yuan": 200, "orders": [
        {"at": "2026-11-22T12:00:00+08:00", "yuan": 200, "review": False}],
        "sign_ins": [], "reviews": [], "spending_alone": 200}
    # the task leaves the 365-day window at the start of 2026-12-10
    assert body["outlook"] == [{"on": "2026-12-10", "growth": 0, "tier": "popular"}]


def test_a_goal_out_of_reach_or_out_of_bounds(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="fliggy", prefix="g")
    headers = auth_header(member)
    f3 = client.get(FORECAST, headers=headers, params={"tier": "F3", "by": "2026-12-31"})
    assert f3.json()["plan"] is None  # invitation-only
    for params in ({"tier": "gold"}, {"by": "2026-11-22"}, {"by": "2028-01-01"},
                   {"by": "tomorrow"}):
        refused = client.get(FORECAST, headers=headers, params=params)
        assert refused.status_code == 422, params


def test_jd_gets_its_next_settlement_part_by_part(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, prefix="j")
    _accept(engine, [{"id": "o1", "member": member.id, "type": "order_paid",
                      "at": "2026-10-05T10:00:00+08:00", "order_id": "O1", "amount": "2000",
                      "category": "food"}])
    with transaction(engine) as session:
        settle_month(session=session, month="2026-11", now=NOW)
    _accept(engine, [{"id": "o2", "member": member.id, "type": "order_paid",
                      "at": "2026-11-05T10:00:00+08:00", "order_id": "O2", "amount": "1000",
                      "category": "books"}])
    body = client.get(FORECAST, headers=auth_header(member)).json()
    # 1 November: 200 + 10 + 50 + 50 = 310. 1 December adds the November order:
    # 100 amount + 10 order + 50 new category + 50 new month = 210 more
    assert body["settlement"] == {"settled_on": "2026-11-01", "score": 310,
                                  "parts": {"account": 0, "consumption": 310, "activity": 0}}
    assert body["next_settlement"]["score"] == 520
    assert body["next_settlement"]["change"] == 210
    # bronze (1,000) by 2 January: the 1 January settlement counts an order today;
    # spending alone: 520 + 10 order + floor(X / 10) >= 1,000 (November has an order, books
    # is bought) -> X = 4,700. With the sign-ins of 22 November to 31 December (40 days,
    # 1 point each; 1 January's falls after the window), reviews of O2 and O1 and of the new
    # order (10 each): 520 + 10 + 40 + 30 + floor(X / 10) >= 1,000 -> X = 4,000
    planned = client.get(FORECAST, headers=auth_header(member),
                         params={"tier": "bronze", "by": "2027-01-02"}).json()
    plan = planned["plan"]
    assert (plan["yuan"], plan["spending_alone"], plan["reviews"]) == (4000, 4700, ["O2", "O1"])
    assert plan["orders"] == [{"at": "2026-11-22T12:00:00+08:00", "yuan": 4000, "review": True}]
    assert (len(plan["sign_ins"]), plan["sign_ins"][0], plan["sign_ins"][-1]) == (
        40, "2026-11-22", "2026-12-31")
    # the 1 December settlement is the next day the score moves
    assert planned["outlook"] == [{"on": "2026-12-01", "growth": 520, "tier": "registered"}]


def test_the_jd_view_shows_the_five_parts_of_spec_4() -> None:
    """Three parts of points and the two risk parts (a level and what it does), in words."""
    from datetime import datetime

    import rules
    from member_app.presenters.forecast import forecast_view
    from member_app.services.forecast import Forecast
    from tests.rules.rules_helpers import ev, order

    jd = rules.load_program("jd")
    at = datetime.fromisoformat("2026-11-22T12:00:00+08:00")
    events = [order("2026-10-05", "2000", order_id="O1"),
              ev("risk_flag", "2026-11-10", kind="credit", level="fair")]
    standing = rules.assess(jd, events, at)
    view = forecast_view(Forecast(jd, standing, (), "bronze", None, None, None), "en",
                         by_max=standing.today)
    # 1 November: 310 with good risk; 1 December: credit fair, 310 x 0.9 = 279
    assert view.jd_headline == "Forecast JD score on Dec 1: 279 (−31 from the last settlement)"
    assert [(p.label, p.last, p.next, p.change) for p in view.jd_parts] == [
        ("Account", "0", "0", "±0"), ("Consumption", "310", "310", "±0"),
        ("Activity", "0", "0", "±0"), ("Reputation", "good", "good", "×1"),
        ("Credit", "good", "fair", "×0.9")]
    # the radar: each part against its most (account 600, consumption 9,100, activity 2,100:
    # 310 / 9,100 = 3%), the risk parts as what they leave of the score's worth
    assert view.jd_chart == [
        {"part": "Account", "last": 0, "next": 0},
        {"part": "Consumption", "last": 3, "next": 3},
        {"part": "Activity", "last": 0, "next": 0},
        {"part": "Reputation", "last": 100, "next": 100},
        {"part": "Credit", "last": 100, "next": 90}]


def test_the_plan_reads_as_steps_in_both_languages() -> None:
    from datetime import date, datetime, timedelta

    import rules
    from member_app.presenters.forecast import forecast_view
    from member_app.services.forecast import Forecast
    from rules.forecast import Plan, PlannedOrder

    jd = rules.load_program("jd")
    at = datetime.fromisoformat("2026-11-22T12:00:00+08:00")
    standing = rules.assess(jd, [], at)
    plan = Plan("bronze", date(2027, 1, 2), (PlannedOrder(at, 4000, reviewed=True),),
                tuple(date(2026, 11, 22) + timedelta(days=n) for n in range(40)), ("O2", "O1"))
    forecast = Forecast(jd, standing, (), "bronze", date(2027, 1, 2), plan, 4700)
    steps = [(s.kind, s.text) for s in forecast_view(forecast, "zh", by_max=standing.today).plan]
    assert steps == [("order", "今天下单 ¥4,000，并评价"),
                     ("sign_in", "11月22日至12月31日签到 40 天"),
                     ("review", "评价已购订单 2 笔")]
    english = forecast_view(forecast, "en", by_max=standing.today)
    assert [s.text for s in english.plan] == [
        "Spend ¥4,000 today and review it", "Sign in on 40 days from Nov 22 to Dec 31",
        "Review 2 orders you have bought"]
    assert english.plan_alone == "Without the sign-ins and reviews: ¥4,700"


def test_a_plan_of_sign_ins_and_a_review_alone_says_no_spending_is_needed() -> None:
    from datetime import date, datetime

    import rules
    from member_app.presenters.forecast import forecast_view
    from member_app.services.forecast import Forecast
    from rules.forecast import Plan

    jd = rules.load_program("jd")
    standing = rules.assess(jd, [], datetime.fromisoformat("2026-11-22T12:00:00+08:00"))
    plan = Plan("bronze", date(2026, 12, 2), (), (date(2026, 11, 22),), ("O1",))
    view = forecast_view(Forecast(jd, standing, (), "bronze", date(2026, 12, 2), plan, 1),
                         "en", by_max=standing.today)
    assert [s.text for s in view.plan] == ["Sign in on Nov 22", "Review an order you have bought"]
    assert view.plan_total == "No spending needed: Bronze from Dec 2"
    assert view.plan_alone == "Without the sign-ins and reviews: ¥1"
