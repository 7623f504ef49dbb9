"""Issue #12 findings 1, 2, 3 and 6 as regression tests: demo mode, login and registration
limits, server-side sessions. Expected figures are worked out by hand in the comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import select

from member_app.db import transaction
from member_app.errors import RateLimited, Unauthorized
from member_app.models import LoginAttempt, Member
from member_app.services.auth import authenticate
from member_app.services.members import register_member
from member_app.services.sessions import open_session, signed_in_by, token_for
from tests.member_app.conftest import NOW, auth_header, give_points, make_members, run_threads

PASSWORD = "correct horse"


def _register(client, username: str = "alice") -> int:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/members", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _login(client, username: str = "alice", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- finding 1: demo mode --------------------------------------------------------------------

def test_demo_members_log_in_only_in_demo_mode(client, engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from member_app.demo import DEMO_PASSWORD, load_demo

    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
    monkeypatch.delenv("MEMBER_APP_DEMO", raising=False)  # the default: production
    refused = _login(client, "demo_jd", DEMO_PASSWORD)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_credentials"
    monkeypatch.setenv("MEMBER_APP_DEMO", "1")
    assert _login(client, "demo_jd", DEMO_PASSWORD).status_code == 200


def test_demo_members_never_trade_with_real_members(client, engine) -> None:  # type: ignore[no-untyped-def]
    from member_app.demo import load_demo
    from member_app.services.market import open_listings

    with transaction(engine) as session:
        load_demo(session=session, now=NOW)
        demo_buyer = session.exec(select(Member).where(Member.username == "demo_jd_new")).one()
        (demo_listing,) = open_listings(session=session, member=demo_buyer, now=NOW)
    (real,) = make_members(engine, 1, prefix="real")
    give_points(engine, [real], 5000)
    seen = client.get("/api/v1/market/listings", headers=auth_header(real)).json()
    assert seen["listings"] == []  # the demo seller's listing is not on a real member's market
    bought = client.post(f"/api/v1/market/listings/{demo_listing['id']}/buy",
                         headers={**auth_header(real), "Idempotency-Key": "k1"})
    assert bought.status_code == 404 and bought.json()["error"] == "unknown_listing"
    assert client.get("/api/v1/me", headers=auth_header(real)).json()["points_balance"] == 5000


# -- finding 2: login limits that cannot lock the owner out -----------------------------------

def _try(engine, client_address: str, password: str, now):  # type: ignore[no-untyped-def]
    return authenticate(engine=engine, username="alice", password=password, now=now,
                        client=client_address, on_success=lambda _session, member: member.id)


def test_the_delay_grows_per_client_and_the_owner_elsewhere_is_never_held_up(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        owner = register_member(session=session, username="alice", password=PASSWORD,
                                program="jd", now=NOW)
    # An attacker at 203.0.113.9 fails 3 times (free), then must wait 1 s, 2 s, 4 s ... after
    # each further failure; the delays below are 2 ** (failures - 3) seconds.
    for _ in range(3):
        with pytest.raises(Unauthorized):
            _try(engine, "203.0.113.9", "guess", NOW)
    waits = []
    at = NOW
    for _ in range(4):
        with pytest.raises(RateLimited) as refused:
            _try(engine, "203.0.113.9", "guess", at)
        waits.append(refused.value.retry_after)
        at += timedelta(seconds=refused.value.retry_after)
        with pytest.raises(Unauthorized):
            _try(engine, "203.0.113.9", "guess", at)
    assert waits == [1, 2, 4, 8]
    # Meanwhile the owner, from their own address, logs in at once.
    assert _try(engine, "198.51.100.7", PASSWORD, at) == owner.id
    # The delay stops growing at a minute: 3 + 60 failures would be 2**60 s uncapped.
    with transaction(engine) as session:
        session.execute(insert(LoginAttempt), [
            {"username": "alice", "client": "203.0.113.9", "at": at} for _ in range(60)])
    with pytest.raises(RateLimited) as capped:
        _try(engine, "203.0.113.9", PASSWORD, at)
    assert capped.value.retry_after == 60
    # ... and after that minute even the attacker's address may try the right password.
    assert _try(engine, "203.0.113.9", PASSWORD, at + timedelta(seconds=60)) == owner.id


def test_only_failures_count_against_a_client(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        owner = register_member(session=session, username="alice", password=PASSWORD,
                                program="jd", now=NOW)
    # Successful logins from a shared address (an office) cost nothing.
    for _ in range(3):
        assert _try(engine, "192.0.2.1", PASSWORD, NOW) == owner.id
    # 100 failures (on other usernames) in 15 minutes close that address to every username;
    # the oldest ages out 15 minutes after it happened (here: failed at NOW - 5 min).
    with transaction(engine) as session:
        session.execute(insert(LoginAttempt), [
            {"username": f"user{i}", "client": "192.0.2.1", "at": NOW - timedelta(minutes=5)}
            for i in range(100)])
    with pytest.raises(RateLimited) as refused:
        _try(engine, "192.0.2.1", PASSWORD, NOW)
    assert refused.value.retry_after == 10 * 60
    assert _try(engine, "192.0.2.2", PASSWORD, NOW) == owner.id
    assert _try(engine, "192.0.2.1", PASSWORD, NOW + timedelta(minutes=10)) == owner.id


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from member_app.api.app import create_app
    from member_app.proxies import trust_forwarded_for

    def client_seen(trusted: str, forwarded: str) -> str:
        monkeypatch.setenv("MEMBER_APP_TRUSTED_PROXIES", trusted)
        app = create_app(engine=engine, clock=lambda: NOW)
        with TestClient(trust_forwarded_for(app), client=("10.0.0.5", 50000)) as client:
            answer = client.post("/api/v1/auth/token", data={"username": "nobody",
                                                             "password": "x" * 9},
                                 headers={"X-Forwarded-For": forwarded})
        assert answer.status_code == 401
        with transaction(engine) as session:
            row = session.exec(select(LoginAttempt).order_by(LoginAttempt.id.desc())).first()
        return row.client

    assert client_seen("", "198.51.100.1") == "10.0.0.5"  # no proxies configured
    assert client_seen("10.0.0.9", "198.51.100.1") == "10.0.0.5"  # not from that proxy
    assert client_seen("10.0.0.0/24", "198.51.100.1") == "198.51.100.1"
    # A caller cannot smuggle an address in front: the nearest untrusted hop counts.
    assert client_seen("10.0.0.0/24", "1.2.3.4, 198.51.100.2") == "198.51.100.2"


def test_a_malformed_trusted_proxy_setting_names_itself(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from member_app.settings import load_settings

    monkeypatch.setenv("MEMBER_APP_TRUSTED_PROXIES", "10.0.0.1, proxy.internal")
    with pytest.raises(ValueError, match="'proxy.internal' is not an IP address"):
        load_settings()


# -- finding 3: registrations per client ------------------------------------------------------

def test_registrations_are_limited_per_client_however_they_race(engine) -> None:  # type: ignore[no-untyped-def]
    def register(i: int) -> int:
        with transaction(engine) as session:
            member = register_member(session=session, username=f"racer{i}", password_hash="!",
                                     program="jd", now=NOW, client="203.0.113.50")
            return int(member.id)

    results, errors = run_threads(16, register)
    assert len(results) == 5  # MEMBER_APP_REGISTRATIONS_PER_HOUR's default
    assert len(errors) == 11 and all(isinstance(e, RateLimited) for e in errors)
    with transaction(engine) as session:
        assert len(session.exec(select(Member)).all()) == 5  # the refused changed nothing
        # Another address is not affected; this one may register again an hour later.
        register_member(session=session, username="other", password_hash="!", program="jd",
                        now=NOW, client="203.0.113.51")
        register_member(session=session, username="later", password_hash="!", program="jd",
                        now=NOW + timedelta(hours=1, seconds=1), client="203.0.113.50")


def test_the_api_refuses_the_sixth_registration_with_a_wait(client) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        _register(client, f"user{i}")
    sixth = client.post("/api/v1/members", json={"username": "user5", "password": PASSWORD})
    assert sixth.status_code == 429 and sixth.headers["Retry-After"] == "3600"
    assert sixth.json()["error"] == "rate_limited"


# -- finding 6: sessions on the server --------------------------------------------------------

def test_logout_ends_the_session_its_token_names(client) -> None:  # type: ignore[no-untyped-def]
    _register(client)
    first = _login(client).json()["access_token"]
    second = _login(client).json()["access_token"]  # another device
    assert client.get("/api/v1/me", headers=_bearer(first)).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=_bearer(first)).status_code == 204
    ended = client.get("/api/v1/me", headers=_bearer(first))
    assert ended.status_code == 401 and ended.json()["error"] == "session_ended"
    assert client.get("/api/v1/me", headers=_bearer(second)).status_code == 200


def test_a_password_change_ends_every_session(client) -> None:  # type: ignore[no-untyped-def]
    _register(client)
    phone, laptop = (_login(client).json()["access_token"] for _ in range(2))
    wrong = client.put("/api/v1/me/password", headers=_bearer(phone),
                       json={"current_password": "nope", "new_password": "battery staple"})
    assert wrong.status_code == 401
    assert client.get("/api/v1/me", headers=_bearer(laptop)).status_code == 200  # unchanged
    changed = client.put("/api/v1/me/password", headers=_bearer(phone),
                         json={"current_password": PASSWORD, "new_password": "battery staple"})
    assert changed.status_code == 204
    for token in (phone, laptop):
        assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 401
    assert _login(client).status_code == 401
    assert _login(client, password="battery staple").status_code == 200


def test_refreshing_never_outlives_the_session(engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    with transaction(engine) as session:
        signed_in = open_session(session=session, member=member, now=NOW)
    # The session ends 7 days after login. A token refreshed 30 minutes before that end lives
    # 30 minutes, not an hour; at the end no token of the session counts any more.
    late = NOW + timedelta(days=7) - timedelta(minutes=30)
    token = token_for(signed_in=signed_in, now=late)
    with transaction(engine) as session:
        assert signed_in_by(session=session, token=token, now=late).member.id == member.id
        with pytest.raises(Unauthorized) as expired:
            signed_in_by(session=session, token=token, now=NOW + timedelta(days=7))
    assert expired.value.code == "token_expired"


def test_a_token_naming_no_session_is_refused(client, engine) -> None:  # type: ignore[no-untyped-def]
    from jose import jwt

    from member_app.services.auth import MEMBER_AUDIENCE, token_secret

    (member,) = make_members(engine, 1)
    claims = {"sub": str(member.id), "aud": MEMBER_AUDIENCE, "iss": "member_app",
              "exp": int((NOW + timedelta(minutes=30)).timestamp())}
    before_sessions = jwt.encode(claims, token_secret(), algorithm="HS256")
    unknown = jwt.encode({**claims, "sid": "0" * 32}, token_secret(), algorithm="HS256")
    assert client.get("/api/v1/me", headers=_bearer(before_sessions)).status_code == 401
    answer = client.get("/api/v1/me", headers=_bearer(unknown))
    assert answer.status_code == 401 and answer.json()["error"] == "session_ended"
    # Someone else's session id in a token for this member does not pass either.
    (other,) = make_members(engine, 1, prefix="other")
    with transaction(engine) as session:
        theirs = open_session(session=session, member=other, now=NOW).session.id
    borrowed = jwt.encode({**claims, "sid": theirs}, token_secret(), algorithm="HS256")
    assert client.get("/api/v1/me", headers=_bearer(borrowed)).status_code == 401


def test_an_account_without_a_usable_hash_is_refused_not_an_error(client, engine) -> None:  # type: ignore[no-untyped-def]
    make_members(engine, 1, prefix="bulk")  # stored hash "!": made without a password
    refused = _login(client, "bulk0", "any password at all")
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_credentials"
