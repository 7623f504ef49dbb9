"""Sign-in: the button with today's reward, tomorrow's, the streaks, the last five weeks, the
reward ladder explained, and a small celebration when a sign-in earns something."""

from __future__ import annotations

import reflex as rx

from member_app.components.icons import callout, either_icon
from member_app.components.layout import loading, page_frame, shown_in_current_language
from member_app.components.spend_sheet import spend_sheet
from member_app.components.text import t
from member_app.state.signin import SignInState

view = SignInState.view
STRONG = "var(--brand-strong, #334155)"  # text and marks on white, >= 4.5:1
ON_STRONG = "#ffffff"
SOFT = "var(--brand-soft, #eef1f6)"
MUTED = "#475569"
# The celebration is CSS only (no script: the CSP refuses inline ones): a pop of the reward and
# a ring of dots flying out, once, and nothing moving for members who ask for reduced motion.
CELEBRATION_CSS = """
@keyframes mc-pop { 0% { transform: scale(0.4); opacity: 0; }
  55% { transform: scale(1.12); opacity: 1; } 100% { transform: scale(1); opacity: 1; } }
@keyframes mc-fly { 0% { transform: rotate(var(--a)) translateY(0); opacity: 1; }
  100% { transform: rotate(var(--a)) translateY(-46px); opacity: 0; } }
.mc-celebrate { position: relative; display: flex; justify-content: center;
  align-items: center; height: 64px; }
.mc-celebrate-text { animation: mc-pop 0.6s ease-out both; }
.mc-celebrate-dot { position: absolute; left: 50%; top: 50%; width: 8px; height: 8px;
  margin: -4px; border-radius: 999px; animation: mc-fly 0.9s ease-out 0.1s both; }
@media (prefers-reduced-motion: reduce) {
  .mc-celebrate-text, .mc-celebrate-dot { animation: none; }
  .mc-celebrate-dot { display: none; }
}
"""
DOT_COLOURS = ("var(--brand, #3b4a66)", "var(--brand-accent, #c7d2fe)", "#f5a623", "#22c55e")


def signin_page() -> rx.Component:
    return page_frame(
        rx.cond(
            shown_in_current_language(SignInState),
            rx.el.div(
                rx.el.div(rx.vstack(_button_card(),
                                    rx.cond(view.freeze_line != "", _freeze_card()),
                                    spacing="4", width="100%"),
                          class_name="mc-column"),
                rx.el.div(rx.vstack(_calendar(), _ladder(), spacing="4", width="100%"),
                          class_name="mc-column"),
                class_name="mc-columns",
            ),
            loading(),
        ),
        spend_sheet(SignInState.confirm_freeze),
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
            rx.text(view.today_line, size="2", align="center", data_testid="sign-in-today"),
            rx.button(
                view.button_label,
                on_click=SignInState.sign_in_today,
                loading=SignInState.busy,
                size="4",
                radius="full",
                width="80%",
                variant=rx.cond(view.signed_today, "soft", "solid"),
                data_testid="sign-in-button",
            ),
            rx.cond(SignInState.celebrate, _celebration()),
            rx.cond(
                SignInState.result != "",
                callout(
                    SignInState.result,
                    either_icon(SignInState.result_is_new, "gift", "info"),
                    color_scheme=rx.cond(SignInState.result_is_new, "green", "gray"),
                    width="100%",
                    data_testid="sign-in-result",
                ),
            ),
            rx.hstack(
                rx.icon("calendar-clock", size=14, color=MUTED),
                rx.text(view.tomorrow_line, size="1", color=MUTED),
                spacing="1",
                align="center",
                data_testid="sign-in-tomorrow",
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        width="100%",
        background=f"linear-gradient(180deg, {SOFT} 0%, #ffffff 100%)",
    )


def _freeze_card() -> rx.Component:
    """The day after a missed day: keep the streak with this month's freeze."""
    return rx.card(
        rx.hstack(
            rx.icon("snowflake", size=22, color=STRONG, flex_shrink="0"),
            rx.vstack(
                rx.text(view.freeze_line, size="2", weight="medium"),
                rx.text(view.freeze_terms, size="1", color=MUTED),
                spacing="1",
            ),
            align="start", spacing="3", width="100%",
        ),
        rx.button(t("freeze_button"), on_click=SignInState.open_freeze, size="3",
                  radius="full", variant="soft", width="100%", margin_top="12px",
                  data_testid="freeze-open"),
        width="100%",
        data_testid="freeze-offer",
    )


def _celebration() -> rx.Component:
    return rx.box(
        rx.el.style(CELEBRATION_CSS),
        *[
            rx.box(class_name="mc-celebrate-dot",
                   style={"--a": f"{angle}deg", "background": DOT_COLOURS[index % 4]})
            for index, angle in enumerate(range(0, 360, 30))
        ],
        rx.hstack(
            rx.icon("party-popper", size=22, color=STRONG),
            rx.text(SignInState.celebrate_text, size="6", weight="bold", color=STRONG),
            spacing="2",
            align="center",
            class_name="mc-celebrate-text",
        ),
        class_name="mc-celebrate",
        width="100%",
        role="status",
        aria_label=t("signin_celebrate"),
        data_testid="sign-in-celebration",
    )


def _stat(label: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), size="1", color=MUTED),
        rx.text(value, size="6", weight="bold", data_testid=test_id),
        align="center",
        spacing="0",
    )


def _calendar() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(view.calendar_title, weight="bold", size="3"),
            rx.spacer(),
            rx.text(view.calendar_range, size="1", color=MUTED),
            width="100%",
            align="baseline",
        ),
        rx.grid(
            rx.foreach(
                view.weekdays,
                lambda name: rx.text(name, size="1", color=MUTED, align="center"),
            ),
            rx.foreach(view.cells, _cell),
            columns="7",
            spacing="1",
            margin_top="10px",
            width="100%",
        ),
        rx.cond(view.any_frozen, rx.hstack(
            rx.icon("snowflake", size=14, color=STRONG),
            rx.text(t("freeze_legend"), size="1", color=MUTED),
            spacing="1", align="center", margin_top="8px", data_testid="freeze-legend")),
        width="100%",
        data_testid="sign-in-calendar",
    )


def _cell(cell: rx.Var) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.text(cell.month, size="1", line_height="1", weight="bold",
                    color=rx.cond(cell.signed, ON_STRONG, STRONG),
                    display=rx.cond(cell.month != "", "block", "none")),
            rx.text(cell.label, size="2", line_height="1.1",
                    weight=rx.cond(cell.today, "bold", "regular")),
            rx.cond(cell.frozen, rx.icon("snowflake", size=10, color=STRONG)),
            spacing="0",
            align="center",
        ),
        height="40px",
        border_radius="10px",
        background=rx.cond(cell.signed, STRONG, rx.cond(cell.frozen, SOFT, "transparent")),
        color=rx.cond(cell.signed, ON_STRONG, rx.cond(cell.future, "#64748b", "inherit")),
        border=rx.cond(cell.today, f"2px solid {STRONG}", "2px solid transparent"),
        opacity=rx.cond(cell.future, "0.75", "1"),
        custom_attrs={"data-signed": cell.signed, "data-frozen": cell.frozen,
                      "data-day": cell.iso},
    )


def _ladder() -> rx.Component:
    return rx.card(
        rx.text(t("reward_ladder"), weight="bold", size="3"),
        rx.grid(
            rx.foreach(
                view.ladder,
                lambda step: rx.vstack(
                    rx.text(
                        step.reward,
                        size="3",
                        weight="bold",
                        color=rx.cond(step.reached, ON_STRONG, STRONG),
                    ),
                    rx.text(step.label, size="1",
                            color=rx.cond(step.reached, ON_STRONG, MUTED),
                            white_space="nowrap"),
                    align="center",
                    spacing="0",
                    padding_y="8px",
                    border_radius="12px",
                    background=rx.cond(step.reached, STRONG, SOFT),
                    border=rx.cond(step.today, f"2px solid {STRONG}", "2px solid transparent"),
                    custom_attrs={"data-reached": step.reached, "data-today": step.today},
                ),
            ),
            columns=rx.cond(view.ladder.length() == 1, "1", "7"),
            spacing="1",
            margin_top="10px",
            width="100%",
        ),
        rx.text(view.ladder_note, size="1", color=MUTED, margin_top="8px",
                data_testid="ladder-note"),
        width="100%",
        data_testid="reward-ladder",
    )
