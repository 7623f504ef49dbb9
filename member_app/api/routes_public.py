"""Anyone: register, log in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from member_app.api.deps import DbDep, NowDep
from member_app.api.openapi import errors
from member_app.api.schemas import NewMember
from member_app.services.auth import MEMBER_TOKEN_TTL, authenticate, issue_member_token
from member_app.services.members import new_password_hash, register_member
from member_app.settings import load_settings

router = APIRouter(prefix="/api/v1", tags=["members"])


@router.post("/members", status_code=201, responses=errors({
    409: "the username is taken (`username_taken`)",
    422: "a malformed field (`invalid_input`), or a birthday that is not a past date (the "
         "schema cannot say \"past\"); `detail` names the field",
}))
def create_member(body: NewMember, db: DbDep, now: NowDep) -> dict:
    program = body.program or load_settings().program
    hashed = new_password_hash(body.password)  # slow on purpose: before the transaction
    member = db.run(lambda session: register_member(
        session=session, username=body.username, password_hash=hashed, program=program,
        now=now, birthday=body.birthday))
    return {"id": member.id}


@router.post("/auth/token", responses=errors({
    401: "wrong username or password (`invalid_credentials`)",
    429: "too many failed logins for this username or client in the last 5 minutes "
         "(`rate_limited`)",
}))
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, db: DbDep,
          now: NowDep) -> dict:
    client = request.client.host if request.client else "unknown"
    member = authenticate(engine=db.engine, username=form.username, password=form.password,
                          now=now, client=client)
    return {"access_token": issue_member_token(member=member, now=now), "token_type": "bearer",
            "expires_in": int(MEMBER_TOKEN_TTL.total_seconds())}
