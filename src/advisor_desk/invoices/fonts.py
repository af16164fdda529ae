"""The shipped fonts, and text made ready to draw with them.

Everything is set in DejaVu Sans (shipped in `resources/fonts`, embedded as a subset). A
string with characters DejaVu lacks is split into runs, and only those runs are set in an
installed font that has them (`fallback.py`), so Chinese names show as text, not boxes.
reportlab draws characters in the order given and has no bidi algorithm: right-to-left
runs (Hebrew, Arabic) are put in display order first, in a left-to-right line.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from advisor_desk.invoices import fallback
from advisor_desk.invoices.font_cache import subset_keeping_font
from advisor_desk.resources import resource

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_OBLIQUE: "DejaVuSans-Oblique.ttf",
}
_RTL = {"R", "AL"}
# Direction marks and embeddings: meaningful to a bidi algorithm, not to a PDF text run.
_BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

Run = tuple[str | None, str]  # (installed fallback font, or None for DejaVu; text)


@cache
def register_fonts() -> None:
    """Register the shipped fonts with reportlab (once per process)."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(subset_keeping_font(name, str(resource("fonts", file))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_OBLIQUE)
    addMapping(FONT, 1, 1, FONT_BOLD)


@cache
def _shipped_coverage() -> frozenset[int]:
    """Characters every shipped face has (bold and oblique lack a few of the regular's)."""
    register_fonts()
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in _FILES]
    common = set(faces[0])
    for face in faces[1:]:
        common &= set(face)
    return frozenset(common)


def visual(text: str) -> str:
    """`text` in display order: right-to-left runs reversed as the bidi algorithm says, in a
    left-to-right paragraph (the documents are laid out left to right), without the
    invisible direction marks (Babel puts them in Hebrew amounts)."""
    if text.isascii():
        return text
    # The marks Babel adds are for right-to-left paragraphs; these documents are not.
    text = text.translate(_BIDI_CONTROLS)
    if any(unicodedata.bidirectional(c) in _RTL for c in text):
        text = "\n".join(get_display(line, base_dir="L") for line in text.split("\n"))
    return text


def is_plain(text: str) -> bool:
    """Whether the shipped fonts alone can draw `text` (no fallback run needed)."""
    if text.isascii():
        return True
    covered = _shipped_coverage()
    return all(ord(c) in covered or c in "\n\t" for c in text)


def runs(text: str) -> list[Run]:
    """`text` cut where the font changes: DejaVu (None) or an installed fallback font."""
    if is_plain(text):
        return [(None, text)]
    covered = _shipped_coverage()
    out: list[Run] = []
    for char in text:
        code = ord(char)
        font = None
        if code not in covered and not unicodedata.category(char).startswith(("Z", "C")):
            font = fallback.font_for(code)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def markup(text: str) -> str:
    """Paragraph markup for `text`: escaped, in display order, fallback runs in their font,
    line breaks kept."""
    return shown_markup(visual(text))


def shown_markup(shown: str) -> str:
    """`markup` of text already in display order (`visual` is not idempotent)."""
    parts = []
    for font, chunk in runs(shown):
        safe = escape(chunk).replace("\n", "<br/>")
        parts.append(safe if font is None else f'<font face="{font}">{safe}</font>')
    return "".join(parts)
