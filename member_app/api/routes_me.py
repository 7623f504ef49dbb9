"""A member acting for themselves: standing, sign-in, catalog, redemptions, coupons, their
listings, PLUS."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlmodel import Session

from member_app.api.deps import CurrentMember, DbDep, MemberToken, NowDep
from member_app.api.errors import IDEMPOTENCY_HEADER
from member_app.api.openapi import MEMBER_AUTH, errors, replayable
from member_app.api.schemas import (
    IDEMPOTENCY_KEY,
    MAX_ID,
    BirthdayRequest,
    CollectRequest,
    PlusRequest,
    RedemptionRequest,
)
from member_app.errors import Conflict
from member_app.services.bubbles import collect_bubble
from member_app.services.catalog import catalog
from member_app.services.coupons import wallet
from member_app.services.forecast import forecast_body, member_forecast
from member_app.services.idempotency import Outcome
from member_app.services.market import my_listings
from member_app.services.overview import current_standing, me_summary
from member_app.services.plus import plus_status, subscribe_plus
from member_app.services.plus_savings import plus_savings
from member_app.services.points import ledger_page
from member_app.services.profile import set_birthday
from member_app.services.redeem import redeem
from member_app.services.sessions import member_from_token
from member_app.services.settlement import settlement_history
from member_app.services.signin import sign_in
from member_app.services.streak_freeze import freeze_offer, use_streak_freeze

router = APIRouter(prefix="/api/v1", tags=["member"], responses=MEMBER_AUTH)
# Required: the use cases refuse a spend without one (services.idempotency.check_key), with
# the same bounds; declared here so that the schema says so.
IdempotencyKey = Annotated[str, Header(
    alias=IDEMPOTENCY_HEADER, max_length=255, pattern=IDEMPOTENCY_KEY,
    description="1-255 printable characters (a UUID, say), not only spaces: the same key "
                "and body again replay the first answer (SPEC 11)")]
REUSED = ("a malformed field or Idempotency-Key (`invalid_input`, "
          "`idempotency_key_required`), or a key already used with another body "
          "(`idempotency_key_reused`)")


def answer(outcome: Outcome) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, outcome.status, headers=headers)


@router.get("/me")
async def get_me(token: MemberToken, db: DbDep, now: NowDep) -> dict:
    """The most frequent read: the token's member and their standing in one read transaction
    and one trip to the thread pool (a sync route with a sync dependency would take two)."""
    def read(session: Session) -> dict:
        member = member_from_token(session=session, token=token, now=now)
        return me_summary(session=session, member=member, now=now)

    return await run_in_threadpool(db.read, read)


@router.put("/me/birthday", responses=errors({
    409: "the birthday is already set (`birthday_set`)",
    422: "not a day as YYYY-MM-DD, or not one from 1900-01-01 to today (`invalid_input`)",
}))
def put_birthday(body: BirthdayRequest, member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    """Set once (the JD birthday coupon is granted in that month)."""
    born = db.run(lambda session: set_birthday(session=session, member=member,
                                               birthday=body.birthday, now=now))
    return {"birthday": born.isoformat()}


@router.post("/me/sign-in")
def post_sign_in(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    result = db.run(lambda session: sign_in(session=session, member=member, now=now))
    return {"signed_in": result.signed_in, "already": result.already, "streak": result.streak,
            "reward": result.reward, "to_collect": result.to_collect}


@router.post("/me/bubbles/collect", responses=errors({
    409: "outside Alipay (`bubbles_not_offered`), or the bubble is not waiting: it lapsed, a "
         "refund took it, or there is none (`nothing_to_collect`)",
}))
def post_collect(body: CollectRequest, member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    """Collect one subsidy bubble (SPEC 13): `points` credited, the new `balance` and what
    stays `pending`. Safe to repeat: the member's own second tap answers `already: true`."""
    return db.run(lambda session: collect_bubble(session=session, member=member,
                                                 bubble=body.bubble, now=now))


@router.get("/me/forecast", responses=errors({
    422: "a tier the programme does not have, or `by` not within a year after today "
         "(`invalid_input`)",
}))
def get_forecast(member: CurrentMember, db: DbDep, now: NowDep,
                 tier: Annotated[str | None, Query(max_length=16)] = None,
                 by: Annotated[date | None, Query(description="YYYY-MM-DD")] = None) -> dict:
    """SPEC 13. `outlook`: the days within 60 on which growth changes if nothing new happens
    (JD: settlement days), with the tier; `plan`: the least spending (whole-yuan orders and
    when) that has the member at `tier` (default: the next) from the start of `by` (default:
    the drop date, or in 30 days), null when spending cannot. Where sign-ins and reviews
    count, the plan also asks for those (`sign_ins`: local days; `reviews`: order ids of the
    member's orders; `review` on a planned order), the fewest that make it with that
    spending, and `spending_alone` is the yuan without them (null: spending alone cannot).
    JD also: the settlement of record and the next one with the events known now, part by
    part, and the change."""
    return db.read(lambda session: forecast_body(member_forecast(
        session=session, member=member, now=now, tier=tier, by=by)))


@router.get("/me/streak-freeze")
def get_streak_freeze(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    """The streak freeze this member can use now (SPEC 13): the missed day it covers, its
    price in points (0: a PLUS perk) and the streak it keeps; `offer` is null when none."""
    offer = db.read(lambda session: freeze_offer(session=session, member=member, now=now))
    return {"offer": None if offer is None else {
        "covers": offer.covers.isoformat(), "price_points": offer.price_points,
        "saves": offer.saves}}


@router.post("/me/streak-freeze", status_code=201, responses={
    **replayable(201, "yesterday is forgiven: `covers`, `price_points` paid, the new "
                      "`balance` and `streak`"),
    **errors({
        409: "no freeze to use (`nothing_to_freeze`: nothing missed yesterday that it would "
             "save, this month's is used, or JD without PLUS), or `insufficient_points`",
        422: REUSED,
    }, replayed=(409,))})
def post_streak_freeze(member: CurrentMember, db: DbDep, now: NowDep,
                       idempotency_key: IdempotencyKey) -> JSONResponse:
    return answer(db.run(lambda session: use_streak_freeze(
        session=session, member=member, idempotency_key=idempotency_key, now=now)))


@router.get("/me/ledger")
def get_ledger(member: CurrentMember, db: DbDep, now: NowDep,
               limit: Annotated[int, Query(ge=1, le=200)] = 50,
               # The id column's range: a larger cursor was a 500 on PostgreSQL ("integer out
               # of range", found by Schemathesis), not the empty page SQLite gave.
               before_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> dict:
    # First bring the standing forward if time overtook it (that writes what fell due, such
    # as expiry), then page the ledger in a fresh snapshot that includes those lines.
    db.read(lambda session: current_standing(session=session, member=member, now=now))
    lines = db.read(lambda session: ledger_page(session=session, member=member,
                                                limit=limit + 1, before_id=before_id))
    # `effective_at`: when the change took effect (the order); `at`: when it was recorded.
    entries = [{"id": line.id, "points": line.points, "reason": line.reason,
                "event_id": line.event_id, "effective_at": line.effective_at.isoformat(),
                "at": line.at.isoformat(),
                "expires_on": line.expires_on.isoformat() if line.expires_on else None}
               for line in lines[:limit]]
    more = len(lines) > limit
    return {"entries": entries, "next_before_id": entries[-1]["id"] if more else None}


@router.get("/catalog")
def get_catalog(member: CurrentMember, db: DbDep) -> dict:
    return {"items": db.run(lambda session: catalog(session=session, member=member))}


@router.post("/me/redemptions", status_code=201, responses={
    **replayable(201, "redeemed"),
    **replayable(202, "the cash part is pending with the payment provider: stock and points "
                      "are held (`status: pending`, `order_id`) until it decides"),
    **errors({
        404: "no such catalog item for this member's programme (`unknown_item`)",
        409: "refused as things stand (`insufficient_points`, `out_of_stock`, "
             "`limit_reached`, `payment_declined`, `price_changed`)",
        422: REUSED,
    }, replayed=(409,))})
def post_redemption(body: RedemptionRequest, member: CurrentMember, db: DbDep, now: NowDep,
                    idempotency_key: IdempotencyKey) -> JSONResponse:
    return answer(db.run(lambda session: redeem(
        session=session, member=member, item_id=body.item_id, quantity=body.quantity,
        idempotency_key=idempotency_key, now=now, payment_token=body.payment_token,
        guess=body.guess, shown_price=None if body.shown_points is None else (
            body.shown_points, body.shown_cash_fen or 0))))


@router.get("/me/coupons")
def get_coupons(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    # Two reads: the first brings the standing forward if time has moved past it (that grants
    # what fell due, in a short write of its own); the second sees those grants.
    db.read(lambda session: current_standing(session=session, member=member, now=now))
    return db.read(lambda session: wallet(session=session, member=member, now=now))


@router.get("/me/listings")
def get_my_listings(member: CurrentMember, db: DbDep, now: NowDep,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    """The member's own market listings, open and ended, newest first. One an operator
    withdrew has `withdrawn_by_operator: true` and the operator's `withdrawn_reason`."""
    return {"listings": db.read(lambda session: my_listings(session=session, member=member,
                                                            now=now, limit=limit))}


@router.get("/me/plus")
def get_plus(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    return db.run(lambda session: plus_status(session=session, member=member, now=now))


@router.get("/me/plus/savings", responses=errors({
    409: "PLUS is JD's paid membership; this member's programme has none (`plus_not_offered`)",
}))
def get_plus_savings(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    """What PLUS saved (SPEC 13), in fen: `this_year` (local) and `since_joining`, each with
    the extra beans at their cash value, the PLUS free-shipping vouchers and pack coupons the
    member used, the video month, the fees paid, `saved_fen` and `net_fen`. A member who never
    had PLUS gets `would_have`: the last 12 local months' extra beans on their own orders and
    the video month, against today's fee."""
    savings = db.run(lambda session: plus_savings(session=session, member=member, now=now))
    if savings is None:
        raise Conflict("PLUS is JD's paid membership; this member's program has none",
                       code="plus_not_offered")
    return savings


@router.post("/me/plus", responses={
    **replayable(200, "PLUS is active until `active_until`"),
    **replayable(202, "the annual fee is pending with the payment provider (`status: "
                      "pending`, `order_id`); PLUS opens when it is paid"),
    **errors({
        404: "no such PLUS code (`unknown_code`)",
        409: "refused as things stand (`trial_used`, `code_used`, `payment_declined`, "
             "`plus_not_offered`: PLUS is JD's; `price_changed`: the fee is no longer "
             "`shown_fee_fen`)",
        422: REUSED,
    }, replayed=(409,))})
def post_plus(body: PlusRequest, member: CurrentMember, db: DbDep, now: NowDep,
              idempotency_key: IdempotencyKey) -> JSONResponse:
    return answer(db.run(lambda session: subscribe_plus(
        session=session, member=member, plan=body.plan, code=body.code,
        idempotency_key=idempotency_key, now=now, payment_token=body.payment_token,
        shown_fee_fen=getattr(body, "shown_fee_fen", None))))


@router.get("/me/settlements")
def get_settlements(member: CurrentMember, db: DbDep) -> dict:
    return {"settlements": db.run(lambda session: settlement_history(session=session,
                                                                     member=member))}
