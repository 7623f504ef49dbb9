"""The coupon market."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response
from fastapi.responses import JSONResponse

from member_app.api.deps import CurrentMember, DbDep, NowDep
from member_app.api.routes_me import answer
from member_app.api.schemas import ListingRequest
from member_app.services.market import buy, list_coupon, open_listings, withdraw

router = APIRouter(prefix="/api/v1/market", tags=["market"])
ListingId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/listings", status_code=201)
def post_listing(body: ListingRequest, member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    listing = db.run(lambda session: list_coupon(session=session, member=member,
                                                 coupon_id=body.coupon_id, price=body.price,
                                                 now=now))
    return {"id": listing.id}


@router.get("/listings")
def get_listings(member: CurrentMember, db: DbDep, now: NowDep) -> dict:
    return {"listings": db.run(lambda session: open_listings(session=session, member=member,
                                                             now=now))}


@router.post("/listings/{listing_id}/buy")
def post_buy(listing_id: ListingId, member: CurrentMember, db: DbDep, now: NowDep,
             idempotency_key: Annotated[str | None,
                                        Header(alias="Idempotency-Key", max_length=255)] = None
             ) -> JSONResponse:
    return answer(db.run(lambda session: buy(session=session, member=member,
                                             listing_id=listing_id,
                                             idempotency_key=idempotency_key, now=now)))


@router.delete("/listings/{listing_id}", status_code=204)
def delete_listing(listing_id: ListingId, member: CurrentMember, db: DbDep,
                   now: NowDep) -> Response:
    db.run(lambda session: withdraw(session=session, member=member, listing_id=listing_id,
                                    now=now))
    return Response(status_code=204)
