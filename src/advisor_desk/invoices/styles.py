"""Colours, sizes and paragraph styles of every document (one look for all kinds)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from advisor_desk.invoices.fonts import FONT, FONT_BOLD, FONT_OBLIQUE

INK = colors.HexColor("#1a2430")
MUTED = colors.HexColor("#5b6b7c")
FAINT = colors.HexColor("#8795a3")
RULE = colors.HexColor("#dde3e9")
ACCENT = colors.HexColor("#0b6e69")
TINT = colors.HexColor("#f2f5f7")
ACCENT_TINT = colors.HexColor("#e7f3f2")
WATERMARK = colors.Color(0.78, 0.16, 0.16, alpha=0.11)

MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 22 * mm  # the footer sits in here
TABLE_SIZE = 8.5  # the lines table's text
TABLE_LEADING = 10.5
CELL_PAD_Y = 3.2
CELL_PAD_X = 5


@dataclass(frozen=True)
class Styles:
    accent: colors.Color
    accent_tint: colors.Color
    body: ParagraphStyle
    body_right: ParagraphStyle
    bold: ParagraphStyle
    bold_right: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    label: ParagraphStyle
    label_right: ParagraphStyle
    issuer: ParagraphStyle
    title: ParagraphStyle
    qualifier: ParagraphStyle
    number: ParagraphStyle
    party: ParagraphStyle
    due_amount: ParagraphStyle
    total_label: ParagraphStyle
    total_amount: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle


@cache
def styles(accent_hex: str | None = None) -> Styles:
    """The styles, in the platform's teal or in a partner's brand colour ("#rrggbb")."""
    accent = colors.HexColor(accent_hex) if accent_hex else ACCENT
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11.5, textColor=INK)
    right = {"alignment": TA_RIGHT}
    bold = {"fontName": FONT_BOLD}
    label = ParagraphStyle(
        "label", parent=body, fontName=FONT_BOLD, fontSize=6.8, leading=9, textColor=FAINT
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=TABLE_SIZE, leading=TABLE_LEADING)
    return Styles(
        accent=accent,
        accent_tint=tint(accent, 0.1) if accent_hex else ACCENT_TINT,
        body=body,
        body_right=ParagraphStyle("body_right", parent=body, **right),
        bold=ParagraphStyle("bold", parent=body, **bold),
        bold_right=ParagraphStyle("bold_right", parent=body, **bold, **right),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        note=ParagraphStyle(
            "note", parent=body, fontName=FONT_OBLIQUE, fontSize=7.5, leading=10, textColor=MUTED
        ),
        label=label,
        label_right=ParagraphStyle("label_right", parent=label, **right),
        issuer=ParagraphStyle(
            "issuer", parent=body, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_LEFT
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=18,
            leading=22,
            textColor=accent,
            **right,
        ),
        qualifier=ParagraphStyle(
            "qualifier", parent=body, fontSize=10, leading=13, textColor=accent, **right
        ),
        number=ParagraphStyle(
            "number", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13, **right
        ),
        party=ParagraphStyle("party", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13),
        due_amount=ParagraphStyle(
            "due_amount",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            textColor=accent,
        ),
        total_label=ParagraphStyle(
            "total_label", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13
        ),
        total_amount=ParagraphStyle(
            "total_amount", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13, **right
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, **right),
        cell_bold=ParagraphStyle("cell_bold", parent=cell, **bold),
    )


def tint(color: colors.Color, strength: float) -> colors.Color:
    """`color` mixed into white: a pale background of the same hue."""
    return colors.Color(*(1 - strength * (1 - c) for c in (color.red, color.green, color.blue)))
