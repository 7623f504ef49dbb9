"""The programme's economy for operators (SPEC 12, issue #14), checked against figures made
by hand: what was issued, spent and left by month, the liability at cash value, the tiers."""

from __future__ import annotations

from sqlmodel import select

from member_app.db import transaction
from member_app.models import CatalogItem
from member_app.services.settlement import settle_month
from tests.member_app.conftest import NOW, auth_header, give_points, make_members, operator_header


def test_flows_by_month_balances_liability_and_tiers(client, engine) -> None:  # type: ignore[no-untyped-def]
    members = make_members(engine, 2)  # JD
    give_points(engine, members, 500)  # 2026-11-01 10:00 Shanghai: 2 x 500 issued in November
    (flier,) = make_members(engine, 1, program="fliggy", prefix="f")
    give_points(engine, [flier], 9999, tag="other")  # another programme: not in JD's figures
    with transaction(engine) as session:
        tree = session.exec(select(CatalogItem).where(CatalogItem.code == "tree_donation")).one()
    spent = client.post("/api/v1/me/redemptions", json={"item_id": tree.id, "quantity": 1},
                        headers={**auth_header(members[0]), "Idempotency-Key": "tree-1"})
    assert spent.status_code == 201
    price = spent.json()["points_spent"]
    viewer = operator_header(client, engine, "vera", "viewer")
    answer = client.get("/api/v1/ops/economy", headers=viewer,
                        params={"program": "jd", "months": 3}).json()
    assert [month["month"] for month in answer["months"]] == ["2026-09", "2026-10", "2026-11"]
    november = answer["months"][-1]
    assert (november["issued"], november["spent"], november["expired"]) == (1000, price, 0)
    assert november["sources"] == {"task": 1000} and november["sinks"] == {"redeem": price}
    assert [month["outstanding"] for month in answer["months"]] == [0, 0, 1000 - price]
    # 100 beans are 1 yuan: the liability in fen is the positive balances' beans.
    assert answer["balances"] == {"accounts": 2, "total": 1000 - price,
                                  "positive": 1000 - price, "liability_fen": 1000 - price}
    assert answer["tiers"] == {"registered": 2}
    assert answer["last_settlement"] is None
    with transaction(engine) as session:
        settle_month(session=session, month="2026-10", now=NOW)
        settle_month(session=session, month="2026-11", now=NOW)
    moves = client.get("/api/v1/ops/economy", headers=viewer).json()["last_settlement"]
    assert moves == {"month": "2026-11", "previous": "2026-10",
                     "moves": [{"from": "registered", "to": "registered", "members": 2}]}
    refused = client.get("/api/v1/ops/economy", headers=auth_header(members[0]))
    assert refused.status_code == 403
