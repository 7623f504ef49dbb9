"""Redeem: the catalog for every spending way, with price, stock, limit, odds and a button."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import MUTED, loading, page_frame
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.state.redeem import RedeemState

PRICE_COLOUR = "#e1251b"
KIND_ICONS = {"own": "gift", "points_cash": "shopping-bag", "activity": "dices",
              "jd_bean": "bean"}


def back_link(href: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("chevron-left", size=18), rx.text(t("back"), size="2"),
                  spacing="1", align="center"),
        href=href,
        color=MUTED,
        underline="none",
        data_testid="back-link",
    )


def redeem_page() -> rx.Component:
    return page_frame(
        back_link("/points"),
        rx.cond(RedeemState.loaded,
                rx.vstack(_balance_bar(), rx.foreach(RedeemState.groups, _group),
                          spacing="4", width="100%"),
                loading()),
        spend_sheet(RedeemState.confirm_redeem),
        active="points",
        title="rdm_title",
        reload=RedeemState.load,
    )


def _balance_bar() -> rx.Component:
    return rx.hstack(
        rx.icon("coins", size=18, color=PRICE_COLOUR),
        rx.text(RedeemState.balance_line, size="3", weight="bold", data_testid="redeem-balance"),
        align="center",
        padding="10px 14px",
        border_radius="999px",
        background="#fff1ee",
        width="100%",
    )


def _group(group: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.match(group.kind,
                     *[(kind, rx.icon(icon, size=18, color=PRICE_COLOUR))
                       for kind, icon in KIND_ICONS.items()],
                     rx.icon("gift", size=18, color=PRICE_COLOUR)),
            rx.text(group.title, weight="bold", size="3"),
            align="center",
            spacing="2",
        ),
        rx.text(group.hint, size="1", color_scheme="gray", margin_top="2px",
                margin_bottom="4px"),
        rx.foreach(group.cards, _item),
        width="100%",
        data_testid="catalog-" + group.kind,
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text(item.name, size="3", weight="bold"),
                rx.hstack(
                    rx.text(item.points, size="3", weight="bold", color=PRICE_COLOUR),
                    rx.cond(item.cash != "", rx.text(item.cash, size="3", weight="bold",
                                                     color=PRICE_COLOUR)),
                    spacing="1",
                    align="baseline",
                ),
                rx.flex(
                    rx.badge(item.stock, variant="soft",
                             color_scheme=rx.cond(item.sold_out, "gray", "green"), radius="full"),
                    rx.cond(item.limit != "", rx.badge(item.limit, variant="soft",
                                                       color_scheme="orange", radius="full")),
                    gap="6px",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1",
                min_width="0",
            ),
            rx.button(
                rx.cond(item.is_game, t("rdm_play_button"), t("rdm_button")),
                on_click=RedeemState.open_redeem(item.id),
                disabled=item.sold_out,
                custom_attrs={"data-spend": "true"},
                radius="full",
                size="2",
                color_scheme="red",
                data_testid="redeem-" + item.id.to_string(),
            ),
            align="center",
            width="100%",
            spacing="3",
        ),
        rx.cond(item.is_game, _odds(item)),
        rx.cond(
            (RedeemState.outcome.target == item.id) & (RedeemState.outcome.text != ""),
            rx.callout.root(
                rx.callout.icon(rx.cond(RedeemState.outcome.ok, rx.icon("circle-check"),
                                        rx.icon("circle-alert"))),
                rx.callout.text(
                    RedeemState.outcome.text,
                    rx.cond(RedeemState.outcome.detail != "",
                            rx.text(RedeemState.outcome.detail, as_="div", weight="bold")),
                ),
                color_scheme=rx.cond(RedeemState.outcome.ok, "green", "red"),
                size="1",
                width="100%",
                margin_top="10px",
                data_testid="redeem-result",
                custom_attrs={"data-ok": RedeemState.outcome.ok},
            ),
        ),
        padding_y="14px",
        border_top="1px solid #f3eee8",
        data_testid="item-" + item.id.to_string(),
    )


def _odds(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(t("rdm_odds_title"), size="1", weight="bold", color_scheme="gray"),
        rx.grid(
            rx.foreach(item.odds, lambda line: rx.hstack(
                rx.text(line.prize, size="1"),
                rx.spacer(),
                rx.text(line.odds, size="1", weight="bold"),
                width="100%",
            )),
            columns="2",
            spacing_x="4",
            spacing_y="1",
            width="100%",
            margin_top="4px",
        ),
        rx.text(item.expected, size="1", color="#ad6800", margin_top="6px",
                data_testid="expected-value"),
        margin_top="10px",
        padding="10px 12px",
        border_radius="12px",
        background="#fffbe6",
        width="100%",
    )
