"""The Me page's account card, avatars, PLUS pill, joint-membership wording, and the login
form's missing-field messages: what a member reads, in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

import rules
from member_app.demo import NICKNAMES, PROFILES
from member_app.i18n import message
from member_app.presenters.me import AVATAR_COLOURS, _joint, account, avatar_for
from member_app.presenters.names import growth_and_points_note, growth_name, points_name
from member_app.state.session import missing_credentials
from rules.program import Names


@dataclass
class Standing:
    """The two figures the account card reads from an assessment."""

    growth: int
    points_balance: int


def _account(program: str, lang: str, **overrides: Any):  # type: ignore[no-untyped-def]
    given: dict[str, Any] = {"username": "li_wei", "nickname": None, "birthday": None,
                             "plus_active": False}
    given.update(overrides)
    return account(rules.load_program(program), Standing(8407, 8400),  # type: ignore[arg-type]
                   lang=lang, **given)


def test_alipay_growth_and_points_are_told_apart_in_english() -> None:
    card = _account("alipay", "en")
    assert (card.growth_label, card.growth) == ("Growth value", "8,407")
    assert (card.points_label, card.points) == ("Points", "8,400")
    assert card.growth_note == ("Growth value decides your tier; points are yours to spend, "
                                "and spending them never lowers it.")


def test_each_programme_names_its_own_units() -> None:
    jd, fliggy, alipay = (rules.load_program(code) for code in ("jd", "fliggy", "alipay"))
    assert (growth_name(jd, "zh"), points_name(jd, "zh")) == ("京享值", "京豆")
    assert (growth_name(fliggy, "zh"), points_name(fliggy, "zh")) == ("经验值", "里程")
    assert (growth_name(alipay, "zh"), points_name(alipay, "zh")) == ("成长值", "积分")
    assert growth_and_points_note(jd, "zh") == "京享值决定会员等级；京豆用来兑换，花掉不影响等级。"
    assert "积分" not in growth_and_points_note(fliggy, "zh")


def test_alipay_lowest_tier_is_standard_not_popular() -> None:
    alipay = rules.load_program("alipay")
    assert alipay.tier("popular").names.en == "Standard"
    assert alipay.tier("popular").names.zh == "大众会员"


@pytest.mark.parametrize(
    ("active", "lang", "label"),
    [(False, "zh", "开通 PLUS"), (False, "en", "Join PLUS"),
     (True, "zh", "PLUS 会员"), (True, "en", "PLUS member")],
)
def test_plus_is_a_status_only_for_a_plus_member(active: bool, lang: str, label: str) -> None:
    card = _account("jd", lang, plus_active=active)
    assert card.has_plus and card.plus_active is active and card.plus_label == label


def test_only_jd_has_plus() -> None:
    for program in ("fliggy", "alipay"):
        card = _account(program, "en", plus_active=True)
        assert (card.has_plus, card.plus_active, card.plus_label) == (False, False, "")


def test_the_nickname_is_shown_with_the_username_under_it() -> None:
    named = _account("jd", "en", nickname="小李")
    assert (named.display_name, named.show_username, named.avatar_initial) == ("小李", True, "小")
    plain = _account("jd", "en")
    assert (plain.display_name, plain.show_username, plain.avatar_initial) == (
        "li_wei", False, "L")


def test_a_set_birthday_is_shown_in_words_and_locked() -> None:
    zh = _account("jd", "zh", birthday=date(1990, 5, 20))
    en = _account("jd", "en", birthday=date(1990, 5, 20))
    assert (zh.birthday, zh.birthday_text, zh.birthday_locked) == ("1990-05-20", "1990年5月20日",
                                                                  True)
    assert en.birthday_text == "May 20, 1990"
    # JD's tiers give a birthday coupon, so the hint promises it; Alipay's do not.
    assert zh.birthday_hint == message("profile_birthday_coupon", "zh")
    assert _account("alipay", "en").birthday_hint == message("profile_birthday_once", "en")
    assert _account("alipay", "en").birthday_locked is False


def test_every_demo_member_has_an_avatar_of_their_own() -> None:
    avatars = [avatar_for(p.username, NICKNAMES[p.username]) for p in PROFILES]
    assert len({initial for initial, _ in avatars}) == len(PROFILES)
    assert all(colour in AVATAR_COLOURS for _, colour in avatars)
    # The same member always gets the same disc.
    assert avatar_for("demo_jd", "林小京") == avatar_for("demo_jd", "林小京")


def _membership(kind: str, needed: int) -> rules.JointMembership:
    return rules.JointMembership(
        partner="x", names=Names(zh="伙伴", en="Partner"), kind=kind, form="fast_track",
        partner_tier=None, stays=5 - needed, target_tier="platinum", stays_needed=needed)


@pytest.mark.parametrize(
    ("kind", "needed", "lang", "status"),
    [
        ("airline", 3, "en", "3 more flights to unlock Platinum"),
        ("airline", 1, "en", "1 more flight to unlock Platinum"),
        ("airline", 3, "zh", "再乘坐 3 次航班可解锁 白金卡"),
        ("hotel", 3, "en", "3 more stays to unlock Platinum"),
        ("hotel", 1, "en", "1 more stay to unlock Platinum"),
        ("hotel", 2, "zh", "再入住 2 次可解锁 白金卡"),
    ],
)
def test_airlines_count_flights_and_hotels_stays(kind: str, needed: int, lang: str,
                                                 status: str) -> None:
    assert _joint(rules.load_program("fliggy"), _membership(kind, needed), lang).status == status


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({}, "missing_credentials"),
        ({"username": "  ", "password": ""}, "missing_credentials"),
        ({"username": "li_wei", "password": ""}, "missing_password"),
        ({"username": "", "password": "secret"}, "missing_username"),
        ({"username": "li_wei", "password": "secret"}, ""),
    ],
)
def test_an_empty_login_field_is_named(form: dict[str, str], code: str) -> None:
    assert missing_credentials(form) == code
    if code:
        assert message(f"err_{code}", "zh") and message(f"err_{code}", "en")
