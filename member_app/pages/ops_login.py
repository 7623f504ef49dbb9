"""The operators' login (SPEC 12): a name and a password, nothing else; never registration."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED
from member_app.components.text import t, t_choice
from member_app.state.ops import OpsState

ERRORS = {code: f"ops_err_{code}"
          for code in ("invalid_credentials", "rate_limited", "missing_credentials")}


def ops_login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("ops_login_title"), size="5"),
                    rx.spacer(),
                    rx.button(t("language"), size="1", variant="soft", color_scheme="gray",
                              on_click=OpsState.toggle_ops_locale,
                              data_testid="language-toggle"),
                    width="100%", align="center",
                ),
                rx.text(t("ops_login_intro"), size="2", color=MUTED),
                rx.form(
                    rx.vstack(
                        rx.el.label(t("ops_name"), html_for="ops-name"),
                        rx.input(id="ops-name", name="name", auto_complete="username",
                                 width="100%", size="3", data_testid="ops-name"),
                        rx.el.label(t("ops_password"), html_for="ops-password"),
                        rx.input(id="ops-password", name="password", type="password",
                                 auto_complete="current-password", width="100%", size="3",
                                 data_testid="ops-password"),
                        rx.cond(OpsState.ops_login_error != "",
                                rx.text(t_choice(OpsState.ops_login_error, ERRORS,
                                                 "ops_err_error"),
                                        color="#b42318", size="2", role="alert",
                                        data_testid="ops-login-error")),
                        rx.button(t("ops_log_in"), type="submit", width="100%", size="3",
                                  loading=OpsState.ops_login_busy, data_testid="ops-login"),
                        spacing="2", width="100%",
                    ),
                    on_submit=OpsState.ops_login,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.cond(OpsState.ops_demo,
                        rx.text(t("ops_demo_hint"), size="1", color=MUTED,
                                data_testid="ops-demo-hint")),
                spacing="3", width="100%",
            ),
            width="100%", max_width="420px", size="3",
        ),
        min_height="100vh", padding="16px", background="#f3f4f6",
    )
