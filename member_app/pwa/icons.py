"""The app icons, drawn with pillow so no binary is hand-placed in the repo.

One app serves three programmes, so its icon belongs to none of them (issue #13 finding 8: no
shared crown): a white member card striped in JD red, Fliggy yellow and Alipay blue on the
neutral ink of the login page, the same figure as components/brand.py's neutral mark. The
maskable variant keeps the card inside the central 80% safe zone, since launchers crop
maskable icons to circles or squircles.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TOP_COLOUR = (59, 74, 102)  # #3b4a66, the neutral --brand of assets/theme.css
BOTTOM_COLOUR = (30, 41, 59)  # #1e293b
CARD_COLOUR = (255, 255, 255)
STRIPES = ((225, 37, 27), (245, 196, 0), (22, 119, 255))  # JD, Fliggy, Alipay
SIZES = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, False),
}


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then downsample: cheap anti-aliasing
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    gradient = _vertical_gradient(big)
    mask = Image.new("L", (big, big), 0)
    radius = 0 if maskable else big // 5
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=255)
    image.paste(gradient, (0, 0), mask)
    _draw_card(ImageDraw.Draw(image), big, inset=0.24 if maskable else 0.18)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _vertical_gradient(size: int) -> Image.Image:
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(size - 1, 1)
        column.putpixel(
            (0, y),
            tuple(
                round(top + (bottom - top) * t)
                for top, bottom in zip(TOP_COLOUR, BOTTOM_COLOUR, strict=True)
            ),
        )
    return column.resize((size, size))


def _draw_card(draw: ImageDraw.ImageDraw, size: int, *, inset: float) -> None:
    """A card 1.4 times as wide as high, centred, with three stripes across its upper half."""
    left, right = size * inset, size * (1 - inset)
    width = right - left
    height = width / 1.4
    top = (size - height) / 2
    bottom = top + height
    draw.rounded_rectangle((left, top, right, bottom), radius=int(width * 0.1), fill=CARD_COLOUR)
    stripe = height * 0.14
    y = top + height * 0.2
    for colour in STRIPES:
        draw.rectangle((left, y, right, y + stripe), fill=colour)
        y += stripe
    # The card's chip: a small rounded square under the stripes.
    chip = width * 0.16
    cx, cy = left + width * 0.12, bottom - height * 0.12 - chip * 0.75
    draw.rounded_rectangle((cx, cy, cx + chip, cy + chip * 0.75), radius=int(chip * 0.2),
                           fill=(203, 213, 225))


def write_icons(directory: Path) -> list[Path]:
    """Writes every icon, and favicon.ico beside the icons folder; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (size, maskable) in SIZES.items():
        path = directory / name
        draw_icon(size, maskable=maskable).save(path, optimize=True)
        written.append(path)
    favicon = directory.parent / "favicon.ico"
    draw_icon(64, maskable=False).save(favicon, sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    written.append(favicon)
    return written
