"""The coupon market."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse

from member_app.api.deps import CurrentMember, DbDep, NowDep
from member_app.api.openapi import MEMBER_AUTH, errors, replayable
from member_app.api.routes_me import REUSED, IdempotencyKey, answer
from member_app.api.schemas import MAX_ID, ListingRequest
from member_app.services.market import buy, list_coupon, open_listings, withdraw

router = APIRouter(prefix="/api/v1/market", tags=["market"], responses=MEMBER_AUTH)
ListingId = Annotated[int, Path(ge=1, le=MAX_ID)]
UNKNOWN_LISTING = "no such open listing in this member's programme (`unknown_listing`)"


@router.post("/listings", status_code=201, responses=errors({
    404: "no such coupon of this member's (`unknown_coupon`)",
    409: "the coupon cannot be listed now (`coupon_not_available`, `not_transferable`, "
         "`transfer_locked`, `already_listed`)",
    422: "a malformed field (`invalid_input`), or a price above the coupon's face value "
         "(`price_above_face_value`)",
}))
def post_listing(body: ListingRequest, member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    listing = db.run(lambda session: list_coupon(session=session, member=member,
                                                 coupon_id=body.coupon_id, price=body.price,
                                                 now=now))
    return {"id": listing.id}


@router.get("/listings")
def get_listings(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    return {"listings": db.run(lambda session: open_listings(session=session, member=member,
                                                             now=now))}


@router.post("/listings/{listing_id}/buy", responses={
    **replayable(200, "bought: the coupon is the buyer's"),
    **errors({
        404: UNKNOWN_LISTING,
        409: "refused as things stand (`sold`, `own_listing`, `insufficient_points`)",
        422: REUSED,
    }, replayed=(409,))})
def post_buy(listing_id: ListingId, member: CurrentMember, db: DbDep, now: NowDep,
             idempotency_key: IdempotencyKey) -> JSONResponse:
    return answer(db.run(lambda session: buy(session=session, member=member,
                                             listing_id=listing_id,
                                             idempotency_key=idempotency_key, now=now)))


@router.delete("/listings/{listing_id}", status_code=204, responses=errors({
    404: "no such listing of this member's (`unknown_listing`)",
    409: "the listing is no longer open (`sold`)",
}))
def delete_listing(listing_id: ListingId, member: CurrentMember, db: DbDep,
                   now: NowDep) -> Response:
    db.run(lambda session: withdraw(session=session, member=member, listing_id=listing_id,
                                    now=now))
    return Response(status_code=204)
