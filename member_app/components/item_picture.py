"""The catalog's pictures, drawn in code: one small SVG per motif, in the programme's colours.

Every catalog item names a motif (`picture` in member_app/catalogs/*.toml). The drawings are
a handful of shapes in a 64 x 64 box, compiled once into the page's own script (cached with
it; no image files, no requests), and coloured through the layout's custom properties
(--brand, --brand-strong, --brand-accent, --brand-soft), so the same lounge pass is JD red,
Fliggy yellow and blue, or Alipay blue. They are decoration: the item's name says what it is.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

svg = rx.el.svg
BRAND = "var(--brand, #c2410c)"
STRONG = "var(--brand-strong, #9a3412)"
ACCENT = "var(--brand-accent, #f59e0b)"
SOFT = "var(--brand-soft, #fff1ee)"
WHITE = "#ffffff"
SILVER = "#c3c7cf"


def _n(value: float) -> str:
    """SVG lengths as strings (Reflex types these props str | int)."""
    return f"{value:g}"


def _rect(x: float, y: float, w: float, h: float, fill: str, rx_: float = 0) -> rx.Component:
    return svg.rect(x=_n(x), y=_n(y), width=_n(w), height=_n(h), rx=_n(rx_),
                    style={"fill": fill})


def _circle(cx: float, cy: float, r: float, fill: str) -> rx.Component:
    return svg.circle(cx=_n(cx), cy=_n(cy), r=_n(r), style={"fill": fill})


def _poly(points: str, fill: str) -> rx.Component:
    return svg.polygon(points=points, style={"fill": fill})


def _yuan_sign(x: float, y: float, size: int, fill: str = WHITE) -> rx.Component:
    return svg.text("¥", x=x, y=y, text_anchor="middle",
                    style={"fill": fill, "fontSize": f"{size}px", "fontWeight": 700})


def _ecard() -> list[rx.Component]:
    return [_rect(6, 14, 52, 36, BRAND, 6), _rect(6, 22, 52, 6, STRONG),
            _rect(13, 35, 11, 8, ACCENT, 2), _circle(47, 39, 4, WHITE)]


def _video() -> list[rx.Component]:
    return [_rect(6, 12, 52, 34, BRAND, 6), _poly("27,21 27,37 41,29", WHITE),
            _rect(22, 50, 20, 4, STRONG, 2)]


def _tree() -> list[rx.Component]:
    return [_rect(29, 36, 6, 20, STRONG, 2), _circle(32, 24, 14, BRAND),
            _circle(21, 33, 9, BRAND), _circle(43, 33, 9, ACCENT)]


def _earbuds() -> list[rx.Component]:
    return [_circle(22, 22, 9, BRAND), _rect(18, 26, 7, 24, BRAND, 3.5),
            _circle(42, 22, 9, ACCENT), _rect(39, 26, 7, 24, ACCENT, 3.5),
            _circle(22, 22, 3.5, WHITE), _circle(42, 22, 3.5, WHITE)]


def _scratch() -> list[rx.Component]:
    return [_rect(6, 12, 52, 40, BRAND, 6), _rect(13, 26, 38, 17, SILVER, 3),
            svg.path(d="M16 35 l5 -5 l5 5 l5 -5 l5 5 l5 -5 l5 5",
                     style={"fill": "none", "stroke": WHITE, "strokeWidth": "2.5px",
                            "strokeLinecap": "round", "strokeLinejoin": "round"}),
            _poly("16,14 18,19 23,19 19,22 21,27 16,24 11,27 13,22 9,19 14,19", ACCENT)]


def _guess() -> list[rx.Component]:
    return [_poly("6,32 22,12 58,12 58,52 22,52", BRAND), _circle(20, 32, 3.5, WHITE),
            _yuan_sign(40, 40, 22), _circle(52, 18, 5, ACCENT)]


def _coupon() -> list[rx.Component]:
    return [_rect(6, 16, 52, 32, BRAND, 5), _circle(6, 32, 5, SOFT), _circle(58, 32, 5, SOFT),
            svg.line(x1=42, y1=20, x2=42, y2=44,
                     style={"stroke": WHITE, "strokeWidth": "2px", "strokeDasharray": "3 3"}),
            _yuan_sign(24, 40, 20), _circle(50, 32, 3.5, ACCENT)]


def _cash() -> list[rx.Component]:
    return [svg.ellipse(cx=32, cy=46, rx=18, ry=7, style={"fill": STRONG}),
            _rect(14, 28, 36, 18, BRAND), svg.ellipse(cx=32, cy=28, rx=18, ry=7,
                                                      style={"fill": ACCENT}),
            _yuan_sign(32, 33, 12, STRONG)]


def _phone() -> list[rx.Component]:
    return [_rect(19, 6, 26, 52, BRAND, 6), _rect(23, 12, 18, 34, WHITE, 2),
            _circle(32, 52, 2.5, WHITE), _rect(27, 22, 10, 3, ACCENT, 1.5),
            _rect(27, 29, 10, 3, ACCENT, 1.5)]


def _data() -> list[rx.Component]:
    return [_rect(10, 40, 8, 14, BRAND, 2), _rect(22, 32, 8, 22, BRAND, 2),
            _rect(34, 22, 8, 32, BRAND, 2), _rect(46, 12, 8, 42, ACCENT, 2)]


def _lounge() -> list[rx.Component]:
    return [_rect(14, 22, 36, 14, STRONG, 5), _rect(8, 30, 48, 14, BRAND, 5),
            _rect(10, 44, 5, 8, STRONG, 1), _rect(49, 44, 5, 8, STRONG, 1),
            _poly("38,8 54,12 48,14 50,20 46,20 43,15 38,16", ACCENT)]


def _hotel() -> list[rx.Component]:
    return [_rect(6, 18, 7, 36, STRONG, 2), _rect(6, 32, 52, 14, BRAND, 3),
            _rect(15, 25, 15, 8, WHITE, 3), _rect(52, 46, 5, 8, STRONG, 1),
            _poly("46,6 56,17 50,17 50,25 42,25 42,17 36,17", ACCENT)]


def _car() -> list[rx.Component]:
    return [_poly("17,28 23,16 41,16 47,28", STRONG), _rect(6, 27, 52, 16, BRAND, 6),
            _rect(25, 19, 14, 8, WHITE, 1), _circle(19, 44, 6, STRONG),
            _circle(45, 44, 6, STRONG), _circle(19, 44, 2.5, WHITE), _circle(45, 44, 2.5, WHITE),
            _rect(50, 31, 5, 4, ACCENT, 1)]


def _luggage() -> list[rx.Component]:
    return [svg.rect(x=25, y=7, width=14, height=12, rx=4,
                     style={"fill": "none", "stroke": STRONG, "strokeWidth": "3.5px"}),
            _rect(14, 16, 36, 38, BRAND, 6), _rect(22, 16, 4, 38, STRONG),
            _rect(38, 16, 4, 38, STRONG), _circle(20, 57, 3, STRONG), _circle(44, 57, 3, STRONG),
            _rect(28, 30, 8, 8, ACCENT, 2)]


def _plane() -> list[rx.Component]:
    return [_poly("6,38 26,31 35,10 42,10 38,30 54,25 58,31 39,38 43,54 36,54 28,41 9,44",
                  BRAND), _circle(50, 14, 5, ACCENT)]


def _red_packet() -> list[rx.Component]:
    return [_rect(13, 6, 38, 52, BRAND, 6), svg.path(d="M13 18 Q32 36 51 18 L51 12 Q51 6 45 6 "
                                                         "L19 6 Q13 6 13 12 Z",
                                                     style={"fill": STRONG}),
            _circle(32, 27, 7, ACCENT), _yuan_sign(32, 31, 10, STRONG)]


def _fee_waiver() -> list[rx.Component]:
    return [_poly("8,18 42,18 42,10 56,23 42,36 42,28 8,28", BRAND),
            _poly("56,40 22,40 22,32 8,45 22,58 22,50 56,50", ACCENT)]


def _gift() -> list[rx.Component]:
    return [_rect(10, 26, 44, 30, BRAND, 3), _rect(7, 19, 50, 10, STRONG, 2),
            _rect(29, 19, 6, 37, ACCENT),
            svg.ellipse(cx=25, cy=14, rx=8, ry=5, style={"fill": ACCENT}),
            svg.ellipse(cx=39, cy=14, rx=8, ry=5, style={"fill": ACCENT})]


def _flask() -> list[rx.Component]:
    return [_rect(24, 6, 16, 9, STRONG, 2), _rect(21, 13, 22, 45, BRAND, 7),
            _rect(21, 27, 22, 5, ACCENT), _rect(25, 38, 4, 14, WHITE, 2)]


MOTIFS: dict[str, Callable[[], list[rx.Component]]] = {
    "ecard": _ecard, "video": _video, "tree": _tree, "earbuds": _earbuds,
    "scratch": _scratch, "guess": _guess, "coupon": _coupon, "cash": _cash, "phone": _phone,
    "data": _data, "lounge": _lounge, "hotel": _hotel, "car": _car, "luggage": _luggage,
    "plane": _plane, "red_packet": _red_packet, "fee_waiver": _fee_waiver, "gift": _gift,
    "flask": _flask,
}


def _drawing(shapes: list[rx.Component], size: str) -> rx.Component:
    return svg(*shapes, view_box="0 0 64 64", width=size, height=size,
               custom_attrs={"aria-hidden": "true", "focusable": "false"})


def item_picture(picture: rx.Var, size: str = "56px") -> rx.Component:
    """The motif `picture` names, on a tile of the programme's soft colour."""
    return rx.box(
        rx.match(picture, *[(name, _drawing(draw(), "78%")) for name, draw in MOTIFS.items()],
                 _drawing(_gift(), "78%")),
        width=size,
        height=size,
        min_width=size,
        border_radius="14px",
        background=SOFT,
        display="flex",
        align_items="center",
        justify_content="center",
        data_testid="item-picture",
        custom_attrs={"data-picture": picture},
    )
