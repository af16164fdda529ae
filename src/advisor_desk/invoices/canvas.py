"""What every page carries: the footer with "Page x of y", a running header from page 2 on,
and the `DRAFT` watermark (drawn first, under the content)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from advisor_desk.invoices.fonts import FONT, FONT_BOLD, runs, visual
from advisor_desk.invoices.styles import FAINT, MARGIN_X, MUTED, RULE, WATERMARK

FOOTER_Y = 11 * mm
RUNNING_HEADER_GAP = 11 * mm  # from the top edge


@dataclass(frozen=True)
class Decor:
    """The texts around the content of each page."""

    issuer: str  # footer, left: legal name · tax number
    reference: str  # footer, right, before "Page x of y": "Tax invoice INV-000001"
    running_left: str  # pages 2+, top left: the issuer's name
    running_right: str  # pages 2+, top right: "INV-000001 · November 2026 · continued"
    draft: bool


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> None:
    """Draw one line, with fallback-font runs where DejaVu lacks a character."""
    parts = [(face or font, chunk) for face, chunk in runs(visual(text))]
    width = sum(stringWidth(chunk, face, size) for face, chunk in parts)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for face, chunk in parts:
        canvas.setFont(face, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, face, size)


def watermark(canvas: Canvas, decor: Decor) -> None:
    """onPage callback: the DRAFT watermark under the page's content."""
    if not decor.draft:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 120)
    canvas.setFillColor(WATERMARK)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(38)
    canvas.drawCentredString(0, -42, "DRAFT")
    canvas.restoreState()


def numbered_canvas(decor: Decor) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds every page until the end so each can say "Page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Not Helvetica, reportlab's default: every font in the file is embedded.
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, decor, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canvas: Canvas, decor: Decor, page: int, total: int) -> None:
    width, height = canvas._pagesize
    right = width - MARGIN_X
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, FOOTER_Y + 9, right, FOOTER_Y + 9)
    canvas.setFillColor(MUTED)
    _pair(canvas, FOOTER_Y, decor.issuer, f"{decor.reference}  ·  Page {page} of {total}", FONT, 7)
    if page > 1:
        top = height - RUNNING_HEADER_GAP
        canvas.setFillColor(FAINT)
        _pair(canvas, top, decor.running_left, decor.running_right, FONT_BOLD, 7.5)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_X, top - 4, right, top - 4)
    canvas.restoreState()


def _pair(canvas: Canvas, y: float, left: str, right: str, left_font: str, size: float) -> None:
    """A line with `left` at the left margin and `right` at the right one; `left` is cut
    short (…) where the two would meet."""
    width = canvas._pagesize[0]
    room = width - 2 * MARGIN_X - _width(right, FONT, size) - 6 * mm
    if _width(left, left_font, size) > room:
        while left and _width(left + "…", left_font, size) > room:
            left = left[:-1]
        left = left.rstrip() + "…"
    draw_text(canvas, MARGIN_X, y, left, left_font, size)
    draw_text(canvas, width - MARGIN_X, y, right, FONT, size, "right")


def _width(text: str, font: str, size: float) -> float:
    return sum(stringWidth(chunk, face or font, size) for face, chunk in runs(visual(text)))
