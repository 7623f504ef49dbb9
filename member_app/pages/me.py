"""Me: account, PLUS, badges (JD), tier benefits, joint memberships (Fliggy), settings."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import ACCENT, loading, page_frame, section
from member_app.components.text import t
from member_app.pages.login import demo_member_buttons
from member_app.state.me import MeState
from member_app.state.session import SessionState

view = MeState.view


def me_page() -> rx.Component:
    return page_frame(
        rx.cond(
            MeState.loaded,
            rx.vstack(
                _account(), _badges(), _benefits(), _joint(), _settings(), spacing="4", width="100%"
            ),
            loading(),
        ),
        active="me",
        title="me_title",
        reload=MeState.load,
    )


def _account() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.avatar(
                fallback=SessionState.username[:1].upper(),
                radius="full",
                size="4",
                color_scheme="amber",
            ),
            rx.vstack(
                rx.text(SessionState.username, weight="bold", size="4", data_testid="me-username"),
                rx.text(view.tier_name, size="2", color_scheme="gray"),
                spacing="0",
            ),
            rx.spacer(),
            # PLUS is JD's paid membership (SPEC 8): the other programs have none.
            rx.cond(
                SessionState.program == "jd",
                rx.link(
                    rx.badge(
                        rx.cond(MeState.plus_active, "PLUS ✓", "PLUS"),
                        size="2",
                        color_scheme="gold",
                        variant=rx.cond(MeState.plus_active, "solid", "outline"),
                        radius="full",
                    ),
                    href="/plus",
                    data_testid="link-plus",
                ),
            ),
            align="center",
            width="100%",
        ),
        width="100%",
    )


def _badges() -> rx.Component:
    return rx.cond(
        view.has_badges,
        section(
            "badges_title",
            rx.cond(
                view.badges.length() == 0, rx.text(t("no_badges"), size="2", color_scheme="gray")
            ),
            rx.foreach(view.badges, _badge_row),
            data_testid="badges",
        ),
    )


def _badge_row(badge: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon(
                "medal",
                size=18,
                color=rx.match(
                    badge.level_code,
                    ("gold", "#d4a017"),
                    ("silver", "#9aa4ad"),
                    ("bronze", "#b87333"),
                    "#cccccc",
                ),
            ),
            rx.text(badge.name, weight="bold", size="2"),
            rx.badge(badge.level, radius="full", variant="soft", color_scheme="amber"),
            rx.spacer(),
            rx.text(badge.spent, size="1", color_scheme="gray"),
            align="center",
            width="100%",
        ),
        rx.progress(value=badge.progress, size="1", width="100%", color_scheme="amber",
                    aria_label=badge.name),
        rx.text(badge.next_step, size="1", color_scheme="gray"),
        spacing="1",
        width="100%",
        margin_top="12px",
    )


def _benefits() -> rx.Component:
    return section(
        "benefits_title",
        rx.cond(
            view.frozen,
            rx.callout(
                t("benefits_frozen"), icon="lock", color_scheme="red", size="1", margin_top="8px"
            ),
        ),
        rx.foreach(
            view.tiers,
            lambda tier: rx.box(
                rx.hstack(
                    rx.text(tier.name, weight="bold", size="2"),
                    rx.cond(
                        tier.current,
                        rx.badge(
                            t("your_tier"), color_scheme="amber", variant="solid", radius="full"
                        ),
                    ),
                    align="center",
                ),
                rx.flex(
                    rx.foreach(
                        tier.benefits,
                        lambda line: rx.badge(
                            line, variant="soft", color_scheme="gray", radius="full"
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                    margin_top="6px",
                ),
                padding="10px",
                margin_top="8px",
                border_radius="12px",
                border=rx.cond(tier.current, f"2px solid {ACCENT}", "1px solid #eee6dd"),
                background=rx.cond(tier.current, "#fff7ec", "transparent"),
                custom_attrs={"data-current": tier.current},
            ),
        ),
        data_testid="benefits",
    )


def _joint() -> rx.Component:
    return rx.cond(
        view.joint.length() > 0,
        section(
            "joint_title",
            rx.foreach(
                view.joint,
                lambda row: rx.hstack(
                    rx.vstack(
                        rx.text(row.partner, weight="bold", size="2"),
                        rx.text(row.form, size="1", color_scheme="gray"),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.text(
                        row.status,
                        size="1",
                        align="right",
                        color=rx.cond(row.unlocked, "#389e0d", "gray"),
                        max_width="55%",
                    ),
                    width="100%",
                    align="center",
                    margin_top="10px",
                ),
            ),
            data_testid="joint-memberships",
        ),
    )


def _settings() -> rx.Component:
    return section(
        "settings",
        rx.cond(
            SessionState.demo_members.length() > 0,
            rx.box(rx.text(t("demo_members"), size="2", margin_top="10px"), demo_member_buttons()),
        ),
        _password_form(),
        rx.button(
            t("logout"),
            on_click=SessionState.logout,
            variant="outline",
            color_scheme="red",
            width="100%",
            margin_top="14px",
            data_testid="logout",
        ),
    )


def _password_field(label: str, name: str, completion: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), size="2", weight="medium"),
        rx.input(name=name, type="password", size="2", width="100%", required=True,
                 auto_complete=completion, aria_label=t(label), data_testid=f"input-{name}"),
        spacing="1",
        width="100%",
    )


def _password_form() -> rx.Component:
    """Collapsed under a summary line: changing the password ends every session."""
    return rx.el.details(
        rx.el.summary(rx.text(t("change_password"), size="2", as_="span"),
                      cursor="pointer", data_testid="show-change-password"),
        rx.form(
            rx.vstack(
                _password_field("current_password", "current_password", "current-password"),
                _password_field("new_password", "new_password", "new-password"),
                rx.text(t("password_hint"), " · ", t("change_password_note"), size="1",
                        color_scheme="gray"),
                rx.cond(
                    MeState.password_error != "",
                    rx.callout(rx.match(
                        MeState.password_error,
                        ("err_wrong_current_password", t("err_wrong_current_password")),
                        ("err_rate_limited", t("err_rate_limited")),
                        t("err_invalid_password"),
                    ), icon="circle_alert", color_scheme="red", size="1", width="100%",
                        data_testid="password-error"),
                ),
                rx.button(t("change_password"), type="submit", width="100%",
                          loading=MeState.password_busy, data_testid="submit-change-password"),
                spacing="3",
                width="100%",
                margin_top="10px",
            ),
            on_submit=MeState.change_password,
            reset_on_submit=False,
            width="100%",
        ),
        margin_top="14px",
        data_testid="change-password",
    )
