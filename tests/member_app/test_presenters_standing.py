"""The home, sign-in and coupon screens in words: goals, chart months, rewards, calendar, wallet.

Pure: `rules.assess` on hand-written events at a fixed instant, then the presenters. Every
expected figure is worked out by hand from the programme files (rules/programs/*.toml).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import rules
from member_app.presenters.coupons import CouponCard, group_cards, segment_cards, segment_counts
from member_app.presenters.home import chart_months, home_summary, month_label
from member_app.presenters.signin import (
    calendar_cells,
    ladder_note,
    rewards_today_and_tomorrow,
    sign_in_view,
)
from member_app.presenters.tier_card import tier_card

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 on Nov 23 in Shanghai
JD = rules.load_program("jd")
FLIGGY = rules.load_program("fliggy")
ALIPAY = rules.load_program("alipay")


def _event(event_id: str, event_type: str, at: str, **fields: str) -> rules.Event:
    return rules.parse_event({"id": event_id, "type": event_type, "at": at, **fields})


def _order(event_id: str, at: str, amount: str, category: str) -> rules.Event:
    return _event(event_id, "order_paid", at, order_id=event_id, amount=amount,
                  category=category, payment="jdpay")


# A JD member on bronze: verified (300) + one 20,000-yuan food order (2,000 for the amount,
# 10 for the order, 50 for the category, 50 for the month) + 5 for paying with JD Pay = 2,415,
# settled on 2026-11-01 over the 12 months before. Silver needs 2,500: 85 more.
MID_JD = [_event("v", "identity_verified", "2026-01-05T09:00:00+08:00"),
          _order("o", "2026-03-01T09:00:00+08:00", "20000", "food")]


def test_a_mid_tier_member_is_told_how_much_reaches_the_next_tier_and_when_it_counts() -> None:
    result = rules.assess(JD, MID_JD, NOW)
    zh, en = tier_card(JD, result, "zh"), tier_card(JD, result, "en")
    assert (zh.kind, zh.tier_code, zh.growth) == ("climb", "bronze", "2,415")
    assert zh.goal == "还差 85 京享值升级为银牌会员"
    assert en.goal == "85 more JD score to reach Silver"
    assert zh.goal_detail == "每月1日按近 12 个月结算，下次结算 2026年12月1日"
    assert zh.show_progress and zh.progress == (2_415 - 1_000) * 100 // (2_500 - 1_000)  # 94
    # Bronze's benefits, and what silver adds: two free-shipping vouchers instead of one, and
    # return pickup.
    assert [chip.label for chip in zh.benefits] == ["生日礼券", "京享礼包", "运费券 ×1/月"]
    assert [chip.label for chip in zh.next_benefits] == ["运费券 ×2/月", "上门退换"]
    assert en.next_benefits_label == "Silver adds"
    assert zh.breakdown_title == "京享值来源"


def test_a_top_tier_member_with_a_drop_date_is_told_what_keeps_the_tier() -> None:
    # 50,000 yuan of hotels = 25,000 experience (1 per 2 yuan) and an invitation: F3 (20,000).
    # The order leaves the 365-day window on 2027-06-01; nothing is left then: F1.
    events = [_event("o1", "order_paid", "2026-06-01T09:00:00+08:00", order_id="o1",
                     amount="50000", category="hotel", payment="alipay"),
              _event("i1", "invitation_granted", "2026-06-02T09:00:00+08:00")]
    result = rules.assess(FLIGGY, events, NOW)
    zh, en = tier_card(FLIGGY, result, "zh"), tier_card(FLIGGY, result, "en")
    assert (zh.kind, zh.tier_code, zh.show_progress) == ("keep", "F3", False)
    assert zh.goal_label == "保级目标"
    assert zh.goal_detail == ("2027年6月1日前，近 365 天的经验值需保持在 20,000 以上，"
                              "否则降为F1 会员")
    assert en.goal_detail == ("By June 1, 2027, keep your experience of the last 365 days at "
                              "20,000 or more, or you move to F1")
    assert "机场贵宾厅" in [chip.label for chip in zh.benefits] and zh.next_benefits == []
    # The card and its breakdown use the programme's one word for growth.
    assert zh.growth_name == "经验值" and zh.breakdown_title == "经验值来源"


def test_a_restricted_member_sees_the_freeze_once_with_what_clears_it() -> None:
    poor = _event("r", "risk_flag", "2026-10-10T09:00:00+08:00", kind="credit", level="poor")
    result = rules.assess(JD, [*MID_JD, poor], NOW)
    zh, en = tier_card(JD, result, "zh"), tier_card(JD, result, "en")
    assert zh.kind == "restricted" and zh.restricted
    assert zh.goal == "账户存在风险，等级权益已冻结"
    # The flag is still poor for the next settlement on 2026-12-01 (the latest flag counts).
    assert zh.goal_detail == "原因：信用评估为较差。评估恢复后，2026年12月1日的结算即可解冻"
    assert en.goal_detail == ("Why: your credit assessment is poor. Once it improves, the "
                              "settlement on December 1, 2026 lifts the freeze")
    # No bar, no benefits shown as if they worked, nothing promised above.
    assert not zh.show_progress and zh.benefits == [] and zh.next_benefits == []
    assert zh.benefits_note == "冻结中，解冻后恢复"


def test_a_new_member_gets_a_welcome_with_what_to_do_first() -> None:
    result = rules.assess(JD, [], NOW)
    zh = tier_card(JD, result, "zh")
    assert zh.kind == "new" and zh.welcome and not zh.show_progress
    # Day 1 of a streak earns 1 bean; bronze needs 1,000.
    assert [(step.text, step.href) for step in zh.welcome_steps] == [
        ("每天签到，今天就领 1 京豆", "/sign-in"),
        ("购物、评价都能攒京享值，1,000 即可升级为铜牌会员", "/me"),
        ("看看京豆能兑换什么", "/redeem"),
    ]
    summary = home_summary(JD, result, today=date(2026, 11, 23), plus_active=False, lang="zh")
    assert summary.streak_line == "开始连续签到"  # not "已连续签到 0 天"
    assert summary.sign_in_line == "今日签到领 1 京豆"


def test_the_chart_shows_the_12_months_ending_this_month_with_years() -> None:
    assert [m.isoformat()[:7] for m in chart_months(date(2027, 3, 15))] == [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
        "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]
    december = chart_months(date(2026, 12, 31))
    assert (december[0], december[-1]) == (date(2026, 1, 1), date(2026, 12, 1))
    assert month_label(date(2027, 1, 1), "zh") == "27年"  # a year begins here
    assert month_label(date(2027, 1, 1), "en") == "’27"
    assert month_label(date(2026, 1, 1), "en", first=True) == "Jan"
    assert month_label(date(2026, 4, 1), "zh") == "4月"


def test_the_chart_names_its_unit_and_only_the_sources_it_shows() -> None:
    # Fliggy: one 1,000-yuan flight in March 2026 (500 experience, purchases) and nothing
    # else. On 2027-03-15 the chart runs April 2026 - March 2027: March 2026 is outside it.
    events = [_event("o1", "order_paid", "2026-03-20T09:00:00+08:00", order_id="o1",
                     amount="1000", category="flight", payment="alipay"),
              _event("o2", "order_paid", "2026-04-20T09:00:00+08:00", order_id="o2",
                     amount="1000", category="flight", payment="alipay")]
    at = datetime(2027, 3, 15, 4, 0, tzinfo=UTC)
    result = rules.assess(FLIGGY, events, at)
    zh = home_summary(FLIGGY, result, today=date(2027, 3, 15), plus_active=False, lang="zh")
    en = home_summary(FLIGGY, result, today=date(2027, 3, 15), plus_active=False, lang="en")
    assert zh.chart_caption == "2026年4月 – 2027年3月 · 单位：经验值"
    assert en.chart_caption == "Apr 2026 – Mar 2027 · in experience"
    assert [row["month"] for row in zh.chart][:2] == ["4月", "5月"]
    assert zh.chart[0]["s1"] == 500 and zh.chart[11]["s1"] == 0
    assert [series.label for series in zh.series] == ["购买"]  # no legend for empty sources
    assert zh.series_names == ["购买", "", "", ""]
    assert zh.series[0].colour == "#1c2a6b"  # Fliggy's deep blue for purchases


def test_sign_in_rewards_today_and_tomorrow_follow_the_ladder() -> None:
    def streak_of(days: int, *, signed_today: bool) -> rules.Streak:
        today = date(2026, 11, 23)
        last = today if signed_today else date(2026, 11, 22)
        signed = [date.fromordinal(last.toordinal() - n) for n in range(days)]
        return rules.streak(JD, signed, today)

    # JD's ladder is 1..7 beans: day n earns min(n, 7).
    assert rewards_today_and_tomorrow(JD, streak_of(0, signed_today=False)) == (1, 2)
    assert rewards_today_and_tomorrow(JD, streak_of(6, signed_today=False)) == (7, 7)
    assert rewards_today_and_tomorrow(JD, streak_of(6, signed_today=True)) == (6, 7)
    assert rewards_today_and_tomorrow(JD, streak_of(7, signed_today=True)) == (7, 7)
    assert rewards_today_and_tomorrow(JD, streak_of(8, signed_today=True)) == (7, 7)
    assert rewards_today_and_tomorrow(ALIPAY, streak_of(8, signed_today=False)) == (1, 1)
    # a version from tomorrow (2026-11-24) pays 10 beans from day 7: tomorrow's line says so
    richer = rules.timeline("jd", [rules.VersionSpec(2, date(2026, 11, 24),
                                                     {"sign_in.rewards[6]": 10})])
    assert rewards_today_and_tomorrow(richer, streak_of(6, signed_today=True)) == (6, 10)
    assert rewards_today_and_tomorrow(richer, streak_of(6, signed_today=False)) == (7, 10)
    view = sign_in_view(JD, streak_of(6, signed_today=False), "zh")
    assert view.button_label == "签到领 7 京豆"
    assert view.tomorrow_line == "明天继续签到可领 7 京豆"
    done = sign_in_view(JD, streak_of(8, signed_today=True), "en")
    assert done.button_label == "Signed in today"
    assert done.today_line == "Day 8 of your streak: 7 JD beans earned today"
    assert [step.reached for step in done.ladder] == [True] * 7 and done.ladder[6].today
    assert "第 7 天起每天都领 7 京豆" in ladder_note(JD, "zh")
    assert ladder_note(ALIPAY, "en") == "Every sign-in earns points: 1 a day, whatever your streak."


def test_the_calendar_crosses_the_month_boundary() -> None:
    # Signed in every day from Nov 25 to Dec 1, 2026 (a Tuesday): a 7-day streak on the 1st.
    signed = [date(2026, 11, 25 + n) for n in range(6)] + [date(2026, 12, 1)]
    streak = rules.streak(JD, signed, date(2026, 12, 1))
    cells = calendar_cells(streak, "zh")
    # Five Monday-first weeks ending with the week of Dec 1: Nov 2 (Mon) to Dec 6 (Sun).
    assert len(cells) == 35 and (cells[0].iso, cells[-1].iso) == ("2026-11-02", "2026-12-06")
    assert [cell.iso for cell in cells if cell.signed] == [d.isoformat() for d in signed]
    first = next(cell for cell in cells if cell.iso == "2026-12-01")
    assert first.today and first.month == "12月" and cells[0].month == "11月"
    assert [cell.iso for cell in cells if cell.future] == [
        "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]


def _card(coupon_id: int, name: str, *, state: str = "unused", sellable: bool = False,
          face: str = "¥6") -> CouponCard:
    return CouponCard(id=coupon_id, name=name, face=face, min_spend="无门槛",
                      category="运费", validity="有效期至 2026年11月30日", state=state,
                      sellable=sellable, transfer_note="可转让" if sellable else "不可转让")


def test_identical_coupons_are_one_card_with_a_count_and_sellable_ones_have_a_filter() -> None:
    unused = [_card(1, "免运费券"), _card(2, "免运费券"), _card(3, "免运费券"),
              _card(4, "铜牌勋章券", sellable=True, face="¥5"),
              _card(5, "铜牌勋章券", sellable=True, face="¥5"),
              _card(6, "银牌勋章券", sellable=True, face="¥15")]
    by_state = {"unused": unused, "used": [_card(7, "免运费券", state="used")], "expired": []}
    assert segment_counts(by_state) == {"sellable": 3, "unused": 6, "used": 1, "expired": 0}
    groups = group_cards(segment_cards(by_state, "unused"))
    assert [(g.id, g.name, g.count, g.count_text) for g in groups] == [
        (1, "免运费券", 3, "×3"), (4, "铜牌勋章券", 2, "×2"), (6, "银牌勋章券", 1, "")]
    assert [g.id for g in group_cards(segment_cards(by_state, "sellable"))] == [4, 6]
    assert group_cards(segment_cards(by_state, "expired")) == []


def test_jd_and_fliggy_screens_never_say_积分_and_name_their_own_units() -> None:
    from dataclasses import astuple

    from member_app.presenters.coupons import coupon_words
    from member_app.presenters.points import points_view

    for program, unit in ((JD, "京豆"), (FLIGGY, "里程")):
        for events in ([], MID_JD if program is JD else []):
            result = rules.assess(program, events, NOW)
            screens = [tier_card(program, result, "zh"),
                       home_summary(program, result, today=date(2026, 11, 23),
                                    plus_active=False, lang="zh"),
                       sign_in_view(program, result.streak, "zh"),
                       points_view(program, 0, result, "zh"), coupon_words(program, "zh")]
            text = repr([astuple(screen) for screen in screens])
            assert "积分" not in text, program.code
            assert unit in text
