"""The phone-first frame every page sits in: a header and a centred column at most 480px wide."""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t

PAGE_BACKGROUND = "#f6f4f1"


def page_frame(*children: rx.Component, on_language: rx.EventHandler) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.heading(t("app_title"), size="5"),
                rx.spacer(),
                rx.button(t("language"), variant="soft", size="1", radius="full",
                          on_click=on_language, data_testid="language-toggle"),
                width="100%",
                align="center",
            ),
            *children,
            spacing="4",
            width="100%",
            max_width="480px",
            margin="0 auto",
            padding="16px",
        ),
        background=PAGE_BACKGROUND,
        min_height="100vh",
    )
