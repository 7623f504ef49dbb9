"""Who the member is, for every page and every handler.

Any websocket client can call any handler, so nothing here trusts the page: each handler that
acts for a member resolves the member from the signed token in the cookie (`_member`), and
refuses to act without one. Tokens live an hour; every page load and action while signed in swaps
the token for a fresh one, so an active member stays in and an idle one is asked to log in again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from member_app import db
from member_app.errors import AppError
from member_app.models import Member
from member_app.services.auth import authenticate, issue_member_token, member_from_token
from member_app.services.members import find_member, new_password_hash, register_member
from member_app.services.overview import demo_usernames
from member_app.settings import load_settings
from member_app.state.base import AppState

WEEK = 7 * 24 * 3600
LOGIN_ROUTE = "/login"


def now() -> datetime:
    return datetime.now(UTC)


class SessionState(AppState):
    auth_token: str = rx.Cookie("", name="member_app_token", max_age=WEEK, same_site="strict")
    username: str = ""
    program: str = ""
    auth_error: str = ""
    auth_busy: bool = False
    showing_register: bool = False
    demo_members: list[dict[str, str]] = []

    @rx.var
    def signed_in(self) -> bool:
        return bool(self.username)

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
        """The member the cookie's token names, checked on the server; None if none is valid.

        Every page loader and every action starts here. A valid token is swapped for a fresh
        one (a sliding session), so there is no separate guard event: one round trip per page.
        """
        self._settle_locale()
        if not self.auth_token:
            return None
        try:
            member = member_from_token(session=session, token=self.auth_token, now=now())
        except AppError:
            self._forget()
            return None
        self._sign_in_as(member)
        return member

    def _sign_in_as(self, member: Member) -> None:
        self.auth_token = issue_member_token(member=member, now=now())
        self.username, self.program = member.username, member.program
        self.auth_error = ""

    def _forget(self) -> None:
        self.auth_token = ""
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
        with self._transaction() as session:
            self._load_demo_members(session)

    @rx.event
    def login(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        self.auth_busy = True
        yield
        try:
            member = authenticate(
                engine=None,
                username=str(form.get("username", "")).strip().lower(),
                password=str(form.get("password", "")),
                now=now(),
                client=self.router.session.client_ip,
            )
            self._sign_in_as(member)
        except AppError as error:
            self.auth_error = error.code
            return
        finally:
            self.auth_busy = False
        yield rx.redirect(self._next_path())

    @rx.event
    def register(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        self.auth_busy = True
        yield
        try:
            hashed = new_password_hash(str(form.get("password", "")))
            with self._transaction() as session:
                member = register_member(
                    session=session,
                    username=str(form.get("username", "")).strip().lower(),
                    password_hash=hashed,
                    program=str(form.get("program") or load_settings().program),
                    now=now(),
                )
                self._sign_in_as(member)
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
            self._sign_in_as(find_member(session=session, ref=username))
        return rx.redirect("/")

    @rx.event
    def logout(self):  # type: ignore[no-untyped-def]
        self._forget()
        return rx.redirect(LOGIN_ROUTE)

    @rx.event
    def toggle_locale(self) -> None:
        self._flip_locale()

    def _next_path(self) -> str:
        return safe_next_path(self.router.url.query_parameters.get("next", "/"))


def safe_next_path(target: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL (open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _field(error: AppError) -> str:
    """'username: ...' -> 'invalid_username', so the page can show a translated message."""
    field = error.detail.split(":", 1)[0].strip()
    return f"invalid_{field}" if field in ("username", "password", "program") else "invalid_input"
