"""The console's economy page: points issued, spent, expired and outstanding by month, the
sources and sinks, the liability at cash value, members per tier and their last moves."""

from __future__ import annotations

import reflex as rx

from member_app.components.ops_frame import MUTED, ops_frame, ops_table
from member_app.components.text import t
from member_app.services.catalog_data import PROGRAMMES
from member_app.state.ops_economy import OpsEconomyState

SERIES = (("issued", "#15803d"), ("spent", "#1d4ed8"), ("expired", "#9ca3af"))
TICKS = {"fontSize": 11, "fill": "#4b5563"}


def ops_economy_page() -> rx.Component:
    view = OpsEconomyState.view
    return ops_frame(
        rx.heading(t("ops_economy_title"), size="6"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(t(f"ops_programme_{code}"), value=code)
              for code in PROGRAMMES],
            value=OpsEconomyState.programme,
            on_change=OpsEconomyState.show_programme,
            data_testid="ops-economy-programme",
        ),
        rx.text(OpsEconomyState.intro, size="2", color=MUTED),
        rx.el.div(
            _figure(t("ops_outstanding"), view["outstanding"], view["points_name"],
                    "ops-outstanding"),
            _figure(t("ops_liability"), view["liability"], view["rate"], "ops-liability"),
            _figure(t("ops_accounts"), view["accounts"], "", "ops-accounts"),
            class_name="ops-figures",
        ),
        rx.el.div(
            rx.card(
                rx.text(t("ops_chart_flows"), weight="bold", size="3"),
                rx.recharts.bar_chart(
                    *[rx.recharts.bar(data_key=key, name=t(f"ops_series_{key}"), fill=colour,
                                      is_animation_active=False) for key, colour in SERIES],
                    rx.recharts.x_axis(data_key="month", tick=TICKS, tick_line=False),
                    rx.recharts.y_axis(width=64, tick=TICKS, tick_line=False, axis_line=False),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(),
                    data=OpsEconomyState.chart, width="100%", height=260,
                ),
                width="100%", data_testid="ops-flows-chart",
            ),
            rx.card(
                rx.text(t("ops_chart_outstanding"), weight="bold", size="3"),
                rx.recharts.line_chart(
                    rx.recharts.line(data_key="outstanding", name=t("ops_outstanding"),
                                     stroke="#7c3aed", stroke_width=2, is_animation_active=False),
                    rx.recharts.x_axis(data_key="month", tick=TICKS, tick_line=False),
                    rx.recharts.y_axis(width=64, tick=TICKS, tick_line=False, axis_line=False),
                    rx.recharts.graphing_tooltip(),
                    data=OpsEconomyState.chart, width="100%", height=260,
                ),
                width="100%", data_testid="ops-outstanding-chart",
            ),
            class_name="ops-form-grid",
        ),
        rx.el.div(
            rx.card(
                rx.text(t("ops_flows_title"), weight="bold", size="3"),
                ops_table(["ops_col_side", "ops_col_reason", "ops_col_points"],
                          OpsEconomyState.flows,
                          lambda row: [rx.table.cell(row["side"]), rx.table.cell(row["reason"]),
                                       rx.table.cell(row["points"])],
                          "ops-flows", wide=False),
                width="100%",
            ),
            rx.vstack(
                rx.card(
                    rx.text(t("ops_tiers_title"), weight="bold", size="3"),
                    ops_table(["ops_col_tier", "ops_col_members"], OpsEconomyState.tiers,
                              lambda row: [rx.table.cell(row["tier"]),
                                           rx.table.cell(row["members"])],
                              "ops-tiers", wide=False),
                    width="100%",
                ),
                rx.cond(OpsEconomyState.moves.length() > 0, rx.card(
                    rx.text(view["moves_title"], weight="bold", size="3"),
                    ops_table(["ops_col_from", "ops_col_to", "ops_col_members"],
                              OpsEconomyState.moves,
                              lambda row: [rx.table.cell(row["from"]), rx.table.cell(row["to"]),
                                           rx.table.cell(row["members"])],
                              "ops-moves", wide=False),
                    width="100%",
                )),
                spacing="4", width="100%",
            ),
            class_name="ops-form-grid",
        ),
        active="economy", state=OpsEconomyState, reload=OpsEconomyState.reload,
    )


def _figure(label: rx.Var, value: rx.Var, unit: rx.Var | str, testid: str) -> rx.Component:
    return rx.card(
        rx.text(label, size="1", color=MUTED),
        rx.text(value, size="6", weight="bold", data_testid=testid),
        rx.text(unit, size="1", color=MUTED),
        width="100%",
    )
