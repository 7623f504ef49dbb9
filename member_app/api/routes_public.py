"""Anyone: register, log in; a member: log out, change the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import Session

from member_app.api.deps import DbDep, MemberToken, NowDep
from member_app.api.openapi import errors
from member_app.api.schemas import NewMember, PasswordChange
from member_app.models import Member
from member_app.services.auth import MEMBER_TOKEN_TTL, authenticate
from member_app.services.login_limits import check_registration_allowed, client_key
from member_app.services.members import new_password_hash, register_member
from member_app.services.passwords import change_password
from member_app.services.sessions import (
    close_session,
    open_session,
    signed_in_by,
    token_for,
)
from member_app.settings import load_settings

router = APIRouter(prefix="/api/v1", tags=["members"])


def client_of(request: Request) -> str:
    """The caller's address: the connection's, or X-Forwarded-For's when the connection comes
    from a proxy named in MEMBER_APP_TRUSTED_PROXIES (member_app.proxies rewrites it)."""
    return client_key(request.client.host if request.client else None)


@router.post("/members", status_code=201, responses=errors({
    409: "the username is taken (`username_taken`)",
    422: "a malformed field (`invalid_input`), or a birthday that is not a past date (the "
         "schema cannot say \"past\"); `detail` names the field",
    429: "this client address has registered its share this hour (`rate_limited`)",
}))
def create_member(body: NewMember, request: Request, db: DbDep, now: NowDep) -> dict:
    program = body.program or load_settings().program
    client = client_of(request)
    db.read(lambda session: check_registration_allowed(session=session, client=client, now=now))
    hashed = new_password_hash(body.password)  # slow on purpose: before the transaction
    member = db.run(lambda session: register_member(
        session=session, username=body.username, password_hash=hashed, program=program,
        now=now, birthday=body.birthday, client=client))
    return {"id": member.id}


@router.post("/auth/token", responses=errors({
    401: "wrong username or password (`invalid_credentials`)",
    429: "this client must wait before trying this username again (3 failures, then a delay "
         "of 1, 2, 4 ... s, at most 60), or it failed 100 times in 15 minutes (`rate_limited`)",
}))
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, db: DbDep,
          now: NowDep) -> dict:
    def start(session: Session, member: Member) -> str:
        return token_for(signed_in=open_session(session=session, member=member, now=now), now=now)

    token = authenticate(engine=db.engine, username=form.username, password=form.password,
                         now=now, client=client_of(request), on_success=start)
    return {"access_token": token, "token_type": "bearer",
            "expires_in": int(MEMBER_TOKEN_TTL.total_seconds())}


SESSION_ENDED = {401: "no member token, or one that is invalid, expired or whose session has "
                      "ended (`missing_token`, `invalid_token`, `token_expired`, "
                      "`session_ended`)",
                 403: "a valid token that is not a member's (`wrong_audience`)"}


@router.post("/auth/logout", status_code=204, responses=errors(SESSION_ENDED))
def logout(token: MemberToken, db: DbDep, now: NowDep) -> Response:
    """Ends the session the token names: its tokens stop working at once."""
    def end(session: Session) -> None:
        signed_in = signed_in_by(session=session, token=token, now=now)
        close_session(session=session, session_id=signed_in.session.id, now=now)

    db.run(end)
    return Response(status_code=204)


@router.put("/me/password", status_code=204, responses=errors({
    **SESSION_ENDED,
    401: SESSION_ENDED[401] + "; or the current password is wrong (`invalid_credentials`)",
    422: "the new password is too short (`invalid_input`; `detail` names the field)",
    429: "too many wrong current passwords from this client (`rate_limited`)",
}))
def put_password(body: PasswordChange, token: MemberToken, request: Request, db: DbDep,
                 now: NowDep) -> Response:
    """A new password; every session of the member ends, this one included (log in again)."""
    member = db.read(lambda session: signed_in_by(session=session, token=token,
                                                  now=now).member)
    change_password(engine=db.engine, member=member, current=body.current_password,
                    new=body.new_password, now=now, client=client_of(request))
    return Response(status_code=204)
