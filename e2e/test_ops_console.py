"""The operator console (SPEC 12, issue #14), as an operator uses it: an admin adds an item
with stock 3 in the console; four members race to redeem it; three get it; the console shows
stock 0, the three redemptions and the audit entries, in both languages, on a desktop and a
phone. A viewer sees the console without its change buttons (the services refuse a viewer's
change whatever a client sends: tests/member_app/test_ops_catalog.py)."""

from __future__ import annotations

import json
import re
import urllib.error
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from e2e.support import (
    DESKTOP,
    PASSWORD,
    PHONE,
    AppServer,
    api,
    log_in,
    member_token,
    member_with,
    operator_token,
    screenshot,
)
from e2e.test_accessibility import axe_violations

OPERATOR_PASSWORD = f"{PASSWORD} for operators"  # what support.operator_token gives them
FEE_KEY = re.compile("market\\.\u200b?fee_percent")  # tables may break a key after its dots


def _log_in(page: Page, server: AppServer, name: str) -> None:
    page.goto(f"{server.url}/ops")
    page.wait_for_url("**/ops/login**")
    # The loader has run once the language toggle reads in the page's language; a form filled
    # before hydration would be reset by it.
    page.get_by_test_id("ops-login").wait_for()
    page.wait_for_timeout(300)
    page.get_by_test_id("ops-name").fill(name)
    page.get_by_test_id("ops-password").fill(OPERATOR_PASSWORD)
    page.get_by_test_id("ops-login").click()
    page.get_by_test_id("ops-catalog").wait_for()


def _redeem(server: AppServer, token: str, item_id: int, key: str) -> int:
    try:
        api(server, "POST", "/api/v1/me/redemptions", {"item_id": item_id, "quantity": 1},
            token=token, idempotency_key=key)
        return 201
    except urllib.error.HTTPError as refused:
        return refused.code


def test_an_admin_adds_an_item_four_members_race_and_the_console_shows_it(
        app_server: AppServer, browser: Browser) -> None:
    admin_name = f"ops_{uuid.uuid4().hex[:8]}"
    admin_token = operator_token(app_server, admin_name, "admin")
    code = f"e2e_mug_{uuid.uuid4().hex[:6]}"
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    _log_in(page, app_server, admin_name)

    page.get_by_role("radio", name="京东").click()
    page.get_by_test_id("ops-new-item").click()
    page.get_by_test_id("ops-field-code").fill(code)
    page.get_by_test_id("ops-field-points").fill("100")
    page.get_by_test_id("ops-field-name_zh").fill("冬季马克杯")
    page.get_by_test_id("ops-field-name_en").fill("Winter mug")
    page.get_by_test_id("ops-field-note_zh").fill("陶瓷，350 毫升")
    page.get_by_test_id("ops-field-note_en").fill("Ceramic, 350 ml")
    page.get_by_test_id("ops-field-stock").fill("3")
    page.get_by_test_id("ops-field-reason").fill("冬季活动")
    page.get_by_test_id("ops-add-item").click(click_count=2)  # a double tap adds it once
    expect(page.get_by_test_id("ops-new-done")).to_contain_text("冬季马克杯")
    page.get_by_test_id("ops-new-close").click()

    item = api(app_server, "GET", f"/api/v1/ops/catalog/{code}", token=admin_token)
    assert (item["stock_left"], item["redeemed"], item["points"]) == (3, 0, 100)
    members = [member_with(app_server, [{"type": "task_completed", "task": "welcome",
                                         "points": 500}]) for _ in range(4)]
    tokens = [member_token(app_server, username) for username in members]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda i: _redeem(app_server, tokens[i], item["id"],
                                                   f"race-{code}-{i}"), range(4)))
    assert sorted(statuses) == [201, 201, 201, 409]

    page.reload()
    row = page.get_by_test_id("ops-catalog-row").filter(has_text=code)
    expect(row.get_by_test_id("ops-stock-left")).to_have_text("0")
    expect(row.get_by_test_id("ops-redeemed")).to_have_text("3")
    row.get_by_test_id("ops-show-redemptions").click()
    expect(page.get_by_test_id("ops-redemptions-title")).to_contain_text("冬季马克杯")
    redemptions = page.get_by_test_id("ops-redemptions-row")
    expect(redemptions).to_have_count(3)
    winners = {members[i] for i, status in enumerate(statuses) if status == 201}
    assert {redemptions.nth(i).locator("td").first.inner_text()
            for i in range(3)} == winners
    screenshot(page, "ops-catalog-desktop-zh")

    # Lowering the stock below what is left is refused, and says why.
    row.get_by_test_id("ops-open-stock").click()
    page.get_by_test_id("ops-field-change").fill("-1")
    page.get_by_test_id("ops-apply-stock").click()
    expect(page.get_by_test_id("ops-stock-error")).to_contain_text("已兑换")
    page.keyboard.press("Escape")

    page.get_by_test_id("ops-nav-audit").click()
    entries = page.get_by_test_id("ops-audit-row").filter(has_text=f"catalog:{code}")
    expect(entries).to_have_count(1)  # the double tap added one item, one entry
    expect(entries.first).to_contain_text("新增商品")
    expect(entries.first).to_contain_text("冬季活动")
    screenshot(page, "ops-audit-desktop-zh")
    page.get_by_test_id("language-toggle").click()
    expect(entries.first).to_contain_text("Item added")
    screenshot(page, "ops-audit-desktop-en")
    page.get_by_test_id("ops-nav-catalog").click()
    expect(page.get_by_test_id("ops-catalog-row").filter(has_text=code)).to_contain_text(
        "Winter mug")
    screenshot(page, "ops-catalog-desktop-en")

    # The sweep, started from the console, shows its outcome and joins the past runs. (Not
    # the settlement: settling this month would change the JD members other journeys see.)
    page.get_by_test_id("ops-nav-runs").click()
    page.get_by_test_id("ops-sweep").click()
    expect(page.get_by_test_id("ops-run-outcome")).to_contain_text("brought up to date",
                                                                   timeout=60_000)
    expect(page.get_by_test_id("ops-sweeps-row").filter(has_text="Console")).not_to_have_count(0)
    screenshot(page, "ops-runs-desktop-en")
    context.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                locale="en-US").new_page()
    _log_in(phone, app_server, admin_name)
    expect(phone.get_by_test_id("ops-catalog-row").filter(has_text=code)).to_contain_text(
        "Winter mug")
    screenshot(phone, "ops-catalog-phone-en")
    phone.get_by_test_id("ops-nav-members").click()
    phone.get_by_test_id("ops-member-search").fill(sorted(winners)[0])
    phone.get_by_test_id("ops-member-go").click()
    expect(phone.get_by_test_id("ops-member-name")).to_have_text(sorted(winners)[0])
    screenshot(phone, "ops-member-phone-en")
    phone.get_by_test_id("language-toggle").click()
    expect(phone.get_by_test_id("ops-title")).to_have_text("运营后台")
    screenshot(phone, "ops-member-phone-zh")
    phone.context.close()


def test_a_viewer_sees_the_console_without_change_buttons(app_server: AppServer,
                                                           browser: Browser) -> None:
    viewer_name = f"view_{uuid.uuid4().hex[:8]}"
    operator_token(app_server, viewer_name, "viewer")
    # axe-core is injected as an inline script, which the CSP refuses: this context lets the
    # test tooling in (the admin's journey above runs with the policy enforced).
    context = browser.new_context(viewport=DESKTOP, locale="en-US", bypass_csp=True)
    page = context.new_page()
    _log_in(page, app_server, viewer_name)
    expect(page.get_by_test_id("ops-catalog-row").first).to_be_visible()
    expect(page.get_by_test_id("ops-new-item")).to_have_count(0)
    expect(page.get_by_test_id("ops-pause")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_test_id("ops-nav-members").click()
    page.get_by_test_id("ops-member-search").fill("demo_jd")
    page.get_by_test_id("ops-member-go").click()
    expect(page.get_by_test_id("ops-member-name")).to_have_text("demo_jd")
    expect(page.get_by_test_id("ops-risk-set")).to_have_count(0)
    assert axe_violations(page) == []
    for section, ready in (("plus", "ops-export-csv"), ("market", "ops-title"),
                           ("economy", "ops-outstanding"), ("runs", "ops-title"),
                           ("audit", "ops-title"), ("programmes", "ops-figure-table")):
        page.get_by_test_id(f"ops-nav-{section}").click()
        page.wait_for_url(f"**/ops/{section}**")
        expect(page.get_by_test_id(ready)).to_be_visible()
        page.wait_for_timeout(500)
        assert axe_violations(page) == [], section
        if section == "plus":
            expect(page.get_by_test_id("ops-issue")).to_have_count(0)  # a viewer issues none
        if section == "programmes":
            expect(page.get_by_test_id("ops-save-version")).to_have_count(0)
    screenshot(page, "ops-audit-viewer-desktop-en")
    # A member's login is not an operator's, and the console sends strangers to its login.
    page.get_by_test_id("ops-logout").click()
    page.wait_for_url("**/ops/login")
    page.goto(f"{app_server.url}/ops/audit")
    page.wait_for_url("**/ops/login**")
    context.close()


def test_a_console_handler_called_without_the_operators_cookie_changes_nothing(
        app_server: AppServer, browser: Browser) -> None:
    """Any websocket client can call any handler: the pause handler is replayed from a fresh
    connection with a closed tab's client token, without the operator's cookie (nothing
    happens), and with it (the control: the replay itself works)."""
    from e2e.test_session_binding import _in_own_loop
    from member_app.state.ops_catalog import OpsCatalogState

    admin_name = f"ops_{uuid.uuid4().hex[:8]}"
    admin_token = operator_token(app_server, admin_name, "admin")
    code = f"e2e_cup_{uuid.uuid4().hex[:6]}"
    api(app_server, "POST", "/api/v1/ops/catalog", {
        "program": "jd", "code": code, "kind": "own", "points": 10, "picture": "gift",
        "name": {"zh": "杯子", "en": "Cup"}, "note": {"zh": "一个杯子", "en": "A cup"}},
        token=admin_token)
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(payload)))
    _log_in(page, app_server, admin_name)
    page.wait_for_timeout(500)
    client_token = page.evaluate("window.sessionStorage.getItem('token')")
    cookie = next(c for c in context.cookies() if c["name"] == "member_app_ops_token")
    login = next(json.loads(frame.removeprefix("42/_event,"))[1] for frame in frames
                 if frame.startswith('42/_event,["event"') and ".ops_login" in frame)
    context.close()
    event = {**login, "name": OpsCatalogState.get_full_name() + ".set_active",
             "payload": {"code": code, "active": False},
             "router_data": {"pathname": "/ops/", "asPath": "/ops/"}}

    def active() -> bool:
        return bool(api(app_server, "GET", f"/api/v1/ops/catalog/{code}",
                        token=admin_token)["active"])

    _in_own_loop(app_server.url, client_token, event, None)
    assert active()
    _in_own_loop(app_server.url, client_token, event, f"member_app_ops_token={cookie['value']}")
    assert not active()


def test_an_admin_issues_plus_codes_a_member_uses_one_and_edits_an_item(
        app_server: AppServer, browser: Browser) -> None:
    admin_name = f"ops_{uuid.uuid4().hex[:8]}"
    admin_token = operator_token(app_server, admin_name, "admin")
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    _log_in(page, app_server, admin_name)
    page.get_by_test_id("ops-nav-plus").click()
    page.get_by_test_id("ops-count").fill("2")
    page.get_by_test_id("ops-days").fill("30")
    page.get_by_test_id("ops-issue").click(click_count=2)  # a double tap issues one batch
    expect(page.get_by_test_id("ops-issued-note")).to_contain_text("2 codes for 30 days")
    lines = page.get_by_test_id("ops-issued-codes").input_value().splitlines()
    assert len(lines) == 2
    label, code = lines[0].split()
    member = member_with(app_server, [])
    joined = api(app_server, "POST", "/api/v1/me/plus", {"plan": "code", "code": code},
                 token=member_token(app_server, member), idempotency_key=f"code-{label}")
    assert joined["plan"] == "code"
    page.reload()
    row = page.get_by_test_id("ops-codes-row").filter(has_text=label)
    expect(row).to_contain_text("Used")
    expect(row).to_contain_text(member)
    batches = {entry["after"]["batch"] for entry in api(
        app_server, "GET", "/api/v1/ops/audit?action=plus_codes.issue",
        token=admin_token)["entries"] if entry["operator"] == admin_name}
    assert len(batches) == 1
    screenshot(page, "ops-plus-desktop-en")

    code_of_item = f"e2e_pen_{uuid.uuid4().hex[:6]}"
    api(app_server, "POST", "/api/v1/ops/catalog", {
        "program": "fliggy", "code": code_of_item, "kind": "own", "points": 80,
        "picture": "gift", "name": {"zh": "笔", "en": "Pen"},
        "note": {"zh": "一支笔", "en": "A pen"}}, token=admin_token)
    page.get_by_test_id("ops-nav-catalog").click()
    row = page.get_by_test_id("ops-catalog-row").filter(has_text=code_of_item)
    row.get_by_test_id("ops-open-edit").click()
    page.get_by_test_id("ops-field-points").fill("120")
    page.get_by_test_id("ops-save-edit").click()
    expect(page.get_by_test_id("ops-edit-done")).to_be_visible()
    page.keyboard.press("Escape")
    expect(row).to_contain_text("120")
    assert api(app_server, "GET", f"/api/v1/ops/catalog/{code_of_item}",
               token=admin_token)["points"] == 120
    context.close()


def test_an_admin_schedules_a_lower_market_fee_and_sales_keep_the_fee_in_force(
        app_server: AppServer, browser: Browser, phone: Page) -> None:
    """A version starts on a later day: the admin builds it as a diff, a double tap saves one
    version, the history shows it scheduled, and a member selling today still sees 5%. (The
    fee after the boundary: tests/member_app/test_ops_programmes.py, on a test clock; this
    server's clock is the real one, and the day is far enough ahead that the suite never
    reaches it.)"""
    admin_name = f"ops_{uuid.uuid4().hex[:8]}"
    admin_token = operator_token(app_server, admin_name, "admin")
    first_day = (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=60)).isoformat()
    context = browser.new_context(viewport=DESKTOP, locale="en-US", bypass_csp=True)
    page = context.new_page()
    _log_in(page, app_server, admin_name)
    page.get_by_test_id("ops-nav-programmes").click()
    page.wait_for_url("**/ops/programmes")
    page.get_by_test_id("ops-figure-key").select_option("market.fee_percent")
    expect(page.get_by_test_id("ops-figure-value")).to_have_value("5")
    page.get_by_test_id("ops-figure-value").fill("4")
    page.get_by_test_id("ops-add-change").click()
    expect(page.get_by_test_id("ops-pending-row")).to_have_count(1)
    expect(page.get_by_test_id("ops-pending-row")).to_contain_text(FEE_KEY)
    page.get_by_test_id("ops-effective-from").fill(first_day)
    page.get_by_test_id("ops-save-version").click(click_count=2)  # a double tap: one version
    expect(page.get_by_test_id("ops-version-saved")).to_contain_text(f"applies from {first_day}")
    newest = page.get_by_test_id("ops-version").first
    expect(newest).to_contain_text("Scheduled")
    expect(newest).to_contain_text(f"from {first_day}")
    expect(newest.get_by_test_id("ops-version-changes-row")).to_have_text(
        [re.compile(FEE_KEY.pattern + r"\s*5\s*4")])  # the figure, before, after
    fee = page.get_by_test_id("ops-figure-table-row").filter(has_text=FEE_KEY)
    expect(fee).to_have_text(re.compile(FEE_KEY.pattern + r"\s*5\s*5\s*4"))  # file, now, latest
    mine = [v for v in api(app_server, "GET", "/api/v1/ops/programmes/jd/versions",
                           token=admin_token)["versions"] if v["created_by"] == admin_name]
    assert [(v["effective_from"], v["changes"]) for v in mine] == [
        (first_day, [{"key": "market.fee_percent", "before": 5, "after": 4}])]
    assert axe_violations(page) == []
    screenshot(page, "ops-versions-desktop-en")
    page.get_by_test_id("language-toggle").click()
    expect(newest).to_contain_text("待生效")
    expect(page.get_by_test_id("ops-version-saved")).to_have_text(
        f"版本 {mine[0]['number']} 已保存，{first_day} 起生效。")  # said again in Chinese
    screenshot(page, "ops-versions-desktop-zh")
    context.close()

    seller = member_with(app_server, [
        {"type": "order_paid", "order_id": f"o-{uuid.uuid4().hex[:8]}", "amount": "600",
         "category": "electronics", "payment": "jdpay"}])
    log_in(phone, app_server, seller)
    phone.goto(f"{app_server.url}/coupons")
    expect(phone.get_by_test_id("wallet")).to_be_visible()
    phone.locator("[data-testid^='sell-']").filter(has_text="出售").first.click()
    phone.get_by_test_id("sell-price").fill("300")
    expect(phone.get_by_test_id("sell-preview")).to_have_text("手续费 5%：15，到手 285")

    on_phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = on_phone.new_page()
    _log_in(page, app_server, admin_name)
    page.goto(f"{app_server.url}/ops/programmes")
    expect(page.get_by_test_id("ops-version").first).to_contain_text("待生效")
    screenshot(page, "ops-versions-phone-zh")
    on_phone.close()
