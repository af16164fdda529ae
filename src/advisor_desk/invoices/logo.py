"""The partner's logo on its invoices, and a brand colour taken from it."""

from __future__ import annotations

import colorsys
import io
import logging
from collections import Counter
from functools import cache

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

log = logging.getLogger(__name__)

LOGO_BOX = (52 * mm, 18 * mm)
MAX_LUMINANCE = 0.28  # dark enough for white-background text and rules


def logo_image(hex_png: str | None) -> Image | None:
    """The partner's logo scaled into LOGO_BOX, or None (none given, or not an image)."""
    data = _bytes(hex_png)
    if data is None:
        return None
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as error:  # a broken logo must not stop an invoice
        log.warning("the logo cannot be read (%s); rendered without it", error)
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


@cache
def brand_colour(hex_png: str | None) -> str | None:
    """The logo's main colour as "#rrggbb", darkened enough to read as text; None for no
    logo or a logo without a clear colour (black, white, grey)."""
    data = _bytes(hex_png)
    if data is None:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            small = opened.convert("RGBA").resize((48, 48), PILImage.Resampling.BOX)
    except Exception as error:  # a broken logo must not stop an invoice
        log.warning("the logo cannot be read (%s)", error)
        return None
    weights: Counter[tuple[int, int, int]] = Counter()
    pixels: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
    raw = small.tobytes()  # RGBA, 4 bytes a pixel (getdata() is deprecated in Pillow 13)
    for at in range(0, len(raw), 4):
        r, g, b, a = raw[at : at + 4]
        _h, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        if a < 200 or s < 0.3 or v <= 0.15:
            continue
        bucket = (r // 32, g // 32, b // 32)
        weights[bucket] += s * v
        pixels.setdefault(bucket, []).append((r, g, b))
    if not weights:
        return None
    best = max(weights, key=lambda k: (weights[k], k))
    chosen = pixels[best]
    rgb = [sum(p[i] for p in chosen) / len(chosen) / 255 for i in range(3)]
    while _luminance(rgb) > MAX_LUMINANCE:
        rgb = [c * 0.9 for c in rgb]
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _luminance(rgb: list[float]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _bytes(hex_png: str | None) -> bytes | None:
    if not hex_png:
        return None
    try:
        return bytes.fromhex(hex_png)
    except ValueError:
        log.warning("the logo in the snapshot is not hex; rendered without it")
        return None
