"""Operators (SPEC 12): accounts made on the command line, their login, and who may change what.

Roles: `viewer` reads everything, `admin` also changes things (`require_admin`). A login is
limited as a member's is (services.login_limits, under the name `operator:<name>`), and the
argon2 check holds no transaction open. Tokens: services.auth (audience `member_app:operator`);
each request reads the operator's row again, so a removed operator or a changed role counts at
once.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from member_app.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from member_app.models import Operator, id_of
from member_app.security import hash_password
from member_app.services.auth import (
    MAX_SECRET_INPUT,
    check_credentials,
    issue_operator_token,
    login_name,
    operator_token_subject,
)
from member_app.settings import load_settings

ROLES = ("viewer", "admin")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_.-]{2,31}")
MIN_PASSWORD = 12  # an operator can change every member's figures


def add_operator(*, session: Session, name: str, role: str, password: str,
                 now: datetime, is_demo: bool = False) -> Operator:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise InvalidInput("name: 3-32 characters, lowercase letters, digits, _ . -, "
                           "starting with a letter")
    if role not in ROLES:
        raise InvalidInput(f"role: one of {', '.join(ROLES)}")
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_SECRET_INPUT:
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
    if session.exec(select(Operator.id).where(Operator.name == name)).first() is not None:
        raise Conflict(f"operator {name!r} exists", code="operator_exists")
    operator = Operator(name=name, role=role, password_hash=hash_password(password),
                        created_at=now, is_demo=is_demo)
    session.add(operator)
    session.flush()
    return operator


def operator_login(*, engine: Engine | None, name: str, password: str, now: datetime,
                   client: str) -> str:
    """An operator token for these credentials; Unauthorized / RateLimited otherwise."""
    name = login_name(name)

    def token(_: Session, operator: Operator) -> str:
        return issue_operator_token(operator_id=id_of(operator), now=now)

    return check_credentials(
        engine=engine, limited_as=f"operator:{name}", password=password, now=now,
        client=client,
        find=lambda session: session.exec(select(Operator).where(Operator.name == name)).first(),
        may_log_in=_may_log_in, on_success=token, wrong="wrong name or password")


def operator_from_token(*, session: Session, token: str, now: datetime) -> Operator:
    operator = session.get(Operator, operator_token_subject(token=token, now=now))
    if operator is None or not _may_log_in(operator):
        raise Unauthorized("this operator no longer exists", code="invalid_token")
    return operator


def _may_log_in(operator: Operator) -> bool:
    """Demo operators only while demo mode is on (`MEMBER_APP_DEMO=1`, `make run`)."""
    return not operator.is_demo or load_settings().demo


def require_admin(operator: Operator) -> None:
    if operator.role != "admin":
        raise Forbidden("a viewer can read but not change anything", code="admin_required")
