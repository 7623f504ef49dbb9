"""Recharts stays out of the pages' own code (member_app/lazy_charts.py, issue #13 finding 11):
every chart part is imported lazily, after the first paint (AfterFirstPaint(() =>
import("recharts"))), except Cell, which recharts finds by its type."""

from __future__ import annotations

import reflex as rx

from member_app.lazy_charts import load_recharts_lazily
from member_app.pages.home import home

load_recharts_lazily()  # as member_app.py does before the app compiles


def _static_recharts_tags(component: rx.Component) -> set[str]:
    """The names a compiled page would import from recharts at the top of its module."""
    return {name.tag for library, names in component._get_all_imports().items()
            if library.split("@")[0] == "recharts" for name in names
            if name.tag is not None and name.render}


def test_a_chart_and_its_parts_load_only_when_drawn() -> None:
    chart = rx.recharts.bar_chart(
        rx.recharts.bar(data_key="a"),
        rx.recharts.x_axis(data_key="month"),
        rx.recharts.y_axis(),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        data=[],
    )
    assert _static_recharts_tags(chart) == set()
    lazy = chart._get_all_dynamic_imports()
    for part in ("Bar", "XAxis", "YAxis", "Tooltip", "Legend", "ResponsiveContainer"):
        assert (f"const Recharts{part} = AfterFirstPaint(() => import('recharts')"
                f".then((mod) => mod.{part}), \"Recharts{part}\")") in lazy


def test_cell_stays_a_static_import_since_bars_find_it_by_its_type() -> None:
    chart = rx.recharts.bar_chart(rx.recharts.bar(rx.recharts.cell(fill="red"), data_key="a"))
    assert _static_recharts_tags(chart) == {"Cell"}
    assert not any("mod.Cell" in line for line in chart._get_all_dynamic_imports())


def test_the_page_defines_the_wait_once_however_many_parts_it_has() -> None:
    chart = rx.recharts.bar_chart(rx.recharts.bar(data_key="a"), rx.recharts.bar(data_key="b"),
                                  rx.recharts.x_axis())
    code = [line for line in chart._get_all_custom_code() if "function AfterFirstPaint(" in line]
    assert len(code) == 1


def test_the_home_page_imports_nothing_of_recharts_up_front() -> None:
    assert _static_recharts_tags(home()) == set()
