"""Coupons: the wallet (unused / used / expired), listing one for sale, the market, my listings."""

from __future__ import annotations

import reflex as rx

from member_app.components.layout import loading, page_frame, section
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.presenters.coupons import SEGMENTS
from member_app.state.coupons import MY_LISTINGS, CouponsState

STUB_COLOURS = {"unused": "linear-gradient(160deg, #ff6a4d 0%, #e1251b 100%)",
                "used": "#bfbfbf", "expired": "#d9d9d9"}
RED = "#e1251b"


def coupons_page() -> rx.Component:
    return page_frame(
        rx.cond(CouponsState.loaded,
                rx.vstack(_outcome(), _balance(), _wallet(), _market(), _my_listings(),
                          spacing="4", width="100%"),
                loading()),
        spend_sheet(CouponsState.confirm_buy),
        active="coupons",
        title="cpn_title",
        reload=CouponsState.load,
    )


def _outcome(target: rx.Var | int = 0) -> rx.Component:
    """The last action's result, where it was tapped: `target` is a coupon id (its card),
    MY_LISTINGS, or 0 for page-wide results."""
    return rx.cond(
        (CouponsState.outcome.text != "") & (CouponsState.outcome.target == target),
        rx.callout(CouponsState.outcome.text,
                   icon=rx.cond(CouponsState.outcome.ok, "circle-check", "circle-alert"),
                   color_scheme=rx.cond(CouponsState.outcome.ok, "green", "red"),
                   width="100%", data_testid="coupons-result",
                   custom_attrs={"data-ok": CouponsState.outcome.ok}),
    )


def _balance() -> rx.Component:
    return rx.hstack(
        rx.icon("coins", size=18, color=RED),
        rx.text(CouponsState.balance_line, size="3", weight="bold", data_testid="coupons-balance"),
        align="center",
        padding="10px 14px",
        border_radius="999px",
        background="#fff1ee",
        width="100%",
    )


def _wallet() -> rx.Component:
    return section(
        "cpn_wallet",
        rx.grid(*[_segment_button(name) for name in SEGMENTS], columns="3", spacing="2",
                width="100%", margin_top="10px"),
        rx.cond(CouponsState.coupons.length() == 0,
                rx.center(rx.text(t("cpn_empty"), size="2", color_scheme="gray"),
                          padding_y="24px", width="100%")),
        rx.vstack(rx.foreach(CouponsState.coupons, _coupon), spacing="3", width="100%",
                  margin_top="12px"),
        rx.cond(CouponsState.hidden_coupons > 0,
                rx.button(t("cpn_show_all"), " (", CouponsState.hidden_coupons.to_string(), ")",
                          on_click=CouponsState.show_all_coupons, variant="soft",
                          color_scheme="gray", width="100%", margin_top="12px",
                          data_testid="wallet-show-all")),
        data_testid="wallet",
    )


def _segment_button(name: str) -> rx.Component:
    chosen = CouponsState.segment == name
    return rx.button(
        t(f"cpn_{name}"), " ", CouponsState.counts[name].to_string(),
        on_click=CouponsState.show_segment(name),
        variant=rx.cond(chosen, "solid", "soft"),
        color_scheme=rx.cond(chosen, "red", "gray"),
        radius="full",
        size="2",
        data_testid=f"segment-{name}",
    )


def _coupon(coupon: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text(coupon.face, size="6", weight="bold", line_height="1"),
                rx.text(coupon.min_spend, size="1", opacity="0.9", align="center"),
                align="center",
                justify="center",
                spacing="1",
                width="92px",
                min_width="92px",
                padding="14px 6px",
                color="white",
                background=rx.match(coupon.state, *STUB_COLOURS.items(), STUB_COLOURS["unused"]),
            ),
            rx.vstack(
                rx.text(coupon.name, size="2", weight="bold"),
                rx.text(coupon.category, " · ", coupon.validity, size="1", color_scheme="gray"),
                rx.hstack(
                    rx.badge(coupon.transfer_note, variant="soft", radius="full",
                             color_scheme=rx.cond(coupon.sellable | coupon.listed, "green",
                                                  "gray")),
                    rx.cond(coupon.listed, rx.badge(t("cpn_listed"), variant="solid",
                                                    color_scheme="orange", radius="full")),
                    rx.spacer(),
                    rx.cond(coupon.sellable & (CouponsState.selling != coupon.id),
                            rx.button(t("cpn_sell"), size="1", radius="full", variant="outline",
                                      color_scheme="red",
                                      # The form opens in the card: bring the card into
                                      # view (scrolled here, in the page's own code: sent
                                      # from the server it would need eval, refused by CSP).
                                      on_click=[CouponsState.start_sale(coupon.id),
                                                rx.scroll_to("coupon-" + coupon.id.to_string())],
                                      data_testid="sell-" + coupon.id.to_string())),
                    width="100%",
                    align="center",
                    spacing="2",
                ),
                spacing="1",
                padding="10px 12px",
                flex="1",
                min_width="0",
            ),
            spacing="0",
            align="stretch",
            width="100%",
        ),
        rx.cond(CouponsState.selling == coupon.id, _sale_form(coupon)),
        rx.box(_outcome(coupon.id), padding_x="10px", padding_bottom="4px"),
        border_radius="14px",
        overflow="hidden",
        background="white",
        border="1px solid #f3e3dc",
        width="100%",
        data_testid="coupon-" + coupon.id.to_string(),
        id="coupon-" + coupon.id.to_string(),
        scroll_margin_top="16px",
        custom_attrs={"data-state": coupon.state},
    )


def _sale_form(coupon: rx.Var) -> rx.Component:
    preview = CouponsState.preview
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.input(name="price", value=CouponsState.sell_price,
                         on_change=CouponsState.set_sell_price, type="number",
                         input_mode="numeric", min=1, max=coupon.max_price, step=1,
                         placeholder=coupon.max_price_text, size="2", flex="1",
                         data_testid="sell-price"),
                rx.button(t("cpn_list_button"), type="submit", size="2", color_scheme="red",
                          loading=CouponsState.busy == "list", data_testid="sell-submit"),
                width="100%",
                spacing="2",
            ),
            rx.hstack(
                rx.text(coupon.max_price_text, size="1", color_scheme="gray"),
                rx.spacer(),
                rx.link(t("cpn_cancel"), size="1", on_click=CouponsState.cancel_sale,
                        cursor="pointer", color_scheme="gray"),
                width="100%",
            ),
            rx.cond(preview.error != "",
                    rx.text(preview.error, size="1", color=RED, data_testid="sell-error"),
                    rx.cond(preview.fee_line != "",
                            rx.text(preview.fee_line, size="1", color="#389e0d",
                                    data_testid="sell-preview"))),
            spacing="2",
            width="100%",
        ),
        on_submit=CouponsState.list_for_sale,
        padding="10px 12px",
        background="#fff7f5",
        border_top="1px dashed #f3c7bd",
        width="100%",
    )


def _listing(listing: rx.Var, *, own: bool) -> rx.Component:
    busy_key = ("withdraw-" if own else "buy-") + listing.id.to_string()
    return rx.hstack(
        rx.center(rx.text(listing.face, size="4", weight="bold", color=RED), width="64px",
                  min_width="64px", height="52px", border_radius="10px", background="#fff1ee"),
        rx.vstack(
            rx.text(listing.name, size="2", weight="bold"),
            rx.text(listing.min_spend, " · ", listing.category, size="1", color_scheme="gray"),
            rx.text(listing.validity, size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.vstack(
            rx.text(listing.price, size="2", weight="bold", color=RED, white_space="nowrap",
                    data_testid="listing-price"),
            rx.button(
                t("cpn_withdraw") if own else t("cpn_buy"),
                on_click=(CouponsState.withdraw(listing.id) if own
                          else CouponsState.open_buy(listing.id)),
                loading=CouponsState.busy == busy_key,
                disabled=(CouponsState.busy != "") & (CouponsState.busy != busy_key),
                custom_attrs={} if own else {"data-spend": "true"},
                size="1",
                radius="full",
                variant="outline" if own else "solid",
                color_scheme="gray" if own else "red",
                data_testid=("withdraw-" if own else "buy-") + listing.id.to_string(),
            ),
            align="end",
            spacing="1",
        ),
        width="100%",
        align="center",
        padding_y="10px",
        border_top="1px solid #f3eee8",
        data_testid=("my-listing-" if own else "listing-") + listing.id.to_string(),
    )


def _market() -> rx.Component:
    return section(
        "cpn_market",
        rx.text(t("cpn_market_hint"), size="1", color_scheme="gray", margin_bottom="8px"),
        rx.cond(CouponsState.market.length() == 0,
                rx.center(rx.text(t("cpn_market_empty"), size="2", color_scheme="gray"),
                          padding_y="16px", width="100%")),
        rx.foreach(CouponsState.market, lambda row: _listing(row, own=False)),
        data_testid="market",
    )


def _my_listings() -> rx.Component:
    return section(
        "cpn_my_listings",
        _outcome(MY_LISTINGS),
        rx.cond(CouponsState.mine.length() == 0,
                rx.center(rx.text(t("cpn_my_listings_empty"), size="2", color_scheme="gray"),
                          padding_y="16px", width="100%")),
        rx.foreach(CouponsState.mine, lambda row: _listing(row, own=True)),
        data_testid="my-listings",
    )
