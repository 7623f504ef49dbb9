"""Sign-in: the button, what it earned, current and longest streak, calendar, reward ladder."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import ACCENT, loading, page_frame, section
from member_app.components.text import t
from member_app.state.signin import SignInState

view = SignInState.view


def signin_page() -> rx.Component:
    return page_frame(
        rx.cond(
            SignInState.loaded,
            rx.vstack(_button_card(), _calendar(), _ladder(), spacing="4", width="100%"),
            loading(),
        ),
        active="signin",
        title="signin_title",
        reload=SignInState.load,
    )


def _button_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                _stat("streak_current", view.current, "streak-current"),
                rx.divider(orientation="vertical", size="2"),
                _stat("streak_longest", view.longest, "streak-longest"),
                justify="center",
                spacing="6",
                width="100%",
            ),
            rx.button(
                rx.cond(view.signed_today, t("signin_done_button"), t("signin_button")),
                on_click=SignInState.sign_in_today,
                loading=SignInState.busy,
                size="4",
                radius="full",
                width="80%",
                variant=rx.cond(view.signed_today, "soft", "solid"),
                data_testid="sign-in-button",
            ),
            rx.cond(
                SignInState.result != "",
                rx.callout(
                    SignInState.result,
                    icon=rx.cond(SignInState.result_is_new, "gift", "info"),
                    color_scheme=rx.cond(SignInState.result_is_new, "green", "gray"),
                    width="100%",
                    data_testid="sign-in-result",
                ),
            ),
            align="center",
            spacing="4",
            width="100%",
        ),
        width="100%",
        background="linear-gradient(180deg, #fff7ec 0%, #ffffff 100%)",
    )


def _stat(label: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), size="1", color_scheme="gray"),
        rx.text(value, size="6", weight="bold", data_testid=test_id),
        align="center",
        spacing="0",
    )


def _calendar() -> rx.Component:
    return rx.card(
        rx.text(view.month_title, weight="bold", size="3"),
        rx.grid(
            rx.foreach(
                view.weekdays,
                lambda name: rx.text(name, size="1", color_scheme="gray", align="center"),
            ),
            rx.foreach(view.cells, _cell),
            columns="7",
            spacing="2",
            margin_top="10px",
            width="100%",
        ),
        width="100%",
        data_testid="sign-in-calendar",
    )


def _cell(cell: rx.Var) -> rx.Component:
    return rx.center(
        rx.text(cell.label, size="2", weight=rx.cond(cell.today, "bold", "regular")),
        height="36px",
        border_radius="999px",
        background=rx.cond(cell.signed, ACCENT, "transparent"),
        color=rx.cond(cell.signed, "white", "inherit"),
        border=rx.cond(cell.today, f"2px solid {ACCENT}", "2px solid transparent"),
        custom_attrs={"data-signed": cell.signed},
    )


def _ladder() -> rx.Component:
    return section(
        "reward_ladder",
        rx.grid(
            rx.foreach(
                view.ladder,
                lambda step: rx.vstack(
                    rx.text(
                        step.reward,
                        size="3",
                        weight="bold",
                        color=rx.cond(step.reached, "white", ACCENT),
                    ),
                    rx.text(step.label, size="1", color=rx.cond(step.reached, "white", "gray")),
                    align="center",
                    spacing="0",
                    padding_y="8px",
                    border_radius="12px",
                    background=rx.cond(step.reached, ACCENT, "#fbf3ea"),
                ),
            ),
            columns=rx.cond(view.ladder.length() == 1, "1", "7"),
            spacing="1",
            margin_top="10px",
            width="100%",
        ),
        rx.text(view.points_name, size="1", color_scheme="gray", margin_top="6px"),
    )
