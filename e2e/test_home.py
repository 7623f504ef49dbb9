"""A member opens the app on a phone and sees the tier that `rules` computes for them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

import rules
from e2e.support import AppServer, login_as_demo, screenshot
from member_app.db import make_engine, transaction
from member_app.services.members import find_member
from member_app.services.overview import current_standing


def _expected(server: AppServer, username: str) -> tuple[dict, rules.Program]:
    engine = make_engine(server.db_url)
    try:
        with transaction(engine) as session:
            member = find_member(session=session, ref=username)
            program = rules.load_program(member.program)
            assessment = current_standing(session=session, member=member, now=datetime.now(UTC))
    finally:
        engine.dispose()
    return {"tier": assessment.tier, "growth": assessment.growth}, program


@pytest.mark.parametrize("username", ["demo_jd", "demo_jd_risky", "demo_fliggy", "demo_alipay"])
def test_tier_card_shows_the_tier_rules_computes(
    app_server: AppServer, phone: Page, username: str
) -> None:
    login_as_demo(phone, app_server.url, username)
    tier_name = phone.get_by_test_id("tier-name")
    expected, program = _expected(app_server, username)
    expect(tier_name).to_have_attribute("data-tier", expected["tier"])
    expect(tier_name).to_have_text(program.tier(expected["tier"]).names.zh)
    expect(phone.get_by_test_id("growth")).to_have_text(f"{expected['growth']:,}")
    expect(phone.get_by_test_id("monthly-chart")).to_be_visible()
    screenshot(phone, f"home-{username}-zh")

    phone.get_by_test_id("language-toggle").click()
    expect(tier_name).to_have_text(program.tier(expected["tier"]).names.en)
    screenshot(phone, f"home-{username}-en")


def test_a_restricted_jd_member_is_told_benefits_are_frozen(
    app_server: AppServer, phone: Page
) -> None:
    login_as_demo(phone, app_server.url, "demo_jd_risky")
    expect(phone.get_by_test_id("restricted-banner")).to_be_visible()
    expect(phone.get_by_test_id("tier-name")).to_have_attribute("data-tier", "registered")
