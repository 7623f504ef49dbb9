"""Who the operator is, for every console page and handler (SPEC 12, issue #14).

As for members (state/session.py), nothing trusts the page: every handler resolves the
operator from a signed operator token (audience `member_app:operator`) and refuses to act
without one, and what it may change is decided by the services (`require_admin`). The token
kept in this state counts only on the connection that put it there; on any other, the one in
the Cookie header the browser sent when the websocket opened.

Operator tokens are stateless and live an hour (services.auth.OPERATOR_TOKEN_TTL); each console
load or action swaps a valid one for a fresh one, so an operator at work stays in and one who
walked away is asked to log in again, and 12 hours after the login they log in again however
busy (OPERATOR_SESSION_MAX). Logging out forgets the token in this browser; a copy made
before stays valid until its hour ends (no server-side operator sessions yet).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from member_app import db
from member_app.cookies import cookie_value
from member_app.errors import AppError
from member_app.models import Operator, id_of
from member_app.services.auth import (
    OPERATOR_TOKEN_TTL,
    issue_operator_token,
    operator_token_claims,
)
from member_app.services.operators import operator_from_token, operator_login
from member_app.settings import load_settings
from member_app.state.base import AppState
from member_app.state.session import now, safe_next_path

OPS_TOKEN_COOKIE = "member_app_ops_token"  # noqa: S105  (a cookie name, not a secret)
OPS_LOGIN_ROUTE = "/ops/login"
OPS_HOME = "/ops"


class OpsState(AppState):
    ops_token: str = rx.Cookie("", name=OPS_TOKEN_COOKIE,
                               max_age=int(OPERATOR_TOKEN_TTL.total_seconds()),
                               same_site="strict")
    _ops_socket: str = ""
    operator_name: str = ""
    operator_role: str = ""
    ops_login_error: str = ""
    ops_login_busy: bool = False
    ops_demo: bool = False
    shown_in: str = ""  # the language of the figures held; pages wait for the current one

    @rx.var
    def is_admin(self) -> bool:
        return self.operator_role == "admin"

    def _operator(self, session: Session) -> Operator | None:
        self._settle_locale()
        token = self._presented_ops_token()
        if not token:
            self._forget_operator()
            return None
        try:
            operator = operator_from_token(session=session, token=token, now=now())
            _, logged_in_at = operator_token_claims(token=token, now=now())
        except AppError:
            self._forget_operator()
            return None
        self._adopt_operator(operator, logged_in_at)
        return operator

    def _presented_ops_token(self) -> str:
        if self.ops_token and self._ops_socket == self.router.session.session_id:
            return self.ops_token
        return cookie_value(self.router.headers.cookie, OPS_TOKEN_COOKIE)

    def _adopt_operator(self, operator: Operator, logged_in_at: int | None = None) -> None:
        """A fresh token for the page; a renewal keeps the login's time, so the console asks
        for the password again OPERATOR_SESSION_MAX after it, however busy the operator."""
        self.ops_token = issue_operator_token(operator_id=id_of(operator), now=now(),
                                              logged_in_at=logged_in_at)
        self._ops_socket = self.router.session.session_id
        self.operator_name, self.operator_role = operator.name, operator.role

    def _forget_operator(self) -> None:
        self.ops_token, self._ops_socket = "", ""
        self.operator_name = self.operator_role = ""

    def _to_ops_login(self) -> rx.event.EventSpec:
        return rx.redirect(f"{OPS_LOGIN_ROUTE}?next={self.router.url.path or OPS_HOME}")

    def _reading(self):  # type: ignore[no-untyped-def]
        return db.read_transaction()

    def _writing(self):  # type: ignore[no-untyped-def]
        return db.transaction()

    @rx.event
    def open_ops_login(self) -> None:
        self._settle_locale()
        self.ops_login_error = ""
        self.ops_demo = load_settings().demo

    @rx.event
    def ops_login(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        name = str(form.get("name", "")).strip().lower()
        password = str(form.get("password", ""))
        if not name or not password:
            self.ops_login_error = "missing_credentials"
            return
        self.ops_login_busy = True
        yield
        try:
            token = operator_login(engine=None, name=name, password=password, now=now(),
                                   client=self.router.session.client_ip)
            with self._reading() as session:
                operator = operator_from_token(session=session, token=token, now=now())
            self._adopt_operator(operator)
            self.ops_login_error = ""
        except AppError as error:
            self.ops_login_error = error.code
            return
        finally:
            self.ops_login_busy = False
        target = safe_next_path(self.router.url.query_parameters.get("next", OPS_HOME))
        yield rx.redirect(target if target.startswith(OPS_HOME) else OPS_HOME)

    @rx.event
    def ops_logout(self):  # type: ignore[no-untyped-def]
        self._forget_operator()
        return rx.redirect(OPS_LOGIN_ROUTE)

    @rx.event
    def toggle_ops_locale(self) -> None:
        self._flip_locale()
