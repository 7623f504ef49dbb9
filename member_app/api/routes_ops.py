"""Operators (SPEC 12, issue #14): their login, a member's file, risk flags, the audit log.

Every route but the login needs an operator token (`OperatorToken`); member and platform
tokens are refused here (403 `wrong_audience`), as operator tokens are on their routes.
Changes need the `admin` role (403 `admin_required` for a viewer) and write an audit entry in
the same transaction.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import OAuth2PasswordRequestForm

from member_app.api.deps import CurrentOperator, DbDep, NowDep
from member_app.api.openapi import OPERATOR_AUTH, errors
from member_app.api.routes_public import client_of
from member_app.api.schemas import RiskFlagRequest
from member_app.services.audit import MAX_PAGE, audit_log
from member_app.services.auth import OPERATOR_TOKEN_TTL
from member_app.services.operators import operator_login
from member_app.services.ops_members import member_file, set_risk_flag

router = APIRouter(prefix="/api/v1/ops", tags=["operators"])
MemberRef = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00]+$",
                                description="the member's id or username")]
UNKNOWN_MEMBER = {404: "no such member (`unknown_member`)"}


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


@router.post("/members/{member_ref}/risk-flags", responses={**OPERATOR_AUTH, **errors({
    **UNKNOWN_MEMBER,
    403: "a viewer's token (`admin_required`), or one that is not an operator's "
         "(`wrong_audience`)",
})})
def post_risk_flag(member_ref: MemberRef, body: RiskFlagRequest, operator: CurrentOperator,
                   db: DbDep, now: NowDep) -> dict:
    """Sets the member's flag of this kind (the latest of each kind counts, SPEC 1); the
    audit log keeps the flag before and after, and the reason."""
    return db.run(lambda session: set_risk_flag(
        session=session, operator=operator, member_ref=member_ref, kind=body.kind,
        level=body.level, reason=body.reason, now=now))


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
