"""The confirmation sheet (a bottom sheet on a phone) that every spending action opens.

It says what is paid and what is received, shows the demo payment step when there is a cash
leg, and shows the one result in place. The confirm button is marked `data-spend`, so the
offline guard (assets/offline.js) swallows a tap made offline instead of letting it queue.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t
from member_app.state.spend import SpendState

sheet = SpendState.sheet
PAYMENT_CHOICES = ("pay", "decline", "pending")


def spend_sheet(confirm: rx.EventHandler, extra: rx.Component | None = None) -> rx.Component:
    """`extra`: what a page adds under the result, before the buttons (a game, its proof)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(sheet.title, size="5", margin_bottom="2px"),
            rx.dialog.description(t("spend_check"), size="2", color_scheme="gray"),
            rx.vstack(
                _lines("spend_you_pay", sheet.pay_lines, "sheet-pay"),
                _lines("spend_you_get", sheet.get_lines, "sheet-get"),
                rx.foreach(sheet.notes, lambda note: rx.text(note, size="1",
                                                             color_scheme="gray")),
                rx.cond(sheet.cash != "", _payment_step()),
                rx.cond(sheet.done, _result()),
                *([extra] if extra is not None else []),
                _buttons(confirm),
                spacing="3",
                width="100%",
                margin_top="12px",
            ),
            data_testid="spend-sheet",
            # A bottom sheet on a phone, a centred dialog on a desktop.
            style={"maxWidth": "440px", "width": "calc(100vw - 16px)",
                   "maxHeight": "calc(100dvh - 16px)", "overflowY": "auto",
                   "@media (max-width: 600px)": {"position": "fixed", "bottom": "8px",
                                                 "left": "8px", "right": "8px",
                                                 "margin": "0", "width": "auto"}},
        ),
        open=sheet.open,
        on_open_change=SpendState.sheet_open_changed,
    )


def _lines(title_key: str, lines: rx.Var, test_id: str) -> rx.Component:
    return rx.box(
        rx.text(t(title_key), size="1", weight="bold", color_scheme="gray"),
        rx.foreach(lines, lambda line: rx.text(line, size="3", weight="medium")),
        padding="10px 12px",
        border_radius="12px",
        background="var(--gray-a2)",
        width="100%",
        data_testid=test_id,
    )


def _payment_step() -> rx.Component:
    return rx.box(
        rx.text(t("spend_payment_title"), size="2", weight="bold"),
        rx.text(t("spend_payment_hint"), size="1", color_scheme="gray"),
        rx.radio_group.root(
            *[rx.radio_group.item(t(f"spend_payment_{choice}"), value=choice,
                                  data_testid=f"payment-{choice}")
              for choice in PAYMENT_CHOICES],
            value=sheet.payment,
            on_change=SpendState.choose_payment,
            disabled=sheet.busy | sheet.done,
            direction="column",
            spacing="1",
            margin_top="6px",
            aria_label=t("spend_payment_title"),
        ),
        rx.text(rx.match(sheet.payment,
                         *[(choice, t(f"spend_payment_{choice}_means"))
                           for choice in PAYMENT_CHOICES],
                         t("spend_payment_pay_means")),
                size="1", color="var(--brand-strong, #8a5a00)", margin_top="6px",
                data_testid="payment-means"),
        padding="10px 12px",
        border="1px solid var(--gray-a5)",
        border_radius="12px",
        width="100%",
        data_testid="payment-step",
    )


def _result() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.cond(sheet.ok, rx.icon("circle-check"), rx.icon("circle-alert"))),
        rx.callout.text(sheet.result,
                        rx.cond(sheet.result_detail != "",
                                rx.text(sheet.result_detail, as_="div", weight="bold"))),
        color_scheme=rx.cond(sheet.ok, "green", "red"),
        role="status",
        width="100%",
        data_testid="sheet-result",
        custom_attrs={"data-ok": sheet.ok},
    )


def _buttons(confirm: rx.EventHandler) -> rx.Component:
    # The confirm button stays where it was once done (disabled, saying so): a quick second tap
    # lands on it, not on a close button that would hide the result.
    return rx.hstack(
        rx.button(
            rx.cond(sheet.done, t("spend_close"), t("spend_cancel")),
            on_click=SpendState.close_sheet,
            disabled=sheet.busy,
            variant="soft",
            color_scheme="gray",
            size="3",
            flex="1",
            data_testid="sheet-close",
        ),
        rx.button(
            rx.cond(sheet.done, t("spend_done"), sheet.confirm_label),
            on_click=confirm,
            loading=sheet.busy,
            disabled=sheet.busy | sheet.done,
            size="3",
            flex="2",
            style={"background": rx.cond(sheet.busy | sheet.done, "var(--gray-a4)",
                                         "var(--brand-strong, #b42318)"),
                   "color": rx.cond(sheet.busy | sheet.done, "var(--gray-11)", "#ffffff")},
            data_testid="sheet-confirm",
            custom_attrs={"data-spend": "true"},
        ),
        width="100%",
        spacing="2",
    )
