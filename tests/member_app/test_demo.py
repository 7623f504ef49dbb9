"""Demo data: deterministic for a day, valid for rules, loaded once, showing a range of tiers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import rules
from member_app.db import transaction
from member_app.demo import PROFILES, demo_events, load_demo
from member_app.services.overview import member_overview

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_the_same_day_gives_the_same_events() -> None:
    for profile in PROFILES:
        assert demo_events(profile, date(2026, 11, 23)) == demo_events(profile, date(2026, 11, 23))
    assert demo_events(PROFILES[0], date(2026, 11, 23)) != demo_events(
        PROFILES[0], date(2026, 11, 24)
    )


def test_every_demo_event_is_valid_for_rules() -> None:
    for profile in PROFILES:
        for raw in demo_events(profile, date(2026, 11, 23)):
            body = {key: value for key, value in raw.items() if key != "member"}
            rules.parse_event(body)


def test_loading_twice_creates_each_member_once(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        assert load_demo(session=session, now=NOW) == len(PROFILES)
    with transaction(engine) as session:
        assert load_demo(session=session, now=NOW) == 0


def test_each_program_has_members_on_different_tiers(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
        tiers: dict[str, set[str]] = {}
        for profile in PROFILES:
            overview = member_overview(session=session, member_ref=profile.username, now=NOW)
            tiers.setdefault(profile.program, set()).add(overview.assessment.tier)
    assert set(tiers) == {"jd", "fliggy", "alipay"}
    assert all(len(found) >= 2 for found in tiers.values()), tiers
