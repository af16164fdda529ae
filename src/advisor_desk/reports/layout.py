"""What both reports share: the document, styles, the partner's branding at the top."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from advisor_desk.invoices.fonts import FONT, FONT_BOLD, markup, register_fonts
from advisor_desk.invoices.formatting import page_size
from advisor_desk.invoices.logo import brand_colour, logo_image

MARGIN = 18 * mm
INK = "#1f2933"
MUTED = "#5f6b7a"
RATING_COLOURS = {
    "Low": "#4caf50",
    "Medium": "#f2c94c",
    "High": "#f2994a",
    "Extreme": "#d64545",
    "Very low": "#4caf50",
    "Very high": "#d64545",
}


@dataclass(frozen=True)
class Branding:
    partner: str
    legal_name: str = ""
    logo_png: bytes | None = None
    locale: str = "en_AU"

    @property
    def logo_hex(self) -> str | None:
        return self.logo_png.hex() if self.logo_png else None

    @property
    def colour(self) -> str:
        return brand_colour(self.logo_hex) or "#1d4e89"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle


def styles(branding: Branding) -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23,
            textColor=branding.colour,
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16,
            spaceBefore=8, spaceAfter=4, textColor=branding.colour,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    )  # fmt: skip


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: whatever a partner or respondent typed)."""
    return Paragraph(markup(text), style)


def header(branding: Branding, st: Styles, title: str, lines: Sequence[str]) -> list[Flowable]:
    story: list[Flowable] = []
    logo = logo_image(branding.logo_hex)
    if logo is not None:
        story += [logo, Spacer(1, 4 * mm)]
    story.append(p(branding.legal_name or branding.partner, st.small))
    story.append(p(title, st.title))
    story += [p(line, st.body) for line in lines if line]
    story.append(Spacer(1, 5 * mm))
    return story


def table(rows: list[list[object]], widths: Sequence[float], branding: Branding) -> Table:
    made = Table(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    made.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTNAME", (0, 1), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(branding.colour)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5dbe3")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return made


def build(branding: Branding, title: str, author: str, story: list[Flowable]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size(branding.locale),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        creator="Advisor Desk",
        invariant=1,
        initialFontName=FONT,
    )
    doc.build(story)
    return buffer.getvalue()


def content_width(branding: Branding) -> float:
    return page_size(branding.locale)[0] - 2 * MARGIN
