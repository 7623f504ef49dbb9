"""Log in or register; demo members one tap away when the app runs with demo data.

Before anyone signs in the programme is unknown, so the page wears the neutral palette and
shows the three programmes' marks (registration picks one). On a desktop an introduction sits
beside the form (assets/theme.css `.mc-login`).
"""

from __future__ import annotations

import reflex as rx

from member_app.components.brand import PROGRAMMES, programme_mark
from member_app.components.layout import PAGE_BACKGROUND, language_toggle
from member_app.components.text import t, t_choice
from member_app.state.session import SessionState

AUTH_ERRORS = {
    code: f"err_{code}"
    for code in (
        "invalid_credentials",
        "rate_limited",
        "username_taken",
        "invalid_username",
        "invalid_password",
        "invalid_program",
        "missing_username",
        "missing_password",
        "missing_credentials",
    )
}
PROGRAMS = PROGRAMMES


def login_page() -> rx.Component:
    return rx.box(
        rx.el.main(
            rx.el.div(_introduction(), class_name="mc-login-intro"),
            rx.vstack(
                rx.hstack(rx.spacer(), language_toggle(), width="100%"),
                programme_mark("", size=64),
                rx.heading(rx.cond(SessionState.showing_register, t("register_title"),
                                   t("login_title")), size="6", data_testid="page-title"),
                rx.text(t("login_subtitle"), size="2", color_scheme="gray", align="center"),
                rx.cond(
                    SessionState.auth_error != "",
                    rx.callout(
                        t_choice(SessionState.auth_error, AUTH_ERRORS, "err_invalid_input"),
                        icon="circle_alert",
                        color_scheme="red",
                        width="100%",
                        role="alert",
                        data_testid="auth-error",
                    ),
                ),
                rx.cond(
                    SessionState.login_notice == "password_changed",
                    rx.callout(t("password_changed"), icon="circle_check", color_scheme="green",
                               width="100%", data_testid="login-notice"),
                ),
                rx.cond(SessionState.showing_register, _register_form(), _login_form()),
                _demo_members(),
                spacing="4",
                align="center",
                width="100%",
                max_width="420px",
                margin="0 auto",
                padding="24px",
            ),
            class_name="mc-login",
        ),
        background=PAGE_BACKGROUND,
        min_height="100vh",
    )


def _introduction() -> rx.Component:
    """Desktop only: what the member centre is, one line per programme with its mark."""
    return rx.vstack(
        rx.heading(t("login_intro_title"), size="8", weight="bold"),
        rx.text(t("login_intro_body"), size="3", color_scheme="gray"),
        *[
            rx.hstack(
                programme_mark(code, size=44),
                rx.vstack(
                    rx.text(t(f"program_{code}"), weight="bold", size="3"),
                    rx.text(t(f"login_intro_{code}"), size="2", color_scheme="gray"),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            )
            for code in PROGRAMS
        ],
        spacing="5",
        padding="24px",
    )


def _field(label: str, name: str, kind: str, hint: str | None = None) -> rx.Component:
    # Not `required`: the browser's own bubble would speak the browser's language and hide
    # what the server says; an empty submit is answered by the server (state/session.py).
    return rx.vstack(
        rx.text(t(label), size="2", weight="medium", as_="label", html_for=f"field-{name}"),
        rx.input(
            id=f"field-{name}",
            name=name,
            type=kind,
            size="3",
            width="100%",
            auto_complete="username" if name == "username" else "current-password",
            aria_label=t(label),
            data_testid=f"input-{name}",
        ),
        *([rx.text(t(hint), size="1", color_scheme="gray")] if hint else []),
        spacing="1",
        width="100%",
    )


def _login_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("username", "username", "text"),
            _field("password", "password", "password"),
            rx.button(
                t("login"),
                type="submit",
                size="3",
                width="100%",
                loading=SessionState.auth_busy,
                data_testid="submit-login",
            ),
            rx.link(
                t("have_no_account"),
                href="/login?mode=register",
                size="2",
                data_testid="show-register",
            ),
            spacing="3",
            width="100%",
            align="center",
        ),
        on_submit=SessionState.login,
        width="100%",
    )


def _register_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("username", "username", "text", "username_hint"),
            _field("password", "password", "password", "password_hint"),
            rx.vstack(
                rx.text(t("choose_program"), size="2", weight="medium"),
                rx.radio_group.root(
                    rx.hstack(
                        *[
                            rx.radio_group.item(
                                rx.hstack(programme_mark(code, size=20),
                                          rx.text(t(f"program_{code}"), as_="span"),
                                          align="center", spacing="1"),
                                value=code,
                                data_testid=f"choose-{code}",
                            )
                            for code in PROGRAMS
                        ],
                        spacing="4",
                        wrap="wrap",
                    ),
                    name="program",
                    default_value="jd",
                ),
                spacing="1",
                width="100%",
            ),
            rx.button(
                t("register"),
                type="submit",
                size="3",
                width="100%",
                loading=SessionState.auth_busy,
                data_testid="submit-register",
            ),
            rx.link(t("have_account"), href="/login", size="2", data_testid="show-login"),
            spacing="3",
            width="100%",
            align="center",
        ),
        on_submit=SessionState.register,
        width="100%",
    )


def _demo_members() -> rx.Component:
    return rx.cond(
        SessionState.demo_members.length() > 0,
        rx.card(
            rx.text(t("demo_members"), weight="bold", size="3"),
            rx.text(t("demo_hint"), size="1", color_scheme="gray"),
            demo_member_buttons(),
            width="100%",
            data_testid="demo-switcher",
        ),
    )


def demo_member_buttons() -> rx.Component:
    return rx.flex(
        rx.foreach(
            SessionState.demo_members,
            lambda member: rx.button(
                rx.match(member["program"],
                         *[(code, programme_mark(code, size=16)) for code in PROGRAMS],
                         programme_mark("", size=16)),
                rx.match(
                    member["program"], *[(code, t(f"program_{code}")) for code in PROGRAMS], ""
                ),
                " · ",
                member["username"].replace("demo_", ""),
                size="1",
                radius="full",
                variant=rx.cond(member["username"] == SessionState.username, "solid", "outline"),
                color_scheme="gray",
                high_contrast=True,
                on_click=SessionState.demo_login(member["username"]),
                data_testid="demo-" + member["username"],
            ),
        ),
        wrap="wrap",
        gap="8px",
        margin_top="10px",
    )
