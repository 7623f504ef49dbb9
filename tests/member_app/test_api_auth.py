"""Auth (SPEC 11): registration, login, rate limit, and tokens that must be refused."""

from __future__ import annotations

from datetime import timedelta

from jose import jwt

from member_app.services.auth import MEMBER_AUDIENCE
from tests.member_app.conftest import NOW, auth_header, make_members, platform_header
from tests.support.signed_in import member_token


def _register(client, username: str = "alice", password: str = "correct horse") -> int:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/members", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_register_login_and_me(client) -> None:  # type: ignore[no-untyped-def]
    member_id = _register(client)
    assert client.post("/api/v1/members", json={"username": "alice", "password": "x" * 9}
                       ).json()["error"] == "username_taken"
    weak = client.post("/api/v1/members", json={"username": "bob", "password": "short"})
    assert weak.status_code == 422 and weak.json()["detail"].startswith("password")
    token = client.post("/api/v1/auth/token",
                        data={"username": "alice", "password": "correct horse"}).json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 3600
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    body = me.json()
    assert body["member"]["id"] == member_id
    assert {"tier", "growth", "breakdown", "points_balance", "streak", "badges",
            "expiring"} <= set(body)


def test_wrong_passwords_slow_that_client_down_but_never_lock_the_owner_out(client, clock) -> None:  # type: ignore[no-untyped-def]
    _register(client)

    def attempt(password: str):  # type: ignore[no-untyped-def]
        return client.post("/api/v1/auth/token", data={"username": "alice", "password": password})

    for _ in range(3):  # FREE_FAILURES: no delay yet
        wrong = attempt("nope")
        assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_credentials"
    # 3 failures: the next try from this client waits 1 s after the last failure, then 2 s ...
    limited = attempt("correct horse")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    clock.now = NOW + timedelta(seconds=1)
    assert attempt("nope").status_code == 401
    assert attempt("correct horse").headers["Retry-After"] == "2"
    clock.now = NOW + timedelta(seconds=3)
    assert attempt("correct horse").status_code == 200  # a minute at worst, never locked


def test_unknown_user_is_401_like_a_wrong_password(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", data={"username": "ghost", "password": "x" * 9})
    assert response.status_code == 401 and response.json()["error"] == "invalid_credentials"


def _forged(member_id: int) -> dict[str, str]:
    claims = {"sub": str(member_id), "aud": MEMBER_AUDIENCE, "iss": "member_app",
              "exp": int((NOW + timedelta(hours=1)).timestamp())}
    unsigned = jwt.encode(claims, "", algorithm="HS256").rsplit(".", 1)[0]
    import base64
    import json

    none_header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()
                                           ).rstrip(b"=").decode()
    none_token = none_header + "." + unsigned.split(".", 1)[1] + "."
    return {
        "alg_none": none_token,
        "other_key": jwt.encode(claims, "another-secret", algorithm="HS256"),
        "hs512": jwt.encode(claims, "test-secret-" + "x" * 40, algorithm="HS512"),
        "no_exp": jwt.encode({k: v for k, v in claims.items() if k != "exp"},
                             "test-secret-" + "x" * 40, algorithm="HS256"),
        "no_aud": jwt.encode({k: v for k, v in claims.items() if k != "aud"},
                             "test-secret-" + "x" * 40, algorithm="HS256"),
        # issue #12 finding 11: an audience list naming ours passed; so did exp 1e308
        "both_audiences": jwt.encode({**claims, "aud": [MEMBER_AUDIENCE, "member_app:platform"]},
                                     "test-secret-" + "x" * 40, algorithm="HS256"),
        "exp_1e308": jwt.encode({**claims, "exp": 1e308}, "test-secret-" + "x" * 40,
                                algorithm="HS256"),
        "exp_beyond_any_ttl": jwt.encode(
            {**claims, "exp": int((NOW + timedelta(days=366)).timestamp())},
            "test-secret-" + "x" * 40, algorithm="HS256"),
        "garbage": "not.a.token",
        "empty": "",
        "huge": "a" * 10_000,
    }


def test_forged_expired_and_misused_tokens_are_refused(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    for name, token in _forged(member.id).items():
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code in (401, 403), name
        assert set(response.json()) == {"error", "detail"}, name
    expired = member_token(member, NOW - timedelta(hours=2))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.json()["error"] == "token_expired"
    # a platform token is not a member token, and the reverse
    assert client.get("/api/v1/me", headers=platform_header()).status_code == 403
    assert client.post("/api/v1/events", json=[], headers=auth_header(member)).status_code == 403
    assert client.post("/api/v1/events", json=[]).status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_openapi_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/me/redemptions" in paths and "/api/v1/market/listings/{listing_id}/buy" in paths
