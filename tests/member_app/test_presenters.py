"""The tier card shows what rules computed, named from the program data, in the member's locale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import rules
from member_app.db import transaction
from member_app.presenters.tier_card import tier_card
from member_app.services.events import ingest_events
from member_app.services.members import register_member
from member_app.services.overview import member_overview

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


@pytest.fixture
def traveller(engine):  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        register_member(
            session=session, username="wang", password="correct horse", program="fliggy", now=NOW
        )
        # 13,000 yuan of travel = 6,500 experience (1 per 2 yuan, SPEC 2): F2 (>= 6,000).
        ingest_events(
            session=session,
            now=NOW,
            events=[
                {
                    "id": "o1",
                    "member": "wang",
                    "type": "order_paid",
                    "at": "2026-06-01T09:00:00+08:00",
                    "order_id": "o1",
                    "amount": "13000",
                    "category": "hotel",
                    "payment": "alipay",
                }
            ],
        )
    return engine


def test_card_names_the_tier_and_what_is_missing(traveller) -> None:  # type: ignore[no-untyped-def]
    with transaction(traveller) as session:
        overview = member_overview(session=session, member_ref="wang", now=NOW)
    zh = tier_card(overview.program, overview.assessment, "zh")
    en = tier_card(overview.program, overview.assessment, "en")
    assert zh.tier_code == en.tier_code == "F2"
    assert zh.tier_name == rules.load_program("fliggy").tier("F2").names.zh
    assert zh.growth == "6,500"
    # F3 needs 20,000: 20,000 - 6,500 = 13,500 missing.
    assert zh.goal == "还差 13,500 经验值升级为F3 会员"
    assert en.goal == "13,500 more experience to reach F3"
    assert zh.progress == (6_500 - 6_000) * 100 // (20_000 - 6_000)
    # The order leaves the 365-day window on 2027-06-01: the tier would drop then.
    assert zh.goal_detail == "若无新增经验值，2027年6月1日起降为F1 会员"
    assert en.goal_detail == "Without new experience, you move to F1 on June 1, 2027"


def test_joint_membership_says_what_is_unlocked_and_what_the_next_stays_bring() -> None:
    from member_app.presenters.me import _joint
    from rules.program import Names

    fliggy = rules.load_program("fliggy")
    # Fast track at F3 after 3 of 5 stays: gold (F2's step, 3 stays) is unlocked, and
    # 5 - 3 = 2 more stays unlock platinum (SPEC 2).
    halfway = rules.JointMembership(
        partner="jade_palace", names=Names(zh="翡翠宫酒店集团", en="Jade Palace Hotels"),
        kind="hotel", form="fast_track", partner_tier="gold", stays=3,
        target_tier="platinum", stays_needed=2,
    )
    assert _joint(fliggy, halfway, "en").status == "Gold unlocked · 2 more stays to unlock Platinum"
    assert _joint(fliggy, halfway, "zh").status == "已解锁 金卡 · 再入住 2 次可解锁 白金卡"
    assert _joint(fliggy, halfway, "zh").unlocked
