"""The home page's first response with the member's card (member_app/first_paint.py), around a
stand-in for the frontend, on the test database.

By hand: an Alipay member with one order of 100 yuan has growth floor(100 / 20) = 5, the first
tier (大众会员 / Standard) and 2,000 - 5 = 1,995 to go to Gold (黄金会员).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from member_app.db import transaction
from member_app.first_paint import FirstPaint, overlay, with_overlay
from member_app.models import Member
from member_app.presenters.tier_card import TierCard
from member_app.services.intake import accept_events
from member_app.services.sessions import close_session, signed_in_by
from tests.member_app.conftest import NOW, Clock, make_members
from tests.support.signed_in import member_token

PAGE = '<!DOCTYPE html><html><head></head><body><div id="app">prerendered</div></body></html>'
NEXT_MIDNIGHT = NOW.replace(hour=16, minute=0)  # 2026-11-23 00:00 in Shanghai


def _frontend(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"ETag": '"built"'})


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    return tmp_path


def _client(engine, build: Path, clock: Clock) -> TestClient:  # type: ignore[no-untyped-def]
    inner = Starlette(routes=[Route("/{path:path}", _frontend, methods=["GET", "POST"])])
    return TestClient(FirstPaint(inner, build_dir=build, engine=engine, clock=clock))


def _member(engine) -> Member:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1, program="alipay", prefix="fp")
    with transaction(engine) as session:
        accept_events(session=session, now=NOW, events=[
            {"id": "fp-order", "member": member.id, "type": "order_paid",
             "at": (NOW - timedelta(hours=2)).isoformat(), "order_id": "O-1", "amount": "100",
             "category": "food"}])
    return member


@contextmanager
def _statements(engine) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Every SQL statement the engine runs meanwhile."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_signed_in_member_gets_the_page_with_their_card(engine, build) -> None:  # type: ignore[no-untyped-def]
    member = _member(engine)
    client = _client(engine, build, Clock(NOW))
    client.cookies.set("member_app_token", member_token(member, NOW, engine))
    with _statements(engine) as statements:
        answer = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.headers["vary"] == "Cookie, Accept-Encoding"
    assert answer.headers["content-encoding"] == "gzip"
    assert "etag" not in answer.headers  # a member's page: nothing to revalidate against
    html = answer.text
    assert html.startswith('<!DOCTYPE html><html><head></head><body>'
                           '<div id="mc-first-paint" aria-hidden="true" ')
    assert html.endswith('<script src="/first-paint.js" async></script></div>'
                         '<div id="app">prerendered</div></body></html>')
    assert 'data-first-paint-programme="alipay" data-first-paint-lang="zh"' in html
    assert '<div class="mc-fp-tier" data-testid="first-paint-tier">大众会员</div>' in html
    assert "<b>5</b>" in html
    assert "还差 1,995 成长值升级为黄金会员" in html
    # a read: SELECTs only (PostgreSQL's read-only transaction is set on the connection)
    assert statements and all(
        text.lstrip().upper().startswith(("SELECT", "SET TRANSACTION", "BEGIN"))
        for text in statements), statements


def test_the_card_speaks_the_members_language(engine, build) -> None:  # type: ignore[no-untyped-def]
    member = _member(engine)
    client = _client(engine, build, Clock(NOW))
    client.cookies.set("member_app_token", member_token(member, NOW, engine))
    client.cookies.set("member_app_locale", "en")
    chosen = client.get("/", headers={"Accept-Language": "zh-CN"}).text
    assert ">Standard</div>" in chosen and "1,995 more growth value to reach Gold" in chosen
    client.cookies.delete("member_app_locale")
    first_visit = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert 'data-first-paint-lang="en"' in first_visit and ">Standard</div>" in first_visit


def test_without_a_live_session_or_a_fresh_standing_the_page_is_as_built(engine, build) -> None:  # type: ignore[no-untyped-def]
    member = _member(engine)
    client = _client(engine, build, Clock(NOW))

    def page_for(token: str | None, path: str = "/", method: str = "GET") -> str:
        client.cookies.clear()
        if token is not None:
            client.cookies.set("member_app_token", token)
        answer = client.request(method, path)
        assert answer.status_code == 200
        assert answer.headers.get("cache-control") != "private, no-store"
        return answer.text

    token = member_token(member, NOW, engine)
    assert page_for(None) == PAGE
    assert page_for("not-a-token") == PAGE
    assert page_for("x" * 10_000) == PAGE
    assert page_for(token, "/points") == PAGE
    assert page_for(token, "/", "POST") == PAGE
    head = client.head("/", headers={"Cookie": f"member_app_token={token}"})
    assert head.headers.get("cache-control") != "private, no-store"
    malformed = client.get("/", headers={"Cookie": 'member_app_token="\\; x=;;;\x7f'})
    assert malformed.text == PAGE
    with transaction(engine) as session:  # logged out: that session's tokens stop counting
        close_session(session=session, session_id=signed_in_by(
            session=session, token=token, now=NOW).session.id, now=NOW)
    assert page_for(token) == PAGE
    # After the programme's midnight the standing is stale until someone brings it forward:
    # the live page does that; the first paint does not write.
    late = NEXT_MIDNIGHT + timedelta(minutes=1)
    client_late = _client(engine, build, Clock(late))
    client_late.cookies.set("member_app_token", member_token(member, late, engine))
    assert client_late.get("/").text == PAGE


def test_cookies_sent_as_several_headers_count(engine, build) -> None:  # type: ignore[no-untyped-def]
    member = _member(engine)
    client = _client(engine, build, Clock(NOW))
    token = member_token(member, NOW, engine)
    answer = client.get("/", headers=[("Cookie", "member_app_locale=en"),
                                      ("Cookie", f"member_app_token={token}")])
    assert ">Standard</div>" in answer.text


def test_a_missing_or_bodiless_build_gives_the_plain_page(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    member = _member(engine)
    token = member_token(member, NOW, engine)
    client = _client(engine, tmp_path, Clock(NOW))  # no index.html there
    client.cookies.set("member_app_token", token)
    assert client.get("/").text == PAGE
    (tmp_path / "index.html").write_text("<html><head><!-- <body> --></head></html>")
    assert client.get("/").text == PAGE
    assert with_overlay("<html><head><script>'<body>'</script></head>"
                        "<body class=\"x\"><p>a</p></body></html>", "<i>card</i>") == (
        "<html><head><script>'<body>'</script></head><body class=\"x\"><i>card</i>"
        "<p>a</p></body></html>")


def test_everything_drawn_is_escaped() -> None:
    card = TierCard(program='x" onmouseover="y', program_name="<b>", tier_name="<script>1</script>",
                    growth="5", growth_name="&", kind="climb", goal_label="'", goal="<i>",
                    goal_detail="<u>", show_progress=True, progress=250)
    html = overlay(card, "zh")
    assert "<script>" not in html and "<i>" not in html and "<u>" not in html
    assert "&lt;script&gt;1&lt;/script&gt;" in html
    assert 'data-first-paint-programme="x&quot; onmouseover=&quot;y"' in html
    assert 'style="width:100%"' in html  # a progress past the end is drawn full, no further
