"""Coupons are granted where what a member is owed changes (their standing, PLUS, the birthday),
so reading the wallet writes nothing (issue #9), and a new month's coupons still appear."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from member_app.db import transaction
from member_app.models import Coupon, LedgerEntry, Standing
from tests.member_app.conftest import auth_header, make_members

SHANGHAI = ZoneInfo("Asia/Shanghai")
# SPEC 8: PLUS gives each local month its pack (10 off 99, 20 off 199) and 5 free-shipping
# vouchers (services.coupon_data).
PLUS_MONTH = Counter({"free_shipping": 5, "plus_pack_10_off_99": 1, "plus_pack_20_off_199": 1})


def _rows(engine) -> tuple[int, int, int, str]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        count = [session.execute(select(func.count()).select_from(table)).scalar_one()
                 for table in (Coupon, LedgerEntry, Standing)]
        stamps = ",".join(str(s) for s in session.execute(select(Standing.computed_at)).scalars())
    return count[0], count[1], count[2], stamps


def _names(wallet: dict, state: str) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(coupon["name"] for coupon in wallet[state])


def test_the_wallet_only_reads_and_a_new_month_brings_its_pack(client, engine, clock) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    joined = client.post("/api/v1/me/plus", json={"plan": "trial"},
                         headers={**auth_header(member), "Idempotency-Key": "trial-1"})
    assert joined.status_code == 200
    before = _rows(engine)
    assert before[0] == 7  # joining granted November's pack at once
    for _ in range(3):
        wallet = client.get("/api/v1/me/coupons", headers=auth_header(member)).json()
        assert _names(wallet, "unused") == PLUS_MONTH and wallet["expired"] == []
    assert _rows(engine) == before  # three reads wrote no coupon, ledger entry or standing

    # December 1st, 00:30 in Shanghai: the 30-day trial from November 22 still runs. November's
    # coupons ended at midnight; the first read after it brings the standing forward, which
    # grants December's.
    clock.now = datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(member, clock.now)).json()
    assert _names(wallet, "unused") == PLUS_MONTH and _names(wallet, "expired") == PLUS_MONTH
    assert {datetime.fromisoformat(coupon["valid_until"]) for coupon in wallet["unused"]} == {
        datetime(2027, 1, 1, tzinfo=SHANGHAI)}
    after = _rows(engine)
    assert after[0] == 14
    again = client.get("/api/v1/me/coupons", headers=auth_header(member, clock.now)).json()
    assert again == wallet and _rows(engine) == after


def test_setting_a_birthday_in_its_month_grants_the_coupon_at_once(client, engine) -> None:  # type: ignore[no-untyped-def]
    (member,) = make_members(engine, 1)
    assert client.get("/api/v1/me/coupons", headers=auth_header(member)).json()["unused"] == []
    answer = client.put("/api/v1/me/birthday", json={"birthday": "1990-11-05"},
                        headers=auth_header(member))
    assert answer.status_code == 200
    wallet = client.get("/api/v1/me/coupons", headers=auth_header(member)).json()
    # SPEC 4: JD's birthday coupon, 10 off 49, valid to the end of the birthday month.
    assert [(c["name"], c["face_value_fen"], c["min_spend_fen"],
             datetime.fromisoformat(c["valid_until"])) for c in wallet["unused"]] == [
        ("birthday", 1000, 4900, datetime(2026, 12, 1, tzinfo=SHANGHAI))]
