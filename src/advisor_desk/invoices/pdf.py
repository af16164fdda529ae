"""A document's PDF, rendered with reportlab from its snapshot alone.

Invariant mode (no timestamps, fixed ids) makes the bytes depend only on the snapshot, so an
issued document's stored SHA-256 can be checked again on any machine.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_currency
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from advisor_desk.resources import resource

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE"}
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#0b6e69")
RULE = colors.HexColor("#d9e2ec")


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))


def page_size(locale: str) -> tuple[float, float]:
    region = (
        locale.replace("-", "_").split("_")[-1].upper() if "_" in locale or "-" in locale else ""
    )
    return LETTER if region in LETTER_REGIONS else A4


def amount_text(value: str, currency: str, locale: str) -> str:
    return format_currency(Decimal(value), currency, locale=locale.replace("-", "_"))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, textColor=INK)
    return {
        "base": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, textColor=ACCENT
        ),
        "issuer": ParagraphStyle(
            "issuer", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15
        ),
        "title_right": ParagraphStyle(
            "title_right",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            alignment=TA_RIGHT,
        ),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "right_bold": ParagraphStyle(
            "right_bold", parent=base, alignment=TA_RIGHT, fontName=FONT_BOLD
        ),
    }


def _para(text: str | None, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def render_pdf(snapshot: dict[str, Any]) -> bytes:
    _register_fonts()
    styles = _styles()
    size = page_size(snapshot.get("locale") or "en_AU")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"{snapshot['title']} {snapshot.get('number') or 'DRAFT'}",
        author=snapshot["issuer"]["name"],
        invariant=1,
    )
    story: list[Any] = [*_header(snapshot, styles, doc.width), Spacer(1, 8 * mm)]
    story.append(_lines_table(snapshot, styles, doc.width))
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether([_totals(snapshot, styles, doc.width), *_footer(snapshot, styles)]))
    draft = snapshot.get("status") != "issued"
    doc.build(story, canvasmaker=_numbered_canvas(draft, snapshot))
    return buffer.getvalue()


def _header(s: dict[str, Any], st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    issuer = s["issuer"]
    left = [_para(issuer.get("legal_name") or issuer["name"], st["issuer"])]
    for key in ("address",):
        if issuer.get(key):
            left.append(_para(issuer[key], st["muted"]))
    if issuer.get("tax_number"):
        left.append(_para(f"Tax number: {issuer['tax_number']}", st["muted"]))
    facts = [
        ("Number", s.get("number") or "DRAFT"),
        ("Period", s["period"]),
        ("Issued", s.get("issue_date") or "—"),
    ]
    if s.get("due_date"):
        facts.append(("Due", s["due_date"]))
    if s.get("references"):
        facts.append(("Credits", s["references"]))
    right = [_para(s["title"], st["title_right"]), Spacer(1, 2 * mm)]
    right += [_para(f"{label}: {value}", st["right"]) for label, value in facts]
    head = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    head.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    recipient = [_para("Bill to", st["muted"]), _para(s["recipient"]["name"], st["bold"])]
    return [head, Spacer(1, 6 * mm), *recipient]


def _lines_table(s: dict[str, Any], st: dict[str, ParagraphStyle], width: float) -> LongTable:
    currency, locale = s["currency"], s.get("locale") or "en_AU"
    money = lambda v: amount_text(v, currency, locale)  # noqa: E731
    statement = s["kind"] == "referral_statement"
    header = (
        ["Client", "Model", "Charge", "Referral"]
        if statement
        else ["Description", "Qty", "Unit price", "Amount"]
    )
    header_styles = [st["bold"], st["bold" if statement else "right_bold"]]
    header_styles += [st["right_bold"], st["right_bold"]]
    rows: list[list[Any]] = [[_para(h, hs) for h, hs in zip(header, header_styles, strict=True)]]
    subtotal_rows: list[int] = []
    group_totals = dict(s.get("group_subtotals") or [])
    lines = s["lines"]
    for index, line in enumerate(lines):
        second = line.get("group") or "" if statement else line["quantity"]
        rows.append(
            [
                _para(line["description"], st["base"]),
                _para(second, st["base"] if statement else st["right"]),
                _para(money(line["unit_price"]), st["right"]),
                _para(money(line["amount"]), st["right"]),
            ]
        )
        group = line.get("group")
        group_ends = index + 1 == len(lines) or lines[index + 1].get("group") != group
        if not statement and group and group_ends and group in group_totals:
            subtotal_rows.append(len(rows))
            rows.append(
                [
                    _para(f"Subtotal {group}", st["muted"]),
                    "",
                    "",
                    _para(money(group_totals[group]), st["right_bold"]),
                ]
            )
    table = LongTable(
        rows, colWidths=[width * 0.52, width * 0.12, width * 0.18, width * 0.18], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *[
                    ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f5f7fa"))
                    for r in subtotal_rows
                ],
            ]
        )
    )
    return table


def _totals(s: dict[str, Any], st: dict[str, ParagraphStyle], width: float) -> Table:
    currency, locale = s["currency"], s.get("locale") or "en_AU"
    money = lambda v: amount_text(v, currency, locale)  # noqa: E731
    rate = Decimal(s["tax_rate"]) * 100
    rows = [["Subtotal", money(s["subtotal"])]]
    if s["kind"] != "referral_statement":
        rows.append([f"Tax ({format(rate.normalize(), 'f')}%)", money(s["tax"])])
        rows.append([f"Total {currency}", money(s["total"])])
    else:
        rows[0][0] = "Referral income"
    cells = [[_para(a, st["right"]), _para(b, st["right"])] for a, b in rows]
    cells[-1] = [_para(rows[-1][0], st["right_bold"]), _para(rows[-1][1], st["right_bold"])]
    table = Table(cells, colWidths=[width * 0.82, width * 0.18])
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)]))
    return table


def _footer(s: dict[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    out: list[Any] = [Spacer(1, 6 * mm)]
    bank = s["issuer"].get("bank_details")
    if bank and s["kind"] != "referral_statement":
        out += [_para("Payment details", st["bold"]), _para(bank, st["muted"])]
    if s["kind"] == "referral_statement":
        out.append(
            _para(
                "Referral income is paid out separately; it is never netted against an invoice.",
                st["muted"],
            )
        )
    return out


def _numbered_canvas(draft: bool, snapshot: dict[str, Any]) -> type[Canvas]:
    label = f"{snapshot['title']} {snapshot.get('number') or 'DRAFT'}"

    class NumberedCanvas(Canvas):
        """Holds every page until the end so each can say "Page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(len(self._pages))
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = self._pagesize
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 10 * mm, label)
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            if draft:
                self.saveState()
                self.setFont(FONT_BOLD, 110)
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
                self.translate(width / 2, self._pagesize[1] / 2)
                self.rotate(40)
                self.drawCentredString(0, -35, "DRAFT")
                self.restoreState()

    return NumberedCanvas
