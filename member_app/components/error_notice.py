"""The notice every page shows when a bug reached an event handler: plain words, never a
traceback (member_app.backend_exception_handler logs the details).

Rendered over every page through Reflex's `extra_overlay_function` (rxconfig.py), so the
login page and the member pages need nothing of their own.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t
from member_app.state.base import AppState


def backend_error_notice() -> rx.Component:
    return rx.cond(
        AppState.backend_error,
        rx.box(
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.callout.text(t("error_generic")),
                color_scheme="red",
                variant="surface",
                role="alert",
                align="center",
                width="100%",
                padding_right="48px",  # room for the close button
                background="white",
            ),
            # Beside the callout's text, not in it: the callout lays its children out in a
            # grid of its own.
            rx.icon_button(
                rx.icon("x", size=16),
                variant="ghost",
                color_scheme="red",
                size="2",
                position="absolute",
                top="50%",
                right="10px",
                transform="translateY(-50%)",
                margin="0",  # Radix pulls ghost buttons out by their padding
                on_click=AppState.dismiss_backend_error,
                aria_label=t("close"),
                data_testid="backend-error-close",
            ),
            position="fixed",
            top="12px",
            left="0",
            right="0",
            margin="0 auto",
            width="calc(100% - 24px)",
            max_width="456px",
            z_index="50",
            data_testid="backend-error",
        ),
    )
