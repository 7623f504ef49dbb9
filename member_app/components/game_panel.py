"""A game inside the confirmation sheet: before the draw its commitment (and the guess form),
after it the scratch card or the guessed price, then what the member needs to check the draw.

The scratch card's cover is a grid of patches, each a button (a tap, or a mouse passing over
it, scratches it off); no canvas and no script of our own, so nothing the CSP has to allow.
The prize under it was decided by the server at purchase.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.icons import either_icon
from member_app.components.layout import MUTED
from member_app.components.text import t
from member_app.state.redeem import RedeemState

sheet = RedeemState.sheet
play = RedeemState.play
MONO = {"fontFamily": "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        "wordBreak": "break-all", "fontSize": "12px"}
COVER = ("repeating-linear-gradient(135deg, #b9bec7 0 6px, #cdd1d8 6px 12px)")


def game_panel() -> rx.Component:
    return rx.cond(
        RedeemState.sheet_game != "",
        rx.cond(sheet.done & play.active, _after_draw(), _before_draw()),
    )


def _before_draw() -> rx.Component:
    return rx.vstack(
        rx.cond(RedeemState.sheet_game == "guess", _guess_form()),
        rx.box(
            rx.text(t("rdm_verify_commitment_before"), size="1", color=MUTED),
            rx.text(RedeemState.commitment, style=MONO, data_testid="sheet-commitment"),
            padding="8px 12px",
            border_radius="12px",
            background="var(--gray-a2)",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def _guess_form() -> rx.Component:
    return rx.box(
        rx.text(RedeemState.guess.range_text, size="2", weight="bold"),
        rx.text(RedeemState.guess.tiers_text, size="1", color=MUTED),
        rx.el.label(
            rx.text(t("rdm_guess_label"), size="1", weight="bold", as_="span"),
            rx.input(
                value=RedeemState.guess_text,
                on_change=RedeemState.set_guess,
                placeholder=RedeemState.guess.placeholder,
                input_mode="numeric",
                size="3",
                disabled=sheet.busy | sheet.done,
                data_testid="guess-input",
            ),
            style={"display": "flex", "flexDirection": "column", "gap": "4px",
                   "marginTop": "8px"},
        ),
        rx.cond(RedeemState.guess_error != "",
                rx.text(RedeemState.guess_error, size="1", color="var(--red-11)",
                        role="alert", data_testid="guess-error")),
        padding="10px 12px",
        border="1px solid var(--gray-a5)",
        border_radius="12px",
        width="100%",
        data_testid="guess-form",
    )


def _after_draw() -> rx.Component:
    return rx.vstack(
        rx.cond(play.game_type == "scratch", _scratch_card(), _prize_card()),
        rx.cond(play.revealed, proof_details(play.proof, open_=True)),
        spacing="2",
        width="100%",
    )


def _prize_face() -> rx.Component:
    return rx.vstack(
        either_icon(play.won, "party-popper", "circle-dashed", size=26,
                    color="var(--brand-strong, #b42318)"),
        rx.text(play.headline, size="4", weight="bold", text_align="center",
                data_testid="game-headline"),
        rx.cond(play.detail != "", rx.text(play.detail, size="2", text_align="center",
                                           data_testid="game-detail")),
        align="center",
        justify="center",
        spacing="1",
        height="100%",
        padding="12px",
    )


def _prize_card() -> rx.Component:
    return rx.box(_prize_face(), width="100%", min_height="120px", border_radius="14px",
                  background="var(--brand-soft, #fff7ed)", data_testid="game-card")


def _scratch_card() -> rx.Component:
    return rx.vstack(
        rx.box(
            _prize_face(),
            rx.cond(
                ~play.revealed,
                rx.box(
                    rx.foreach(play.scratched, _patch),
                    position="absolute",
                    inset="0",
                    display="grid",
                    grid_template_columns="repeat(4, 1fr)",
                    grid_template_rows="repeat(3, 1fr)",
                    border_radius="14px",
                    overflow="hidden",
                ),
            ),
            position="relative",
            width="100%",
            height="150px",
            border_radius="14px",
            background="var(--brand-soft, #fff7ed)",
            border="2px solid var(--brand, #c2410c)",
            data_testid="scratch-card",
            custom_attrs={"data-revealed": play.revealed},
        ),
        rx.cond(
            ~play.revealed,
            rx.hstack(
                rx.text(t("rdm_scratch_hint"), size="1", color=MUTED, flex="1"),
                rx.button(t("rdm_scratch_all"), on_click=RedeemState.scratch_everything,
                          variant="soft", color_scheme="gray", size="1",
                          data_testid="scratch-all"),
                align="center",
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _patch(done: rx.Var, index: rx.Var) -> rx.Component:
    return rx.el.button(
        on_click=RedeemState.scratch_cell(index),
        on_mouse_enter=RedeemState.scratch_cell(index),
        aria_label=t("rdm_scratch_cell"),
        # Not disabled once scratched: a mouse passing over scratches it first, and the tap
        # that follows must not land on a dead control (scratching twice changes nothing).
        custom_attrs={"data-scratched": done},
        style={"background": rx.cond(done, "transparent", COVER), "border": "none",
               "padding": "0", "cursor": "pointer", "touchAction": "manipulation",
               "transition": "background 120ms"},
        data_testid="scratch-patch",
    )


def proof_details(proof: rx.Var, open_: bool = False) -> rx.Component:
    """The draw's proof, folded: commitment, revealed seed, number, how to check, command."""
    return rx.el.details(
        rx.el.summary(rx.text(t("rdm_verify_title"), size="1", weight="bold", as_="span"),
                      style={"cursor": "pointer"}),
        rx.vstack(
            _proof_line("rdm_verify_commitment", proof.commitment, "proof-commitment"),
            _proof_line("rdm_verify_seed", proof.seed, "proof-seed"),
            _proof_line("rdm_verify_redemption", proof.redemption, "proof-redemption"),
            rx.text(t("rdm_verify_how"), size="1", color=MUTED),
            rx.el.code(proof.command, style={**MONO, "display": "block", "padding": "8px",
                                             "borderRadius": "8px",
                                             "background": "var(--gray-a3)"},
                       data_testid="proof-command"),
            spacing="1",
            width="100%",
            margin_top="6px",
        ),
        open=open_,
        style={"width": "100%", "marginTop": "6px"},
        data_testid="draw-proof",
    )


def _proof_line(label_key: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.box(
        rx.text(t(label_key), size="1", color=MUTED),
        rx.text(value, style=MONO, data_testid=test_id),
        width="100%",
    )
