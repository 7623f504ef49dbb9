"""The SPEC 11 table end to end, in-process: the same sequence as scripts/api-smoke.sh (which
runs it with curl against a live server), here on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.member_app.conftest import platform_header

JSON = dict[str, Any]


class Api:
    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.calls = 0

    def __call__(self, expected: int, method: str, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        answer = self.client.request(method, "/api/v1" + path, **kwargs)
        assert answer.status_code == expected, (method, path, answer.text)
        self.calls += 1
        return answer


def _bearer(answer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_every_row_of_the_spec_11_table(client, sandbox) -> None:  # type: ignore[no-untyped-def]
    api, platform = Api(client), platform_header()
    seller = {"username": "seller", "password": "correct horse", "program": "jd"}
    api(201, "POST", "/members", json=seller)
    api(409, "POST", "/members", json=seller)
    api(422, "POST", "/members", json={"username": "weak", "password": "short"})
    buyer_id = api(201, "POST", "/members", json={**seller, "username": "buyer"}).json()["id"]
    api(401, "POST", "/auth/token", data={"username": "seller", "password": "wrong password"})
    token = api(200, "POST", "/auth/token", data={"username": "seller",
                                                  "password": "correct horse"})
    assert token.json()["token_type"] == "bearer"
    sell = _bearer(token)
    buy = _bearer(api(200, "POST", "/auth/token", data={"username": "buyer",
                                                        "password": "correct horse"}))

    # events (platform)
    def order(n: str, amount: str, category: str) -> JSON:
        return {"id": n, "member": "seller", "type": "order_paid", "order_id": n,
                "at": "2026-10-01T10:00:00+08:00", "amount": amount, "category": category,
                "payment": "jdpay"}
    events = [order("o1", "800.00", "food"), order("o2", "600.00", "books"),
              {"id": "t1", "member": buyer_id, "type": "task_completed", "task": "welcome",
               "at": "2026-10-03T10:00:00+08:00", "growth": 0, "points": 5000}]
    assert api(200, "POST", "/events", json=events, headers=platform).json() == {
        "accepted": 3, "duplicates": 0}
    assert api(200, "POST", "/events", json=events, headers=platform).json()["duplicates"] == 3
    bad = api(422, "POST", "/events", headers=platform, json=[
        {"id": "bad", "member": "buyer", "type": "order_paid", "at": "2026-10-03T10:00:00"}])
    assert "events[0]" in bad.json()["detail"]
    api(403, "POST", "/events", json=[], headers=buy)
    api(401, "POST", "/events", json=[])

    # me, sign-in, catalog
    me = api(200, "GET", "/me", headers=buy).json()
    assert me["points_balance"] == 5000 and "expiring" in me
    api(401, "GET", "/me")
    assert api(200, "POST", "/me/sign-in", headers=buy).json()["already"] is False
    assert api(200, "POST", "/me/sign-in", headers=buy).json()["already"] is True
    items = api(200, "GET", "/catalog", headers=buy).json()["items"]
    vip = next(i["id"] for i in items if i["kind"] == "own")
    earbuds = next(i["id"] for i in items if i["kind"] == "points_cash")

    # redemptions, once per Idempotency-Key
    keyed = {**buy, "Idempotency-Key": "redeem-1"}
    first = api(201, "POST", "/me/redemptions", headers=keyed, json={"item_id": vip})
    again = api(201, "POST", "/me/redemptions", headers=keyed, json={"item_id": vip})
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    reused = api(422, "POST", "/me/redemptions", headers=keyed,
                 json={"item_id": vip, "quantity": 2})
    assert reused.json()["error"] == "idempotency_key_reused"
    api(409, "POST", "/me/redemptions", headers={**buy, "Idempotency-Key": "big"},
        json={"item_id": vip, "quantity": 100})
    api(404, "POST", "/me/redemptions", headers={**buy, "Idempotency-Key": "nf"},
        json={"item_id": 999999})
    api(422, "POST", "/me/redemptions", headers=buy, json={"item_id": vip})

    # a pending cash leg holds the order until the provider decides
    pending = api(202, "POST", "/me/redemptions", headers={**buy, "Idempotency-Key": "pend"},
                  json={"item_id": earbuds, "payment_token": "tok_pending"}).json()
    confirm = f"/payments/{pending['order_id']}/confirm"
    assert api(200, "POST", confirm, headers=platform).json()["changed"] is False
    api(403, "POST", confirm, headers=buy)
    api(404, "POST", "/payments/no-such-order/confirm", headers=platform)

    # coupons and the market
    wallet = api(200, "GET", "/me/coupons", headers=sell).json()
    coupons = [c for c in wallet["unused"] if c["transferable"]]
    assert len(coupons) == 2
    listing = api(201, "POST", "/market/listings", headers=sell,
                  json={"coupon_id": coupons[0]["id"], "price": 400}).json()["id"]
    api(422, "POST", "/market/listings", headers=sell,
        json={"coupon_id": coupons[1]["id"], "price": 100000})
    api(404, "POST", "/market/listings", headers=buy,
        json={"coupon_id": coupons[1]["id"], "price": 100})
    withdrawn = api(201, "POST", "/market/listings", headers=sell,
                    json={"coupon_id": coupons[1]["id"], "price": 100}).json()["id"]
    listings = api(200, "GET", "/market/listings", headers=buy).json()["listings"]
    assert listing in [x["id"] for x in listings]
    own = api(409, "POST", f"/market/listings/{listing}/buy",
              headers={**sell, "Idempotency-Key": "own"})
    assert own.json()["error"] == "own_listing"
    bought = api(200, "POST", f"/market/listings/{listing}/buy",
                 headers={**buy, "Idempotency-Key": "buy"})
    assert bought.json()["coupon_id"] == coupons[0]["id"]
    replay = api(200, "POST", f"/market/listings/{listing}/buy",
                 headers={**buy, "Idempotency-Key": "buy"})
    assert replay.headers["Idempotent-Replayed"] == "true"
    sold = api(409, "POST", f"/market/listings/{listing}/buy",
               headers={**buy, "Idempotency-Key": "buy2"})
    assert sold.json()["error"] == "sold"
    api(404, "DELETE", f"/market/listings/{withdrawn}", headers=buy)
    api(204, "DELETE", f"/market/listings/{withdrawn}", headers=sell)
    api(409, "POST", f"/market/listings/{withdrawn}/buy", headers={**buy, "Idempotency-Key": "w"})
    assert coupons[0]["id"] in [c["id"] for c in
                                api(200, "GET", "/me/coupons", headers=buy).json()["unused"]]

    # a coupon used at checkout (platform)
    use = {"member": "buyer", "order_id": "co-1", "order_amount_fen": 9000,
           "category": coupons[0]["category"]}
    path = f"/coupons/{coupons[0]['id']}/use"
    assert api(200, "POST", path, json=use, headers=platform).json()["replayed"] is False
    assert api(200, "POST", path, json=use, headers=platform).json()["replayed"] is True
    api(409, "POST", path, json={**use, "order_id": "co-2"}, headers=platform)
    small = {"member": "seller", "order_id": "min", "order_amount_fen": 100,
             "category": coupons[1]["category"]}
    assert api(409, "POST", f"/coupons/{coupons[1]['id']}/use", json=small,
               headers=platform).json()["error"] == "min_spend_not_met"
    api(403, "POST", path, json=use, headers=sell)

    # PLUS
    api(200, "POST", "/me/plus", headers={**buy, "Idempotency-Key": "t1"}, json={"plan": "trial"})
    assert api(409, "POST", "/me/plus", headers={**buy, "Idempotency-Key": "t2"},
               json={"plan": "trial"}).json()["error"] == "trial_used"
    annual = {**sell, "Idempotency-Key": "annual"}
    api(200, "POST", "/me/plus", headers=annual, json={"plan": "annual"})
    assert api(200, "POST", "/me/plus", headers=annual,
               json={"plan": "annual"}).headers["Idempotent-Replayed"] == "true"
    api(404, "POST", "/me/plus", headers={**sell, "Idempotency-Key": "c"},
        json={"plan": "code", "code": "AAAA-BBBB-CCCC-DDDD"})

    # settlements (platform)
    assert api(200, "POST", "/settlements", json={"month": "2026-11"},
               headers=platform).json() == {"members": 2, "month": "2026-11", "ran": True}
    assert api(200, "POST", "/settlements", json={"month": "2026-11"},
               headers=platform).json()["ran"] is False
    api(403, "POST", "/settlements", json={"month": "2026-11"}, headers=buy)
    assert api.calls == 54
