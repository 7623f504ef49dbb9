"""PLUS: status and end date, benefits, and joining (annual, trial, code) or renewing."""

from __future__ import annotations

import reflex as rx

from member_app.components.icons import callout, either_icon
from member_app.components.layout import loading, page_frame, section, shown_in_current_language
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.pages.redeem import back_link
from member_app.presenters.plus import BENEFIT_ICONS
from member_app.state.plus import PlusState

view = PlusState.view
GOLD = "#e7c48a"
PLUS_GRADIENT = "linear-gradient(135deg, #1d1a17 0%, #3a2f25 60%, #6b5235 100%)"


def plus_page() -> rx.Component:
    return page_frame(
        back_link("/me"),
        rx.cond(shown_in_current_language(PlusState),
                rx.vstack(_status_card(), _outcome(), _savings(), _benefits(), _join(),
                          spacing="4", width="100%"),
                loading()),
        spend_sheet(PlusState.confirm_plus),
        active="me",
        title="plus_title",
        reload=PlusState.load,
    )


def _status_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text("PLUS", size="7", weight="bold", color=GOLD, letter_spacing="2px"),
            rx.spacer(),
            rx.cond(view.active, rx.icon("crown", size=28, color=GOLD)),
            align="center",
            width="100%",
        ),
        rx.text(view.status, size="4", weight="bold", margin_top="8px", data_testid="plus-status",
                custom_attrs={"data-active": view.active}),
        rx.cond(view.active,
                rx.text(view.end_date, size="2", color=GOLD, data_testid="plus-end-date"),
                rx.text(t("plus_pitch"), size="2", opacity="0.8")),
        background=PLUS_GRADIENT,
        color="#f7efe3",
        padding="20px",
        border_radius="20px",
        box_shadow="0 10px 30px rgba(0,0,0,0.25)",
        width="100%",
    )


def _savings() -> rx.Component:
    """What PLUS saved this year (members) or would have (everyone else): SPEC 13."""
    savings = PlusState.savings
    row = {"width": "100%", "align": "center", "padding_y": "6px"}
    return rx.cond(savings.kind != "", section(
        "plus_savings",
        rx.text(savings.headline, size="5", weight="bold", color="#8c6a3f", margin_top="6px",
                data_testid="plus-saved"),
        rx.vstack(
            rx.foreach(savings.lines, lambda line: rx.hstack(
                rx.text(line.label, size="2", flex="1", min_width="0"),
                rx.text(line.amount, size="2", weight="medium"), **row)),
            rx.hstack(rx.text(savings.fee_label, size="2", flex="1", color_scheme="gray"),
                      rx.text(savings.fee, size="2", color_scheme="gray"),
                      border_top="1px solid #f3eee8", **row),
            spacing="0", width="100%", margin_top="8px", data_testid="plus-saved-lines",
        ),
        rx.badge(savings.verdict, color_scheme=rx.cond(savings.ahead, "green", "amber"),
                 size="2", radius="full", margin_top="6px", data_testid="plus-saved-verdict"),
        rx.cond(savings.since != "", rx.text(savings.since, size="2", margin_top="8px",
                                             data_testid="plus-saved-since")),
        rx.text(savings.rule, size="1", color_scheme="gray", margin_top="6px"),
        data_testid="plus-savings", custom_attrs={"data-kind": savings.kind},
    ))


def _outcome() -> rx.Component:
    return rx.cond(
        PlusState.outcome.text != "",
        callout(PlusState.outcome.text,
                either_icon(PlusState.outcome.ok, "circle-check", "circle-alert"),
                color_scheme=rx.cond(PlusState.outcome.ok, "green", "red"),
                width="100%", data_testid="plus-result",
                custom_attrs={"data-ok": PlusState.outcome.ok}),
    )


def _benefits() -> rx.Component:
    return section(
        "plus_benefits",
        rx.grid(
            rx.foreach(view.benefits, lambda benefit: rx.vstack(
                rx.center(_benefit_icon(benefit.icon), width="40px",
                          height="40px", border_radius="999px", background="#f8efe1"),
                rx.text(benefit.text, size="1", align="center"),
                align="center",
                spacing="1",
            )),
            columns="3",
            spacing="3",
            width="100%",
            margin_top="12px",
        ),
        data_testid="plus-benefits",
    )


def _benefit_icon(name: rx.Var) -> rx.Component:
    return rx.match(name, *[(icon, rx.icon(icon, size=20, color="#8c6a3f"))
                            for icon in BENEFIT_ICONS], rx.icon("star", size=20))


def _plan_row(title: rx.Var, hint: rx.Var, button: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(title, size="3", weight="bold"),
                  rx.text(hint, size="1", color_scheme="gray"),
                  spacing="0", flex="1", min_width="0"),
        button,
        width="100%",
        align="center",
        padding_y="12px",
        border_top="1px solid #f3eee8",
    )


def _join() -> rx.Component:
    return section(
        "plus_join",
        _plan_row(
            rx.cond(view.active, t("plus_renew_title"), view.annual),
            rx.cond(view.active, view.renew_hint, t("plus_paid_via")),
            rx.button(rx.cond(view.active, t("plus_renew_button"), t("plus_annual_button")),
                      on_click=PlusState.open_join("annual"), radius="full",
                      color_scheme="amber", high_contrast=True, data_testid="plus-annual",
                      custom_attrs={"data-spend": "true"}),
        ),
        # A member who has PLUS is not offered the trial (issue #13 finding 7).
        rx.cond(~view.active, _plan_row(
            view.trial,
            rx.cond(view.trial_used, t("plus_trial_used"), t("plus_trial_hint")),
            rx.button(t("plus_trial_button"), on_click=PlusState.open_join("trial"),
                      disabled=view.trial_used, radius="full", variant="outline",
                      color_scheme="amber", data_testid="plus-trial",
                      custom_attrs={"data-spend": "true"}),
        )),
        rx.form(
            rx.vstack(
                rx.text(t("plus_code"), size="3", weight="bold"),
                rx.hstack(
                    rx.input(name="code", placeholder=t("plus_code_placeholder"), size="2",
                             flex="1", auto_complete="off", data_testid="plus-code-input"),
                    rx.button(t("plus_code_button"), type="submit", variant="soft",
                              color_scheme="amber", data_testid="plus-code-submit",
                              custom_attrs={"data-spend": "true"}),
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=PlusState.open_code,
            reset_on_submit=True,
            padding_top="12px",
            border_top="1px solid #f3eee8",
            width="100%",
        ),
        data_testid="plus-join",
    )
