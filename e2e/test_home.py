"""A member opens the app on a phone and sees the tier that `rules` computes for them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

import rules
from e2e.support import AppServer, screenshot
from member_app.db import make_engine, transaction
from member_app.services.events import member_events
from member_app.services.members import find_member


def _expected_tier(server: AppServer, username: str) -> tuple[str, rules.Program]:
    engine = make_engine(f"sqlite:///{server.data_dir / 'member_app.db'}")
    try:
        with transaction(engine) as session:
            member = find_member(session=session, ref=username)
            events = member_events(session=session, member_id=member.id)
            program = rules.load_program(member.program)
    finally:
        engine.dispose()
    return rules.evaluate(program, events, datetime.now(UTC))["tier"], program


@pytest.mark.parametrize("username", ["demo_jd", "demo_fliggy", "demo_alipay"])
def test_tier_card_shows_the_tier_rules_computes(app_server: AppServer, phone: Page,
                                                 username: str) -> None:
    phone.goto(f"{app_server.url}/?member={username}")
    tier_name = phone.get_by_test_id("tier-name")
    expect(tier_name).to_be_visible(timeout=30_000)
    expected, program = _expected_tier(app_server, username)
    expect(tier_name).to_have_attribute("data-tier", expected)
    expect(tier_name).to_have_text(program.tier(expected).names.zh)
    screenshot(phone, f"home-{username}-zh")

    phone.get_by_test_id("language-toggle").click()
    expect(tier_name).to_have_text(program.tier(expected).names.en)
    screenshot(phone, f"home-{username}-en")
