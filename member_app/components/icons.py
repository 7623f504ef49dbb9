"""Icons whose name is chosen at run time, drawn without lucide's DynamicIcon.

`rx.icon` given a Var (`rx.icon(rx.cond(ok, "check", "x"))`) compiles to DynamicIcon, which
brings lucide's map of every icon name (about 22 KiB compressed) into each page that uses it,
home included (issue #13 finding 11). A condition or match over static icons draws the same
with only the icons named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx


def either_icon(condition: rx.Var | bool, when_true: str, when_false: str,
                **props: Any) -> rx.Component:
    return rx.cond(condition, rx.icon(when_true, **props), rx.icon(when_false, **props))


def matched_icon(value: rx.Var, cases: Sequence[tuple[str, str]], default: str,
                 **props: Any) -> rx.Component:
    """The icon of the case `value` equals, else `default`."""
    return rx.match(value, *[(case, rx.icon(name, **props)) for case, name in cases],
                    rx.icon(default, **props))


def callout(text: rx.Var | str, icon: rx.Component, **props: Any) -> rx.Component:
    """rx.callout with an icon component (rx.callout's own `icon` takes a name only)."""
    return rx.callout.root(rx.callout.icon(icon), rx.callout.text(text), **props)
