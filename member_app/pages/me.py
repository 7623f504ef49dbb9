"""Me: account and profile, PLUS (JD), badges (JD), tier benefits, joint memberships (Fliggy),
settings. On a desktop the account, benefits and joint memberships take the wide column."""

from __future__ import annotations

import reflex as rx

from member_app.components.brand import avatar
from member_app.components.layout import (
    ACCENT,
    BRAND_SOFT,
    loading,
    page_columns,
    page_frame,
    section,
    shown_in_current_language,
)
from member_app.components.text import t, t_choice
from member_app.pages.login import demo_member_buttons
from member_app.state.me import PROFILE_ERRORS, MeState
from member_app.state.session import SessionState

view = MeState.view
acct = MeState.view.account


def me_page() -> rx.Component:
    return page_frame(
        rx.cond(
            shown_in_current_language(MeState),
            page_columns(
                rx.vstack(_account(), _benefits(), _joint(), spacing="4", width="100%"),
                rx.vstack(_profile(), _badges(), _settings(), spacing="4", width="100%"),
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
            avatar(acct.avatar_initial, acct.avatar_colour),
            rx.vstack(
                rx.text(acct.display_name, weight="bold", size="4", data_testid="me-username"),
                rx.cond(acct.show_username,
                        rx.text("@", acct.username, size="1", color_scheme="gray")),
                rx.text(view.tier_name, size="2", color_scheme="gray", data_testid="me-tier"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.cond(acct.has_plus, _plus_pill()),
            align="center",
            width="100%",
        ),
        rx.grid(
            _figure(acct.growth_label, acct.growth, t("me_growth_caption"), "me-growth"),
            _figure(acct.points_label, acct.points, t("me_points_caption"), "me-points"),
            columns="2",
            spacing="3",
            width="100%",
            margin_top="14px",
        ),
        rx.text(acct.growth_note, size="1", color_scheme="gray", margin_top="8px",
                data_testid="growth-note"),
        width="100%",
    )


def _figure(label: rx.Var, value: rx.Var, caption: rx.Var, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.text(value, size="5", weight="bold", data_testid=testid),
        rx.text(caption, size="1", color=ACCENT),
        spacing="0",
        padding="10px 12px",
        border_radius="12px",
        background=BRAND_SOFT,
    )


def _plus_pill() -> rx.Component:
    """PLUS reads as a status only for a member who has it (a solid gold pill with a check);
    anyone else sees an invitation to join, as JD's own Me page does."""
    return rx.link(
        rx.cond(
            acct.plus_active,
            rx.badge(rx.icon("badge-check", size=14), acct.plus_label, size="2", radius="full",
                     variant="solid", color_scheme="gold", high_contrast=True),
            rx.badge(acct.plus_label, rx.icon("chevron-right", size=14), size="2",
                     radius="full", variant="surface", color_scheme="gray"),
        ),
        href="/plus",
        underline="none",
        data_testid="link-plus",
        custom_attrs={"data-plus": acct.plus_active},
    )


def _profile() -> rx.Component:
    return section(
        "profile_title",
        rx.form(
            rx.vstack(
                _profile_field("profile_nickname", rx.input(
                    id="field-nickname", name="nickname", default_value=acct.nickname,
                    max_length=40, size="2", width="100%", auto_complete="nickname",
                    aria_label=t("profile_nickname"), data_testid="input-nickname"),
                    "profile_nickname_hint"),
                _profile_field("profile_birthday", rx.cond(
                    acct.birthday_locked,
                    rx.hstack(
                        rx.text(acct.birthday_text, size="2", data_testid="birthday-text"),
                        rx.el.input(type="hidden", name="birthday", value=acct.birthday),
                        align="center",
                    ),
                    # Text, not type=date: the browser's date field speaks the browser's
                    # language (mm/dd/yyyy in a Chinese page); the server checks the day.
                    rx.input(id="field-birthday", name="birthday", type="text",
                             input_mode="numeric", max_length=10,
                             placeholder=t("profile_birthday_placeholder"), size="2",
                             width="100%", auto_complete="bday",
                             aria_label=t("profile_birthday"), data_testid="input-birthday"),
                ), None, hint_var=acct.birthday_hint),
                rx.cond(
                    MeState.profile_error != "",
                    rx.callout(t_choice(MeState.profile_error,
                                        {f"err_{code}": f"err_{code}" for code in PROFILE_ERRORS},
                                        "err_profile"),
                               icon="circle_alert", color_scheme="red", size="1", width="100%",
                               role="alert", data_testid="profile-error"),
                ),
                rx.cond(
                    MeState.profile_saved,
                    rx.callout(t("profile_saved"), icon="circle_check", color_scheme="green",
                               size="1", width="100%", data_testid="profile-saved"),
                ),
                rx.button(t("profile_save"), type="submit", width="100%",
                          loading=MeState.profile_busy, data_testid="submit-profile"),
                spacing="3",
                width="100%",
                margin_top="10px",
            ),
            on_submit=MeState.save_profile,
            reset_on_submit=False,
            width="100%",
            # The fields are uncontrolled (no event per keystroke): a new key re-mounts them
            # with the loaded values when the member or the saved profile changes.
            key=acct.username + "|" + acct.nickname + "|" + acct.birthday,
        ),
        data_testid="profile",
    )


def _profile_field(label: str, control: rx.Component, hint: str | None, *,
                   hint_var: rx.Var | None = None) -> rx.Component:
    target = "field-nickname" if label == "profile_nickname" else "field-birthday"
    return rx.vstack(
        rx.text(t(label), size="2", weight="medium", as_="label", html_for=target),
        control,
        *([rx.text(t(hint), size="1", color_scheme="gray")] if hint else []),
        *([rx.text(hint_var, size="1", color_scheme="gray")] if hint_var is not None else []),
        spacing="1",
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
    """Icon, name and spending on the left, the level in a fixed column on the right: the rows
    line up in both languages however long a category's name is."""
    return rx.vstack(
        rx.hstack(
            rx.icon(
                "medal",
                size=20,
                flex_shrink="0",
                color=rx.match(
                    badge.level_code,
                    ("gold", "#b7791f"),
                    ("silver", "#7b8794"),
                    ("bronze", "#a0522d"),
                    "#b8bec6",
                ),
            ),
            rx.vstack(
                rx.text(badge.name, weight="bold", size="2"),
                rx.text(badge.spent, size="1", color_scheme="gray"),
                spacing="0",
                flex="1",
                min_width="0",
            ),
            rx.badge(badge.level, radius="full", variant="soft", white_space="nowrap",
                     min_width="64px", justify_content="center"),
            align="center",
            width="100%",
        ),
        rx.progress(value=badge.progress, size="1", width="100%", aria_label=badge.name),
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
                        rx.badge(t("your_tier"), variant="solid", radius="full"),
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
                border=rx.cond(tier.current, f"2px solid {ACCENT}", "1px solid #e5e7eb"),
                background=rx.cond(tier.current, BRAND_SOFT, "transparent"),
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
                        color=rx.cond(row.unlocked, "#237804", "#5c6470"),
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
