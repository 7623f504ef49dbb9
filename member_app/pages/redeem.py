"""Redeem: the programme's catalog for every spending way, its games, the member's history.

Each item has its picture, price, stock and limit, and a button that is disabled, saying why,
when the member cannot afford it (the server refuses the same). Games show their odds and
expected return; playing one happens in the confirmation sheet (components/game_panel.py).
"""

from __future__ import annotations

import reflex as rx

from member_app.components.game_panel import game_panel, proof_details
from member_app.components.item_picture import item_picture
from member_app.components.layout import MUTED, loading, page_frame, shown_in_current_language
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.state.redeem import RedeemState

PRICE_COLOUR = "var(--brand-strong, #b42318)"
KIND_ICONS = {"own": "gift", "points_cash": "shopping-bag", "activity": "dices",
              "jd_bean": "bean"}
LINE = "1px solid var(--gray-a4)"


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
        rx.cond(shown_in_current_language(RedeemState),
                rx.vstack(_balance_bar(), rx.foreach(RedeemState.groups, _group), _history(),
                          spacing="4", width="100%"),
                loading()),
        spend_sheet(RedeemState.confirm_redeem, extra=game_panel()),
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
        background="var(--brand-soft, #fff1ee)",
        width="100%",
    )


def _group(group: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.match(group.kind,
                     *[(kind, rx.icon(icon, size=18, color=PRICE_COLOUR))
                       for kind, icon in KIND_ICONS.items()],
                     rx.icon("gift", size=18, color=PRICE_COLOUR)),
            rx.heading(group.title, size="3", as_="h2"),
            align="center",
            spacing="2",
        ),
        rx.text(group.hint, size="1", color=MUTED, margin_top="2px", margin_bottom="4px"),
        rx.box(
            rx.foreach(group.cards, _item),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))",
            column_gap="20px",
            width="100%",
        ),
        width="100%",
        data_testid="catalog-" + group.kind,
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            item_picture(item.picture),
            rx.vstack(
                rx.text(item.name, size="3", weight="bold", data_testid="item-name"),
                rx.cond(item.note != "", rx.text(item.note, size="1", color=MUTED)),
                rx.hstack(
                    rx.text(item.points, size="3", weight="bold", color=PRICE_COLOUR),
                    rx.cond(item.cash != "", rx.text(item.cash, size="3", weight="bold",
                                                     color=PRICE_COLOUR)),
                    spacing="1",
                    align="baseline",
                    data_testid="item-price",
                ),
                rx.flex(
                    rx.badge(item.stock, variant="soft",
                             color_scheme=rx.cond(item.sold_out, "gray", "green"), radius="full"),
                    rx.cond(item.limit != "", rx.badge(item.limit, variant="soft",
                                                       color_scheme="gray", radius="full")),
                    gap="6px",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1",
                min_width="0",
            ),
            rx.vstack(
                rx.button(
                    rx.cond(item.is_game, t("rdm_play_button"), t("rdm_button")),
                    on_click=RedeemState.open_redeem(item.id),
                    disabled=~item.can_redeem,
                    custom_attrs={"data-spend": "true"},
                    radius="full",
                    size="2",
                    style={"background": rx.cond(item.can_redeem,
                                                 "var(--brand-strong, #b42318)",
                                                 "var(--gray-a3)"),
                           "color": rx.cond(item.can_redeem, "#ffffff", "var(--gray-11)")},
                    data_testid="redeem-" + item.id.to_string(),
                ),
                rx.cond(item.short != "",
                        rx.text(item.short, size="1", color=MUTED, text_align="right",
                                data_testid="item-short")),
                align="end",
                spacing="1",
                min_width="72px",
            ),
            align="start",
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
        border_top=LINE,
        data_testid="item-" + item.id.to_string(),
        custom_attrs={"data-code": item.code, "data-affordable": item.affordable},
    )


def _odds(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(t("rdm_odds_title"), size="1", weight="bold", color=MUTED),
        rx.grid(
            rx.foreach(item.odds, lambda line: rx.hstack(
                rx.text(line.prize, size="1"),
                rx.spacer(),
                rx.text(line.odds, size="1", weight="bold"),
                width="100%",
                data_testid="odds-line",
            )),
            columns="2",
            spacing_x="4",
            spacing_y="1",
            width="100%",
            margin_top="4px",
        ),
        rx.text(item.expected, size="1", weight="medium", margin_top="6px",
                data_testid="expected-value"),
        rx.cond(item.odds_note != "", rx.text(item.odds_note, size="1", color=MUTED)),
        margin_top="10px",
        padding="10px 12px",
        border_radius="12px",
        background="var(--brand-soft, #fff7ed)",
        width="100%",
    )


def _history() -> rx.Component:
    return rx.card(
        rx.hstack(rx.icon("history", size=18, color=PRICE_COLOUR),
                  rx.heading(t("rdm_history_title"), size="3", as_="h2"),
                  align="center", spacing="2"),
        rx.cond(
            RedeemState.history.length() > 0,
            rx.vstack(rx.foreach(RedeemState.history, _history_row), spacing="0",
                      width="100%", margin_top="6px"),
            rx.text(t("rdm_history_empty"), size="2", color=MUTED, margin_top="8px",
                    data_testid="history-empty"),
        ),
        rx.cond(RedeemState.history_more,
                rx.button(t("rdm_history_more"), on_click=RedeemState.show_more_history,
                          variant="soft", color_scheme="gray", size="2", width="100%",
                          margin_top="8px", data_testid="history-more")),
        width="100%",
        data_testid="history",
    )


def _history_row(row: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            item_picture(row.picture, size="40px"),
            rx.vstack(
                rx.text(row.name, size="2", weight="bold"),
                rx.text(row.when, size="1", color=MUTED),
                rx.cond(row.result != "", rx.text(row.result, size="1", weight="medium",
                                                  data_testid="history-result")),
                spacing="0",
                flex="1",
                min_width="0",
            ),
            rx.vstack(
                rx.text(row.price, size="2", weight="bold", color=PRICE_COLOUR,
                        white_space="nowrap"),
                rx.badge(row.status, variant="soft", radius="full",
                         color_scheme=rx.match(row.status_tone, ("orange", "orange"),
                                               ("gray", "gray"), "green")),
                align="end",
                spacing="1",
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        rx.cond(row.has_proof, proof_details(row.proof)),
        padding_y="10px",
        border_top=LINE,
        width="100%",
        data_testid="history-row",
    )
