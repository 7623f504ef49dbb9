"""Coupons: the wallet (sellable first, then unused / used / expired, identical coupons as one
card with a count), using one at checkout, listing one for sale, the market, my listings."""

from __future__ import annotations

import reflex as rx

from member_app.components.icons import callout, either_icon
from member_app.components.layout import loading, page_frame, section, shown_in_current_language
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.presenters.coupons import SEGMENTS
from member_app.state.coupons import MY_LISTINGS, CouponsState

# The coupon's stub in the programme's colours; used and expired ones are grey. The stub's
# text is white, so the stub uses the strong colour (>= 4.5:1 under white in every programme).
STUB_COLOURS = {"unused": "linear-gradient(160deg, var(--brand, #3b4a66) -40%, "
                          "var(--brand-strong, #334155) 100%)",
                "used": "#6b7280", "expired": "#6b7280"}
RED = "#b42318"  # errors
STRONG = "var(--brand-strong, #334155)"
SOFT = "var(--brand-soft, #eef1f6)"
MUTED = "#475569"
EMPTY_ACTIONS = {  # segment -> (message, button, what the button does)
    "sellable": ("", "cpn_see_unused", "unused"),  # the words name the lock in force
    "unused": ("", "cpn_go_market", "market"),
    "used": ("cpn_used_empty", "cpn_see_unused", "unused"),
    "expired": ("cpn_expired_empty", "cpn_see_unused", "unused"),
}


def coupons_page() -> rx.Component:
    return page_frame(
        rx.cond(shown_in_current_language(CouponsState),
                rx.el.div(
                    rx.el.div(rx.vstack(_outcome(), _balance(), _wallet(), spacing="4",
                                        width="100%"), class_name="mc-column"),
                    rx.el.div(rx.vstack(_market(), _my_listings(), spacing="4",
                                        width="100%"), class_name="mc-column"),
                    class_name="mc-columns",
                ),
                loading()),
        spend_sheet(CouponsState.confirm_buy),
        _use_sheet(),
        active="coupons",
        title="cpn_title",
        reload=CouponsState.load,
    )


def _outcome(target: rx.Var | int = 0) -> rx.Component:
    """The last action's result, where it was tapped: `target` is a coupon id (its card),
    MY_LISTINGS, or 0 for page-wide results."""
    return rx.cond(
        (CouponsState.outcome.text != "") & (CouponsState.outcome.target == target),
        callout(CouponsState.outcome.text,
                either_icon(CouponsState.outcome.ok, "circle-check", "circle-alert"),
                color_scheme=rx.cond(CouponsState.outcome.ok, "green", "red"),
                width="100%", data_testid="coupons-result",
                custom_attrs={"data-ok": CouponsState.outcome.ok}),
    )


def _balance() -> rx.Component:
    return rx.hstack(
        rx.icon("coins", size=18, color=STRONG),
        rx.text(CouponsState.balance_line, size="3", weight="bold", data_testid="coupons-balance"),
        align="center",
        padding="10px 14px",
        border_radius="999px",
        background=SOFT,
        width="100%",
    )


def _wallet() -> rx.Component:
    return section(
        "cpn_wallet",
        # Sized to their words (a grid of four squeezes "Sellable 17" onto two lines).
        rx.flex(*[_segment_button(name) for name in SEGMENTS], gap="6px", wrap="wrap",
                width="100%", margin_top="10px"),
        rx.cond(CouponsState.coupons.length() == 0,
                rx.match(CouponsState.segment,
                         *[(name, _empty(name)) for name in SEGMENTS], _empty("unused"))),
        rx.vstack(rx.foreach(CouponsState.coupons, _coupon), spacing="3", width="100%",
                  margin_top="12px"),
        rx.cond(CouponsState.hidden_coupons > 0,
                rx.button(t("cpn_show_all"), " (", CouponsState.hidden_coupons.to_string(), ")",
                          on_click=CouponsState.show_all_coupons, variant="soft",
                          color_scheme="gray", width="100%", margin_top="12px",
                          data_testid="wallet-show-all")),
        data_testid="wallet",
        id="wallet",
        scroll_margin_top="16px",
    )


def _segment_button(name: str) -> rx.Component:
    # Chosen: solid in the programme's accent colour (the theme's); else soft grey.
    def button(chosen: bool) -> rx.Component:
        return rx.button(
            t(f"cpn_{name}"), " ", CouponsState.counts[name].to_string(),
            on_click=CouponsState.show_segment(name),
            variant="solid" if chosen else "soft",
            radius="full",
            size="2",
            padding_x="12px",
            white_space="nowrap",
            aria_pressed="true" if chosen else "false",
            data_testid=f"segment-{name}",
            **({} if chosen else {"color_scheme": "gray"}),
        )

    return rx.cond(CouponsState.segment == name, button(True), button(False))


def _empty(segment: str) -> rx.Component:
    """What an empty filter means and what to do instead."""
    text, button, target = EMPTY_ACTIONS[segment]
    action = (rx.scroll_to("market") if target == "market"
              else CouponsState.show_segment(target))
    return rx.vstack(
        rx.text(t(text) if text else (CouponsState.words.sellable_empty if segment == "sellable"
                                      else CouponsState.words.unused_empty),
                size="2", color=MUTED, align="center"),
        rx.button(t(button), on_click=action, size="2", radius="full", variant="soft",
                  data_testid=f"empty-{segment}-action"),
        align="center",
        spacing="3",
        padding_y="20px",
        width="100%",
        data_testid=f"empty-{segment}",
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
                rx.hstack(
                    rx.text(coupon.name, size="2", weight="bold"),
                    rx.cond(coupon.count > 1,
                            rx.badge(coupon.count_text, variant="solid", radius="full",
                                     data_testid="coupon-count")),
                    spacing="2",
                    align="center",
                ),
                rx.text(coupon.category, " · ", coupon.validity, size="1", color=MUTED),
                rx.hstack(
                    rx.badge(coupon.transfer_note, variant="soft", radius="full",
                             color_scheme=rx.cond(coupon.sellable | coupon.listed, "green",
                                                  "gray")),
                    rx.cond(coupon.listed, rx.badge(t("cpn_listed"), variant="solid",
                                                    color_scheme="orange", radius="full")),
                    rx.spacer(),
                    rx.cond((coupon.state == "unused") & ~coupon.listed,
                            rx.button(t("cpn_use"), size="1", radius="full", variant="solid",
                                      on_click=CouponsState.open_use(coupon.id),
                                      data_testid="use-" + coupon.id.to_string())),
                    rx.cond(coupon.sellable & (CouponsState.selling != coupon.id),
                            rx.button(t("cpn_sell"), size="1", radius="full", variant="outline",
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
        border="1px solid #e5e7eb",
        width="100%",
        data_testid="coupon-" + coupon.id.to_string(),
        id="coupon-" + coupon.id.to_string(),
        scroll_margin_top="16px",
        custom_attrs={"data-state": coupon.state, "data-count": coupon.count,
                      "data-sellable": coupon.sellable},
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
                rx.button(t("cpn_list_button"), type="submit", size="2",
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
                            rx.text(preview.fee_line, size="1", color="#237804",
                                    data_testid="sell-preview"))),
            spacing="2",
            width="100%",
        ),
        on_submit=CouponsState.list_for_sale,
        padding="10px 12px",
        background=SOFT,
        border_top="1px dashed #cbd5e1",
        width="100%",
    )


def _listing(listing: rx.Var, *, own: bool) -> rx.Component:
    busy_key = ("withdraw-" if own else "buy-") + listing.id.to_string()
    return rx.hstack(
        rx.center(rx.text(listing.face, size="4", weight="bold", color=STRONG), width="64px",
                  min_width="64px", height="52px", border_radius="10px", background=SOFT),
        rx.vstack(
            rx.text(listing.name, size="2", weight="bold"),
            rx.text(listing.min_spend, " · ", listing.category, size="1", color=MUTED),
            rx.text(listing.validity, size="1", color=MUTED),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.vstack(
            rx.text(listing.price, size="2", weight="bold", color=STRONG, white_space="nowrap",
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
                **({"color_scheme": "gray"} if own else {}),
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
        rx.text(CouponsState.words.market_hint, size="1", color=MUTED, margin_bottom="8px"),
        rx.cond(CouponsState.market.length() == 0,
                _empty_with_action(t("cpn_market_empty"), "market")),
        rx.foreach(CouponsState.market, lambda row: _listing(row, own=False)),
        data_testid="market",
        id="market",
        scroll_margin_top="16px",
    )


def _empty_with_action(text: rx.Var, name: str) -> rx.Component:
    """An empty list that points at what the member can do: sell their own coupons (the
    button only when they have one to sell: it would open an empty filter)."""
    return rx.vstack(
        rx.text(text, size="2", color=MUTED, align="center"),
        rx.cond(CouponsState.counts["sellable"] > 0,
                rx.button(t("cpn_see_sellable"), size="2", radius="full", variant="soft",
                          on_click=[CouponsState.show_segment("sellable"),
                                    rx.scroll_to("wallet")],
                          data_testid=f"empty-{name}-action")),
        align="center",
        spacing="3",
        padding_y="16px",
        width="100%",
        data_testid=f"empty-{name}",
    )


def _my_listings() -> rx.Component:
    return section(
        "cpn_my_listings",
        _outcome(MY_LISTINGS),
        rx.foreach(CouponsState.withdrawn_notices, lambda notice: callout(
            notice, rx.icon("info", size=16), color_scheme="amber", size="1", width="100%",
            data_testid="withdrawn-notice")),
        rx.cond(CouponsState.mine.length() == 0,
                _empty_with_action(CouponsState.words.my_listings_empty, "my-listings")),
        rx.foreach(CouponsState.mine, lambda row: _listing(row, own=True)),
        data_testid="my-listings",
    )


def _use_sheet() -> rx.Component:
    """The coupon's checkout card: its terms and code. Nothing is spent here: the platform
    marks the coupon used when it pays for an order."""
    coupon = CouponsState.using
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("cpn_use_title"), size="5"),
            rx.dialog.description(t("cpn_use_how"), size="2", color=MUTED),
            rx.vstack(
                rx.hstack(
                    rx.center(rx.text(coupon.face, size="6", weight="bold", color="white"),
                              min_width="88px", height="64px", border_radius="12px",
                              background=STUB_COLOURS["unused"]),
                    rx.vstack(
                        rx.text(coupon.name, size="3", weight="bold"),
                        rx.text(coupon.min_spend, " · ", coupon.category, size="1",
                                color=MUTED),
                        rx.text(coupon.validity, size="1", color=MUTED),
                        spacing="0",
                    ),
                    spacing="3",
                    align="center",
                    width="100%",
                ),
                rx.box(
                    rx.text(t("cpn_use_code"), size="1", color=MUTED),
                    rx.text(coupon.code, size="6", weight="bold", font_family="monospace",
                            letter_spacing="0.08em", data_testid="use-code"),
                    padding="10px 14px",
                    border="1px dashed #94a3b8",
                    border_radius="12px",
                    width="100%",
                    text_align="center",
                ),
                rx.text(t("cpn_use_after"), size="1", color=MUTED),
                rx.button(t("cpn_close"), on_click=CouponsState.close_use, variant="soft",
                          color_scheme="gray", size="3", width="100%",
                          data_testid="use-close"),
                spacing="3",
                width="100%",
                margin_top="12px",
            ),
            data_testid="use-sheet",
            style={"maxWidth": "440px", "width": "calc(100vw - 16px)",
                   "@media (max-width: 600px)": {"position": "fixed", "bottom": "8px",
                                                 "left": "8px", "right": "8px",
                                                 "margin": "0", "width": "auto"}},
        ),
        open=CouponsState.using_open,
        on_open_change=CouponsState.use_open_changed,
    )
