"""The app icons, drawn with pillow so no binary is hand-placed in the repo.

A crown on the member-card gradient. The maskable variant keeps the crown inside the central
80% safe zone, since launchers crop maskable icons to circles or squircles.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TOP_COLOUR = (59, 42, 34)
BOTTOM_COLOUR = (201, 147, 90)
CROWN_COLOUR = (255, 213, 145)
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
    _draw_crown(ImageDraw.Draw(image), big, inset=0.30 if maskable else 0.22)
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


def _draw_crown(draw: ImageDraw.ImageDraw, size: int, *, inset: float) -> None:
    left, right = size * inset, size * (1 - inset)
    top, bottom = size * (inset + 0.06), size * (1 - inset - 0.08)
    width = right - left
    points = [
        (left, bottom),
        (left, top + (bottom - top) * 0.25),
        (left + width * 0.25, top + (bottom - top) * 0.55),
        (left + width * 0.5, top),
        (left + width * 0.75, top + (bottom - top) * 0.55),
        (right, top + (bottom - top) * 0.25),
        (right, bottom),
    ]
    draw.polygon(points, fill=CROWN_COLOUR)
    band = (bottom - top) * 0.16
    draw.rounded_rectangle(
        (left, bottom + band * 0.4, right, bottom + band * 1.4),
        radius=int(band / 2),
        fill=CROWN_COLOUR,
    )
    jewel = width * 0.06
    for x, y in (
        (left, top + (bottom - top) * 0.25),
        (left + width * 0.5, top),
        (right, top + (bottom - top) * 0.25),
    ):
        draw.ellipse((x - jewel, y - jewel, x + jewel, y + jewel), fill=CROWN_COLOUR)


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
