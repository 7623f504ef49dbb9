"""Each programme's mark, drawn as inline SVG (no image file, no request), and member avatars.

The marks are geometric, in the programme's own colours, so that the three programmes never
share one icon (issue #13 finding 8): JD a bean (京豆) on red, Fliggy a paper plane on its yellow
in deep blue, Alipay a coin with a check on its blue. The neutral mark (login page, app icon in
member_app/pwa/icons.py) is a member card striped in the three colours.
"""

from __future__ import annotations

import reflex as rx

svg = rx.el.svg

PROGRAMME_COLOURS = {
    # programme: (background, figure)
    "jd": ("#e1251b", "#ffffff"),
    "fliggy": ("#ffdd00", "#1c2a6b"),
    "alipay": ("#1677ff", "#ffffff"),
}
NEUTRAL_COLOURS = ("#3b4a66", "#ffffff")
PROGRAMMES = tuple(PROGRAMME_COLOURS)


def _frame(background: str, *figure: rx.Component, size: int, label: str | rx.Var,
           programme: str) -> rx.Component:
    return svg(
        svg.rect(x="0", y="0", width="48", height="48", rx="13", fill=background),
        # A faint inner ring, so the mark stays a shape on a band of its own colour.
        svg.rect(x="1", y="1", width="46", height="46", rx="12", fill="none",
                 stroke="rgba(255,255,255,0.55)", stroke_width="2"),
        *figure,
        view_box="0 0 48 48",
        width=str(size),
        height=str(size),
        flex_shrink="0",
        # Named where it stands for the programme (the header); decoration beside its name
        # elsewhere, hidden from screen readers.
        **({"role": "img", "aria_label": label} if not isinstance(label, str) or label
           else {"aria_hidden": "true"}),
        custom_attrs={"data-mark": programme},
    )


def _jd(size: int, label: str | rx.Var) -> rx.Component:
    background, figure = PROGRAMME_COLOURS["jd"]
    return _frame(
        background,
        # A bean: a plump kidney shape with its seam.
        svg.path(d="M15 27c0-8 6-14 13-14 5 0 8 3 8 8 0 3-2 5-4 7-2 2-3 5-6 6-6 2-11-1-11-7z",
                 fill=figure),
        svg.path(d="M22 29c2-1 4-3 5-6", fill="none", stroke=background, stroke_width="2.4",
                 stroke_linecap="round"),
        size=size, label=label, programme="jd",
    )


def _fliggy(size: int, label: str | rx.Var) -> rx.Component:
    background, figure = PROGRAMME_COLOURS["fliggy"]
    return _frame(
        background,
        # A paper plane: travel.
        svg.path(d="M10 24 38 12 31 37 24 29 33 17 21 27z", fill=figure,
                 stroke_linejoin="round"),
        svg.path(d="M21 27 22 34 25 30", fill=figure),
        size=size, label=label, programme="fliggy",
    )


def _alipay(size: int, label: str | rx.Var) -> rx.Component:
    background, figure = PROGRAMME_COLOURS["alipay"]
    return _frame(
        background,
        # A coin with a check: points you can trust.
        svg.circle(cx="24", cy="24", r="13", fill="none", stroke=figure, stroke_width="3.5"),
        svg.path(d="M18 24.5 22.5 29 30.5 20", fill="none", stroke=figure, stroke_width="3.5",
                 stroke_linecap="round", stroke_linejoin="round"),
        size=size, label=label, programme="alipay",
    )


def _neutral(size: int, label: str | rx.Var) -> rx.Component:
    background, figure = NEUTRAL_COLOURS
    return _frame(
        background,
        svg.rect(x="10", y="14", width="28", height="20", rx="4", fill=figure),
        svg.rect(x="10", y="18", width="28", height="3", fill=PROGRAMME_COLOURS["jd"][0]),
        svg.rect(x="10", y="21", width="28", height="3", fill="#f5c400"),
        svg.rect(x="10", y="24", width="28", height="3", fill=PROGRAMME_COLOURS["alipay"][0]),
        size=size, label=label, programme="",
    )


DRAWINGS = {"jd": _jd, "fliggy": _fliggy, "alipay": _alipay}


def programme_mark(programme: str, *, size: int = 32, label: str = "") -> rx.Component:
    """The mark of one programme known when the page is built (login page, registration)."""
    return DRAWINGS.get(programme, _neutral)(size, label)


def programme_mark_of(programme: rx.Var, *, size: int = 32,
                      label: rx.Var | str = "") -> rx.Component:
    """The mark of the programme a state var names (the signed-in member's); neutral if none."""
    return rx.match(
        programme,
        *[(code, draw(size, label)) for code, draw in DRAWINGS.items()],
        _neutral(size, label),
    )


def avatar(initial: rx.Var, colour: rx.Var, *, size: int = 56) -> rx.Component:
    """A disc in the member's colour with the first character of their name (presenters.me)."""
    return rx.center(
        rx.text(initial, weight="bold", size="6", color="white", as_="span"),
        width=f"{size}px",
        height=f"{size}px",
        border_radius="999px",
        background=colour,
        flex_shrink="0",
        aria_hidden="true",
        data_testid="me-avatar",
    )
