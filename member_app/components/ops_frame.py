"""The frame of every operator console page (SPEC 12): a dark top bar with the console's
sections, the operator and their role, the language and logout; the content below, up to
1200 px wide (assets/theme.css `.ops-*`). Neutral colours: the console serves every programme.
"""

from __future__ import annotations

import reflex as rx

from member_app.components.text import t
from member_app.state.ops import OpsState

SECTIONS = (
    ("catalog", "/ops", "ops_nav_catalog"),
    ("members", "/ops/members", "ops_nav_members"),
    ("plus", "/ops/plus", "ops_nav_plus"),
    ("market", "/ops/market", "ops_nav_market"),
    ("economy", "/ops/economy", "ops_nav_economy"),
    ("runs", "/ops/runs", "ops_nav_runs"),
    ("programmes", "/ops/programmes", "ops_nav_programmes"),
    ("audit", "/ops/audit", "ops_nav_audit"),
)
MUTED = "#4b5563"


def ops_frame(*children: rx.Component, active: str, state: type[OpsState],
              reload: rx.EventHandler) -> rx.Component:
    """A console page; it shows its content once `state` holds figures in the current
    language (a switch re-runs `reload`)."""
    return rx.box(
        rx.el.header(
            rx.el.div(
                rx.text(t("ops_title"), weight="bold", size="4", data_testid="ops-title"),
                rx.el.nav(*[_link(name, name == active, route, label)
                            for name, route, label in SECTIONS],
                          class_name="ops-links", aria_label=t("ops_title")),
                rx.spacer(),
                rx.hstack(
                    rx.text(OpsState.operator_name, size="2", data_testid="ops-operator"),
                    rx.badge(rx.cond(OpsState.is_admin, t("ops_role_admin"),
                                     t("ops_role_viewer")), color_scheme="gray",
                             variant="solid", high_contrast=True),
                    rx.button(t("language"), size="1", radius="full",
                              on_click=[OpsState.toggle_ops_locale, reload],
                              style={"background": "white", "color": "#1f2937"},
                              data_testid="language-toggle"),
                    rx.button(t("ops_log_out"), size="1", variant="outline", color_scheme="gray",
                              style={"color": "white"}, on_click=OpsState.ops_logout,
                              data_testid="ops-logout"),
                    align="center", spacing="2",
                ),
                class_name="ops-bar-inner",
            ),
            class_name="ops-bar",
        ),
        rx.el.main(
            rx.cond(
                state.shown_in == OpsState.lang,
                rx.vstack(
                    rx.cond(OpsState.is_admin, rx.fragment(),
                            rx.callout(t("ops_viewer_note"), icon="eye", size="1",
                                       color_scheme="gray", width="100%")),
                    *children,
                    spacing="4", width="100%",
                ),
                rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
            ),
            class_name="ops-main",
        ),
        class_name="ops-app",
    )


def _link(name: str, is_active: bool, route: str, label: str) -> rx.Component:
    # The colour is set here: a Radix link takes the accent colour, unreadable on the bar.
    return rx.link(t(label), href=route, class_name="ops-link", underline="none",
                   color="white" if is_active else "#e5e7eb",
                   aria_current="page" if is_active else None,
                   data_testid=f"ops-nav-{name}")


def ops_table(headers: list[str | rx.Var], rows: rx.Var, cells, testid: str,  # type: ignore[no-untyped-def]
              *, wide: bool = True) -> rx.Component:
    """A table that scrolls sideways on a phone; `cells(row)` gives a row's cells. A header is
    a message key, or a Var for one that depends on the figures (the programme's unit). A
    `wide` one keeps 720 px (its columns would wrap letter by letter), a narrow one fits."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[
                rx.table.column_header_cell(t(key) if isinstance(key, str) else key)
                for key in headers])),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(
                *cells(row), data_testid=f"{testid}-row"))),
            size="1", variant="surface", width="100%",
        ),
        class_name="ops-table ops-table-wide" if wide else "ops-table",
        data_testid=testid,
    )


# -- the change dialogs (new item, edit, stock, withdraw): a form, then what it did ----------

ERROR = "#b42318"  # a refusal's text: 6.3:1 on white


def error_line(text: rx.Var, testid: str | None = None) -> rx.Component:
    """A refusal under a form, shown only when there is one."""
    return rx.cond(text != "", rx.text(text, color=ERROR, size="2", role="alert",
                                       data_testid=testid))


def form_actions(submit_label: str, testid: str, **submit_props) -> rx.Component:  # type: ignore[no-untyped-def]
    """Cancel (closes the dialog, sends nothing) and the form's submit button."""
    return rx.hstack(
        rx.dialog.close(rx.button(t("ops_cancel"), variant="soft", color_scheme="gray",
                                  type="button")),
        rx.button(t(submit_label), type="submit", data_testid=testid, **submit_props),
        justify="end", width="100%", spacing="2",
    )


def done_panel(text: rx.Var, testid: str, *buttons: rx.Component,
               close_testid: str | None = None) -> rx.Component:
    """What a dialog shows once its change is made: the outcome, and Close."""
    return rx.vstack(
        rx.callout(text, icon="check", color_scheme="green", width="100%", data_testid=testid),
        rx.hstack(*buttons, rx.dialog.close(rx.button(t("ops_close"), data_testid=close_testid)),
                  justify="end", width="100%", spacing="2"),
        spacing="3", width="100%",
    )


def change_dialog(title: rx.Var, done: rx.Var, form: rx.Component, finished: rx.Component, *,
                  is_open: rx.Var, on_open_change: rx.EventHandler, max_width: str,
                  description: rx.Var | None = None) -> rx.Component:
    """A dialog holding `form` until its change is `done`, then `finished`."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            *([rx.dialog.description(description, size="2", color=MUTED)]
              if description is not None else []),
            rx.box(rx.cond(done, finished, form),
                   padding_top="12px" if description is not None else "0"),
            max_width=max_width,
        ),
        open=is_open,
        on_open_change=on_open_change,
    )
