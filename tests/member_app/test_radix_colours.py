"""Every Radix colour scale a screen names is in the stylesheet (member_app/build_plugins.py
takes only RADIX_COLOURS' scales, issue #13 finding 11): a colour missing there would render as
no colour at all, silently. Read from the sources: color_scheme / accent_color / gray_color
arguments (every string in them, so rx.cond(ok, "green", "red") counts) and var(--<colour>-N)
in Python styles and the stylesheets in assets/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from member_app.build_plugins import RADIX_COLOURS
from member_app.settings import PROJECT_ROOT

# Radix Themes 3's scales (its tokens/colors/*.css).
ALL_RADIX = {"gray", "mauve", "slate", "sage", "olive", "sand", "tomato", "red", "ruby",
             "crimson", "pink", "plum", "purple", "violet", "iris", "indigo", "blue", "cyan",
             "teal", "jade", "green", "grass", "bronze", "gold", "brown", "orange", "amber",
             "yellow", "lime", "mint", "sky"}
COLOUR_ARGUMENTS = {"color_scheme", "accent_color", "gray_color"}
SCALE_VARIABLE = re.compile(r"--(" + "|".join(sorted(ALL_RADIX)) + r")-a?\d{1,2}\b")


def _python_sources() -> list[Path]:
    return [*(PROJECT_ROOT / "member_app").rglob("*.py"), PROJECT_ROOT / "rxconfig.py"]


def _named_in_arguments(path: Path) -> set[str]:
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg in COLOUR_ARGUMENTS:
            named |= {constant.value for constant in ast.walk(node.value)
                      if isinstance(constant, ast.Constant) and constant.value in ALL_RADIX}
    return named


def test_every_colour_a_screen_names_is_in_the_stylesheet() -> None:
    named: dict[str, str] = {}
    for path in _python_sources():
        for colour in _named_in_arguments(path):
            named.setdefault(colour, str(path.relative_to(PROJECT_ROOT)))
    for path in [*_python_sources(), *(PROJECT_ROOT / "assets").glob("*.css")]:
        for colour in SCALE_VARIABLE.findall(path.read_text(encoding="utf-8")):
            named.setdefault(colour, str(path.relative_to(PROJECT_ROOT)))
    missing = {colour: where for colour, where in named.items() if colour not in RADIX_COLOURS}
    assert not missing, f"add these to RADIX_COLOURS in member_app/build_plugins.py: {missing}"
    assert {"orange", "sand"} <= set(named)  # the theme's accent and gray were found
