"""Operators (SPEC 12, issue #14): their login, a member's file, risk flags, the audit log,
the catalog, PLUS codes and the coupon market.

Every route but the login needs an operator token (`OperatorToken`); member and platform
tokens are refused here (403 `wrong_audience`), as operator tokens are on their routes.
Changes need the `admin` role (403 `admin_required` for a viewer) and write an audit entry in
the same transaction.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from member_app.api.deps import CurrentOperator, DbDep, NowDep
from member_app.api.errors import IDEMPOTENCY_HEADER
from member_app.api.openapi import OPERATOR_AUTH, errors
from member_app.api.routes_public import client_of
from member_app.api.schemas import (
    IDEMPOTENCY_KEY,
    MAX_ID,
    CatalogItemChanges,
    ListingWithdrawal,
    NewCatalogItem,
    NewProgrammeVersion,
    PlusCodeIssue,
    RiskFlagRequest,
    SettlementRequest,
    StockChange,
)
from member_app.services.audit import MAX_PAGE, audit_log
from member_app.services.auth import OPERATOR_TOKEN_TTL
from member_app.services.operators import operator_login
from member_app.services.ops_catalog import (
    catalog_item,
    change_stock,
    create_item,
    edit_item,
    item_redemptions,
    operator_catalog,
)
from member_app.services.ops_economy import MAX_MONTHS, economy
from member_app.services.ops_market import operator_listings, withdraw_listing
from member_app.services.ops_members import member_file, member_trace, set_risk_flag
from member_app.services.ops_plus import issue_plus_codes, plus_codes, plus_codes_csv
from member_app.services.ops_runs import past_runs, run_settlement, run_sweep
from member_app.services.programmes import add_version, figure_table, real_day, version_history
from rules.program_files import PROGRAM_CODES

router = APIRouter(prefix="/api/v1/ops", tags=["operators"])
MemberRef = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00]+$",
                                description="the member's id or username")]
ItemCode = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_]+$",
                               description="the item's code")]
# Optional here (an operator is one person at a console, not a retrying client app), but the
# console sends one made before the tap, and the same key again replays the first change.
OperatorRequestKey = Annotated[str | None, Header(
    alias=IDEMPOTENCY_HEADER, max_length=255, pattern=IDEMPOTENCY_KEY,
    description="1-255 printable characters: the same key again answers the first change "
                "instead of making it twice (422 `idempotency_key_reused` for another change)")]
UNKNOWN_MEMBER = {404: "no such member (`unknown_member`)"}
UNKNOWN_ITEM = {404: "no such catalog item (`unknown_item`)"}
ADMIN_ONLY = {403: "a viewer's token (`admin_required`), or one that is not an operator's "
                   "(`wrong_audience`)"}
INVALID_ITEM = {422: "the item as a catalog file would hold it is not valid "
                     "(`invalid_catalog`, naming the field): the kind decides cash_fen and "
                     "game, and a game's prizes must fit its price; or an Idempotency-Key "
                     "already used for another change (`idempotency_key_reused`)"}


@router.post("/auth/token", responses=errors({
    401: "wrong name or password (`invalid_credentials`)",
    429: "this client must wait before trying this name again (`rate_limited`)",
}))
def operator_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request,
                   db: DbDep, now: NowDep) -> dict:
    token = operator_login(engine=db.engine, name=form.username, password=form.password,
                           now=now, client=client_of(request))
    return {"access_token": token, "token_type": "bearer",
            "expires_in": int(OPERATOR_TOKEN_TTL.total_seconds())}


@router.get("/me", responses=OPERATOR_AUTH)
def who_am_i(operator: CurrentOperator) -> dict:
    return {"id": operator.id, "name": operator.name, "role": operator.role}


@router.get("/members/{member_ref}", responses={**OPERATOR_AUTH, **errors(UNKNOWN_MEMBER)})
def get_member_file(member_ref: MemberRef, operator: CurrentOperator, db: DbDep,
                    now: NowDep) -> dict:
    """The member's standing (the SPEC 10 object), risk flags in force and latest ledger."""
    return db.read(lambda session: member_file(session=session, member_ref=member_ref, now=now))


@router.get("/members/{member_ref}/trace", responses={**OPERATOR_AUTH, **errors(UNKNOWN_MEMBER)})
def get_member_trace(member_ref: MemberRef, operator: CurrentOperator, db: DbDep, now: NowDep,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict:
    """Every figure traced to its events (`rules explain`): per counted event, newest first,
    the growth by category and the points it gave, and what was expired."""
    return db.read(lambda session: member_trace(session=session, member_ref=member_ref,
                                                now=now, limit=limit))


@router.post("/members/{member_ref}/risk-flags", responses={**OPERATOR_AUTH, **errors({
    **UNKNOWN_MEMBER,
    403: "a viewer's token (`admin_required`), or one that is not an operator's "
         "(`wrong_audience`)",
    422: "an Idempotency-Key already used for another flag (`idempotency_key_reused`)",
})})
def post_risk_flag(member_ref: MemberRef, body: RiskFlagRequest, operator: CurrentOperator,
                   db: DbDep, now: NowDep, request_key: OperatorRequestKey = None) -> dict:
    """Sets the member's flag of this kind (the latest of each kind counts, SPEC 1); the
    audit log keeps the flag before and after, and the reason."""
    return db.run(lambda session: set_risk_flag(
        session=session, operator=operator, member_ref=member_ref, kind=body.kind,
        level=body.level, reason=body.reason, now=now, request_key=request_key))


@router.get("/audit", responses=OPERATOR_AUTH)
def get_audit(operator: CurrentOperator, db: DbDep,
              # No NUL: PostgreSQL text cannot hold one (a 500 there, found by the fuzz).
              action: Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")] = None,
              subject: Annotated[str | None, Query(max_length=128,
                                                   pattern=r"^[^\x00]*$")] = None,
              limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict:
    """Every change operators made, newest first; filter by action or subject."""
    return {"entries": db.read(lambda session: audit_log(
        session=session, action=action, subject=subject, limit=limit))}


@router.get("/catalog", responses=OPERATOR_AUTH)
def get_catalog(operator: CurrentOperator, db: DbDep,
                program: Annotated[Literal[PROGRAM_CODES] | None,  # type: ignore[valid-type]
                                   Query()] = None) -> dict:
    """Every item, paused ones too, with `stock_left` and `redeemed`."""
    return {"items": db.read(lambda session: operator_catalog(session=session,
                                                              program=program))}


@router.post("/catalog", status_code=201, responses={**OPERATOR_AUTH, **errors({
    **ADMIN_ONLY, **INVALID_ITEM,
    409: "the code is taken (`code_taken`): codes are unique and kept by past redemptions",
})})
def post_catalog_item(body: NewCatalogItem, operator: CurrentOperator, db: DbDep,
                      now: NowDep, request_key: OperatorRequestKey = None) -> dict:
    spec = body.model_dump(exclude={"program", "reason"}, exclude_none=True)
    return db.run(lambda session: create_item(
        session=session, operator=operator, program=body.program, spec=spec,
        reason=body.reason, now=now, request_key=request_key))


@router.get("/catalog/{code}", responses={**OPERATOR_AUTH, **errors(UNKNOWN_ITEM)})
def get_catalog_item(code: ItemCode, operator: CurrentOperator, db: DbDep) -> dict:
    return db.read(lambda session: catalog_item(session=session, code=code))


@router.patch("/catalog/{code}", responses={**OPERATOR_AUTH, **errors({
    **UNKNOWN_ITEM, **ADMIN_ONLY,
    422: "nothing to change (`invalid_input`), or the item it would make is not valid "
         "(`invalid_catalog`, naming the field)",
})})
def patch_catalog_item(code: ItemCode, body: CatalogItemChanges, operator: CurrentOperator,
                       db: DbDep, now: NowDep) -> dict:
    """Edit, pause (`active: false`) or resume an item; the catalog files stop syncing it."""
    given = body.model_dump(exclude_unset=True, exclude={"reason"})
    changes = {key: value for key, value in given.items()
               if value is not None or key == "per_member_limit"}
    return db.run(lambda session: edit_item(
        session=session, operator=operator, code=code, changes=changes, reason=body.reason,
        now=now))


@router.post("/catalog/{code}/stock", responses={**OPERATOR_AUTH, **errors({
    **UNKNOWN_ITEM, **ADMIN_ONLY,
    409: "the item has no stock limit (`unlimited_stock`), or the change would take what is "
         "left below 0, below what was redeemed (`stock_below_redeemed`), or above the "
         "maximum (`stock_too_large`)",
    422: "a change of 0 (`invalid_input`), or an Idempotency-Key already used for another "
         "change (`idempotency_key_reused`)",
})})
def post_stock_change(code: ItemCode, body: StockChange, operator: CurrentOperator, db: DbDep,
                      now: NowDep, request_key: OperatorRequestKey = None) -> dict:
    """Add or remove units atomically, however many redemptions race with it."""
    return db.run(lambda session: change_stock(
        session=session, operator=operator, code=code, change=body.change, reason=body.reason,
        now=now, request_key=request_key))


@router.get("/catalog/{code}/redemptions", responses={**OPERATOR_AUTH, **errors(UNKNOWN_ITEM)})
def get_item_redemptions(code: ItemCode, operator: CurrentOperator, db: DbDep,
                         limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    return {"redemptions": db.read(lambda session: item_redemptions(
        session=session, code=code, limit=limit))}


@router.get("/runs", responses=OPERATOR_AUTH)
def get_runs(operator: CurrentOperator, db: DbDep,
             limit: Annotated[int, Query(ge=1, le=100)] = 50) -> dict:
    """The latest JD settlements and sweeps (the timer's `night:`, the CLI's `sync:`, the
    console's `ops:`), with counts, durations and failures; an unfinished one is running or
    its worker died."""
    return db.read(lambda session: past_runs(session=session, limit=limit))


@router.post("/runs/settlement", responses={**OPERATOR_AUTH, **errors({
    **ADMIN_ONLY, 422: "a month after the current one (`invalid_input`)"})})
def post_settlement(body: SettlementRequest, operator: CurrentOperator, db: DbDep,
                    now: NowDep) -> dict:
    """Settle JD's month now, in one transaction; `ran: false` if it was settled before."""
    return db.run(lambda session: run_settlement(session=session, operator=operator,
                                                 month=body.month, now=now))


@router.post("/runs/sweep", responses={**OPERATOR_AUTH, **errors({
    **ADMIN_ONLY, 409: "a sweep claimed at this very instant is running (`run_running`)"})})
def post_sweep(operator: CurrentOperator, db: DbDep, now: NowDep) -> dict:
    """Run the nightly sweep now: stale payments decided, stale standings brought forward."""
    return run_sweep(engine=db.engine, operator=operator, now=now)


@router.get("/economy", responses=OPERATOR_AUTH)
def get_economy(operator: CurrentOperator, db: DbDep, now: NowDep,
                program: Annotated[Literal[PROGRAM_CODES],  # type: ignore[valid-type]
                                   Query()] = "jd",
                months: Annotated[int, Query(ge=1, le=MAX_MONTHS)] = 12) -> dict:
    """Points issued, spent (by sink), expired and outstanding per local month; balances and
    the liability at cash value (positive balances only, in fen); members per tier; how JD
    members moved at the latest settlement."""
    return db.read(lambda session: economy(session=session, program=program, now=now,
                                           months=months))
CodeStatus = Annotated[Literal["all", "used", "unused"], Query(
    description="used codes, unused ones, or all")]
# The batch ids services.plus makes (its code alphabet); codes made before labels have none.
BatchFilter = Annotated[str | None, Query(pattern=r"^[A-Z2-9]{8}$",
                                          description="one batch only")]


@router.post("/plus-codes", status_code=201, responses={**OPERATOR_AUTH, **errors({
    **ADMIN_ONLY,
    409: "this Idempotency-Key already issued a batch (`codes_already_issued`, naming it): "
         "codes are shown once and not stored, so a repeat cannot show them again",
    422: "an Idempotency-Key already used for another issue or change "
         "(`idempotency_key_reused`)",
})})
def post_plus_codes(body: PlusCodeIssue, operator: CurrentOperator, db: DbDep, now: NowDep,
                    response: Response, request_key: OperatorRequestKey = None) -> dict:
    """Makes `count` single-use codes of `days` of PLUS, one batch. The codes are in this
    answer and nowhere else (only their hashes are stored); lists show each code's label
    (`<batch>-<n>`) instead. The same Idempotency-Key again is 409, not a replay."""
    # Secrets: no browser or proxy may keep a copy of this answer.
    response.headers["Cache-Control"] = "no-store"
    return db.run(lambda session: issue_plus_codes(
        session=session, operator=operator, count=body.count, days=body.days,
        reason=body.reason, now=now, request_key=request_key))


@router.get("/plus-codes", responses=OPERATOR_AUTH)
def get_plus_codes(operator: CurrentOperator, db: DbDep, status: CodeStatus = "all",
                   batch: BatchFilter = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict:
    """Newest first: each code's label, batch, days, when it was made, and the member who
    used it (id and username) and when. Never the code."""
    return {"codes": db.read(lambda session: plus_codes(session=session, status=status,
                                                        batch=batch, limit=limit))}


@router.get("/plus-codes.csv", response_class=Response, responses={
    **OPERATOR_AUTH,
    200: {"description": "the same rows as GET /plus-codes, every one, in the order issued, "
                         "a header row first",
          "content": {"text/csv": {"schema": {"type": "string"}}}},
})
def get_plus_codes_csv(operator: CurrentOperator, db: DbDep, status: CodeStatus = "all",
                       batch: BatchFilter = None) -> Response:
    text = db.read(lambda session: plus_codes_csv(session=session, status=status, batch=batch))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="plus-codes.csv"'})


ListingId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/market/listings", responses=OPERATOR_AUTH)
def get_market_listings(operator: CurrentOperator, db: DbDep, now: NowDep,
                        status: Annotated[Literal["all", "open", "sold", "withdrawn"],
                                          Query()] = "all",
                        limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    """Listings of every programme, newest first: seller, buyer, coupon, price, status,
    when made and closed, and who withdrew it and why."""
    return {"listings": db.read(lambda session: operator_listings(
        session=session, now=now, status=status, limit=limit))}


@router.post("/market/listings/{listing_id}/withdraw", responses={**OPERATOR_AUTH, **errors({
    **ADMIN_ONLY,
    404: "no such listing (`unknown_listing`)",
    409: "the listing is sold or already withdrawn (`listing_not_open`)",
    422: "an Idempotency-Key already used for another withdrawal or change "
         "(`idempotency_key_reused`)",
})})
def post_withdraw_listing(listing_id: ListingId, body: ListingWithdrawal,
                          operator: CurrentOperator, db: DbDep, now: NowDep,
                          request_key: OperatorRequestKey = None) -> dict:
    """Ends an open listing as its seller's withdrawal would (the coupon stays the seller's)
    and keeps the reason, which the seller sees; a buyer racing it either wins or gets 409."""
    return db.run(lambda session: withdraw_listing(
        session=session, operator=operator, listing_id=listing_id, reason=body.reason, now=now,
        request_key=request_key))


Programme = Annotated[Literal[PROGRAM_CODES],  # type: ignore[valid-type]
                      Path(description="jd, fliggy or alipay")]


@router.get("/programmes/{program}/figures", responses=OPERATOR_AUTH)
def get_programme_figures(program: Programme, operator: CurrentOperator, db: DbDep,
                          now: NowDep) -> dict:
    """Every figure a version can change, by key path: its value in the file (version 1), in
    force now, and in the latest version (scheduled or not)."""
    return {"program": program, "figures": db.read(
        lambda session: figure_table(session=session, code=program, at=now))}


@router.get("/programmes/{program}/versions", responses=OPERATOR_AUTH)
def get_programme_versions(program: Programme, operator: CurrentOperator, db: DbDep,
                           now: NowDep) -> dict:
    """Newest first, version 1 (the file) last: each version's first day, status (in_force,
    scheduled, past, superseded), its changes with the value before, who made it and why."""
    return {"program": program, "versions": db.read(
        lambda session: version_history(session=session, code=program, at=now))}


@router.post("/programmes/{program}/versions", status_code=201, responses={
    **OPERATOR_AUTH, **errors({
        **ADMIN_ONLY,
        409: "a later version starts after `effective_from` (`version_order`), or a version "
             "was saved after `based_on` (`version_changed`)",
        422: "`effective_from` is today or earlier or not a real day, a change names no figure "
             "of the programme or has the wrong kind of value, the version would not load "
             "(the loader's message, naming the figure), nothing would change, or an "
             "Idempotency-Key already used for another change (`idempotency_key_reused`)",
    })})
def post_programme_version(program: Programme, body: NewProgrammeVersion,
                           operator: CurrentOperator, db: DbDep, now: NowDep,
                           request_key: OperatorRequestKey = None) -> dict:
    """A new version from a local day: events of that day on are counted under it, earlier
    ones keep their figures; no ledger entry already written changes."""
    first_day = real_day(body.effective_from, "effective_from")
    return db.run(lambda session: add_version(
        session=session, operator=operator, code=program, effective_from=first_day,
        changes=body.changes, reason=body.reason, now=now, request_key=request_key,
        based_on=body.based_on))
