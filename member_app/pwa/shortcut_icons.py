"""The icons of the manifest's shortcuts (a long press on the installed app's icon): sign-in
and coupons, each a white glyph on the app icon's background, drawn with pillow like the app
icons (member_app/pwa/icons.py), whose colours they share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from member_app.pwa.icons import BOTTOM_COLOUR, TOP_COLOUR

GLYPH_COLOUR = (255, 255, 255)
SIZE = 96  # the size launchers ask shortcuts for (Android's 48 dp at 2x)
SCALE = 4  # draw large, then downsample: cheap anti-aliasing


def _background(big: int) -> Image.Image:
    """A rounded square fading from the icon's top colour to its bottom colour."""
    column = Image.new("RGB", (1, big))
    for y in range(big):
        t = y / max(big - 1, 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t)
                                      for a, b in zip(TOP_COLOUR, BOTTOM_COLOUR, strict=True)))
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=255)
    image.paste(column.resize((big, big)), (0, 0), mask)
    return image


def _calendar_with_tick(draw: ImageDraw.ImageDraw, big: int) -> None:
    """Sign-in: a calendar page with a tick."""
    line = big * 0.06
    left, top, right, bottom = big * 0.24, big * 0.28, big * 0.76, big * 0.76
    draw.rounded_rectangle((left, top, right, bottom), radius=int(big * 0.07),
                           outline=GLYPH_COLOUR, width=round(line))
    draw.rectangle((left, top + line / 2, right, top + big * 0.12), fill=GLYPH_COLOUR)
    for x in (left + big * 0.12, right - big * 0.12):  # the rings the page hangs from
        draw.rounded_rectangle((x - line / 2, big * 0.2, x + line / 2, top + big * 0.06),
                               radius=round(line / 2), fill=GLYPH_COLOUR)
    tick = [(big * 0.36, big * 0.55), (big * 0.46, big * 0.65), (big * 0.64, big * 0.46)]
    draw.line(tick, fill=GLYPH_COLOUR, width=round(line), joint="curve")


def _coupon(draw: ImageDraw.ImageDraw, big: int) -> None:
    """Coupons: a ticket with a notch on each side and a dashed tear line."""
    left, top, right, bottom = big * 0.2, big * 0.32, big * 0.8, big * 0.68
    draw.rounded_rectangle((left, top, right, bottom), radius=int(big * 0.06), fill=GLYPH_COLOUR)
    notch = big * 0.07
    middle = (top + bottom) / 2
    for x in (left, right):
        draw.ellipse((x - notch, middle - notch, x + notch, middle + notch), fill=(0, 0, 0, 0))
    tear = big * 0.62
    dash = big * 0.04
    y = top + dash
    while y < bottom - dash:
        draw.line([(tear, y), (tear, y + dash)], fill=TOP_COLOUR, width=round(big * 0.025))
        y += dash * 2


GLYPHS: dict[str, Callable[[ImageDraw.ImageDraw, int], None]] = {
    "shortcut-sign-in.png": _calendar_with_tick,
    "shortcut-coupons.png": _coupon,
}


def draw_shortcut_icon(glyph: Callable[[ImageDraw.ImageDraw, int], None]) -> Image.Image:
    big = SIZE * SCALE
    image = _background(big)
    # The glyph on a layer of its own, so what it cuts out (the coupon's notches) shows the
    # background rather than a hole in the icon.
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    glyph(ImageDraw.Draw(layer), big)
    image.alpha_composite(layer)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def write_shortcut_icons(directory: Path) -> list[Path]:
    """Writes every shortcut icon into `directory`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, glyph in GLYPHS.items():
        path = directory / name
        draw_shortcut_icon(glyph).save(path, optimize=True)
        written.append(path)
    return written
