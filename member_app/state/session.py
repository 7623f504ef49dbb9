"""Who the member is, for every page and every handler.

Any websocket client can call any handler, so nothing here trusts the page: each handler that
acts for a member resolves the member from a signed token (`_member`) naming a live server-side
session (services.sessions), and refuses to act without one. Tokens live an hour; every page
load and action while signed in swaps the token for a fresh one of the same session, so an
active member stays in, an idle one is asked to log in again, and nobody stays in past the
session's end (a week after login) or after logout.

Which token counts: Reflex keeps this state on the server under the tab's client token, and a
client presenting a closed tab's client token gets that state back. So the token kept in the
state counts only on the connection that put it there (`_token_socket`); on any other
connection the token is read from the Cookie header the browser sent when it opened the
websocket, which a client without the member's cookie cannot produce.

The cookie is readable by scripts: Reflex's `rx.Cookie` is written and read by the page's
JavaScript (it travels in the hydrate event), so it cannot be HttpOnly. The defences are the
Content-Security-Policy (no third-party or inline-injected script runs), the short token life,
the session's absolute end, and logout revoking the session on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from member_app import db
from member_app.cookies import TOKEN_COOKIE, cookie_value
from member_app.errors import AppError
from member_app.models import Member
from member_app.services.auth import authenticate
from member_app.services.login_limits import check_registration_allowed
from member_app.services.members import find_member, new_password_hash, register_member
from member_app.services.overview import demo_usernames
from member_app.services.sessions import (
    SignedIn,
    close_session,
    open_session,
    signed_in_by,
    token_for,
)
from member_app.settings import load_settings
from member_app.state.base import AppState

WEEK = 7 * 24 * 3600  # the cookie lasts as long as a session can (sessions.SESSION_LIFETIME)
LOGIN_ROUTE = "/login"
LOGIN_NOTICES = ("password_changed",)  # what ?notice= may show: message keys, never text


def now() -> datetime:
    return datetime.now(UTC)


class SessionState(AppState):
    auth_token: str = rx.Cookie("", name=TOKEN_COOKIE, max_age=WEEK, same_site="strict")
    _token_socket: str = ""  # the websocket connection that set auth_token (see the module doc)
    username: str = ""
    program: str = ""
    auth_error: str = ""
    auth_busy: bool = False
    showing_register: bool = False
    demo_members: list[dict[str, str]] = []
    login_notice: str = ""  # a message key for the login page (LOGIN_NOTICES), from ?notice=

    @rx.var
    def signed_in(self) -> bool:
        return bool(self.username)

    @rx.var
    def shown_for(self) -> str:
        """Whose figures, in which language: what a member page's state must hold before the
        page shows it (components.layout.shown_in_current_language). A page's state keeps
        what it showed last, and in that tab the language may have changed since, or, after a
        logout, another member may have signed in."""
        return f"{self.username}|{self.lang}"

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with db.transaction() as session:
            yield session

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """For loaders that only show: no write lock on SQLite (db.read_transaction)."""
        with db.read_transaction() as session:
            yield session

    def _member(self, session: Session) -> Member | None:
        """The member a valid token names, checked on the server; None if none is valid.

        Every page loader and every action starts here. A valid token is swapped for a fresh
        one of the same session (a sliding session capped at the session's end), so there is
        no separate guard event: one round trip per page.
        """
        self._settle_locale()
        token = self._presented_token()
        if not token:
            self._forget()
            return None
        try:
            signed_in = signed_in_by(session=session, token=token, now=now())
        except AppError:
            self._forget()
            return None
        self._adopt(signed_in)
        return signed_in.member

    def _presented_token(self) -> str:
        """The token kept in this state if this connection set it, else the browser's cookie
        as sent when the websocket opened."""
        if self.auth_token and self._token_socket == self.router.session.session_id:
            return self.auth_token
        return cookie_value(self.router.headers.cookie, TOKEN_COOKIE)

    def _adopt(self, signed_in: SignedIn) -> None:
        self.auth_token = token_for(signed_in=signed_in, now=now())
        self._token_socket = self.router.session.session_id
        self.username, self.program = signed_in.member.username, signed_in.member.program
        self.auth_error = ""

    def _forget(self) -> None:
        self.auth_token = ""
        self._token_socket = ""
        self.username = ""
        self.program = ""

    def _to_login(self) -> rx.event.EventSpec:
        return rx.redirect(f"{LOGIN_ROUTE}?next={quote(self.router.url.path or '/')}")

    def _load_demo_members(self, session: Session) -> None:
        if load_settings().demo:
            self.demo_members = [
                {"username": u, "program": p} for u, p in demo_usernames(session=session)
            ]

    @rx.event
    def open_login(self) -> None:
        self._settle_locale()
        self.auth_error = ""
        # The mode is in the URL (/login?mode=register), so a link click cannot race on_load.
        self.showing_register = self.router.url.query_parameters.get("mode") == "register"
        notice = self.router.url.query_parameters.get("notice", "")
        self.login_notice = notice if notice in LOGIN_NOTICES else ""
        with self._transaction() as session:
            self._load_demo_members(session)

    @rx.event
    def login(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        missing = missing_credentials(form)
        if missing:
            self.auth_error = missing
            return
        self.auth_busy = True
        yield
        try:
            signed_in = authenticate(
                engine=None,
                username=str(form.get("username", "")).strip().lower(),
                password=str(form.get("password", "")),
                now=now(),
                client=self.router.session.client_ip,
                on_success=lambda session, member: open_session(session=session, member=member,
                                                                now=now()),
            )
            self._adopt(signed_in)
        except AppError as error:
            self.auth_error = error.code
            return
        finally:
            self.auth_busy = False
        yield rx.redirect(self._next_path())

    @rx.event
    def register(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        missing = missing_credentials(form)
        if missing:
            self.auth_error = missing
            return
        self.auth_busy = True
        yield
        client = self.router.session.client_ip
        try:
            with self._reading() as session:  # refused floods cost no password hashing
                check_registration_allowed(session=session, client=client, now=now())
            hashed = new_password_hash(str(form.get("password", "")))
            with self._transaction() as session:
                member = register_member(
                    session=session,
                    username=str(form.get("username", "")).strip().lower(),
                    password_hash=hashed,
                    program=str(form.get("program") or load_settings().program),
                    now=now(),
                    client=client,
                )
                self._adopt(open_session(session=session, member=member, now=now()))
        except AppError as error:
            self.auth_error = error.code if error.code != "invalid_input" else _field(error)
            return
        finally:
            self.auth_busy = False
        yield rx.redirect("/")

    @rx.event
    def demo_login(self, username: str):  # type: ignore[no-untyped-def]
        """One tap into a demo member, only for demo members and only in demo mode."""
        if not load_settings().demo:
            return None
        with self._transaction() as session:
            if username not in {u for u, _ in demo_usernames(session=session)}:
                return None
            member = find_member(session=session, ref=username)
            self._adopt(open_session(session=session, member=member, now=now()))
        return rx.redirect("/")

    @rx.event
    def logout(self):  # type: ignore[no-untyped-def]
        """Ends the session on the server too: a copy of the token stops working at once."""
        token = self._presented_token()
        if token:
            with self._transaction() as session:
                try:
                    signed_in = signed_in_by(session=session, token=token, now=now())
                    close_session(session=session, session_id=signed_in.session.id, now=now())
                except AppError:
                    pass  # already ended: nothing to revoke
        self._forget()
        return rx.redirect(LOGIN_ROUTE)

    @rx.event
    def toggle_locale(self) -> None:
        self._flip_locale()

    def _next_path(self) -> str:
        return safe_next_path(self.router.url.query_parameters.get("next", "/"))


def missing_credentials(form: dict[str, str]) -> str:
    """The error code for a login or registration form with an empty field, "" if none is:
    the page says which one is missing instead of a generic "wrong username or password"."""
    username = not str(form.get("username", "")).strip()
    password = not str(form.get("password", ""))
    if username and password:
        return "missing_credentials"
    if username:
        return "missing_username"
    return "missing_password" if password else ""


def safe_next_path(target: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL (open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _field(error: AppError) -> str:
    """'username: ...' -> 'invalid_username', so the page can show a translated message."""
    field = error.detail.split(":", 1)[0].strip()
    return f"invalid_{field}" if field in ("username", "password", "program") else "invalid_input"


