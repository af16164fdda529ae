"""A snapshot's lines as table rows: cells, heights and the look of each kind of row.

One-line text that DejaVu can draw stays a plain string (a table draws those fast, which
matters at 10,000 rows); a cell that needs wrapping or a fallback font becomes a paragraph,
measured here once. Rows of a kind share their cell styles (fonts, colours, padding), so a
page's table applies no per-cell style commands. On a consolidated invoice each reseller
client gets a heading row, its tier lines indented under it, and a subtotal row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.tables import CellStyle

from advisor_desk.invoices.fonts import (
    FONT,
    FONT_BOLD,
    is_plain,
    register_fonts,
    shown_markup,
    visual,
)
from advisor_desk.invoices.formatting import Formatter
from advisor_desk.invoices.styles import (
    CELL_PAD_X,
    CELL_PAD_Y,
    FAINT,
    INK,
    MUTED,
    RULE,
    TABLE_LEADING,
    TABLE_SIZE,
    TINT,
    styles,
)
from advisor_desk.invoices.table import EMPTY, Cell, Command, Grid, Row, RowKind

LINE_HEIGHT = TABLE_LEADING + 2 * CELL_PAD_Y
HEADER_HEIGHT = LINE_HEIGHT + 2
INDENT = 11.0
HEADER_SIZE = 6.8
WIDEST = TABLE_SIZE * 1.25  # no ASCII glyph of DejaVu Sans (Bold) is wider than 1.25 em
RULE_BELOW: Command = ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE)
SUBTOTAL_RULES: tuple[Command, ...] = (
    ("LINEABOVE", (3, 0), (3, 0), 0.5, FAINT),
    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
)


@dataclass(frozen=True)
class Layout:
    labels: tuple[str, str, str, str]
    fractions: tuple[float, float, float, float]
    first_number: int  # columns from this one on hold numbers (right-aligned)


INVOICE = Layout(("Description", "Qty", "Unit price", "Amount"), (0.52, 0.11, 0.185, 0.185), 1)
STATEMENT = Layout(
    ("Client", "Billing model", "License charge", "Referral"), (0.39, 0.25, 0.18, 0.18), 2
)


def _cell_style(
    name: str,
    *,
    bold: bool = False,
    right: bool = False,
    color: Color = INK,
    size: float = TABLE_SIZE,
    indent: float = 0.0,
) -> CellStyle:
    style = CellStyle(name)
    style.fontname = FONT_BOLD if bold else FONT
    style.fontsize = size
    style.leading = TABLE_LEADING
    style.color = color
    style.alignment = "RIGHT" if right else "LEFT"
    style.valign = "MIDDLE"
    style.leftPadding = CELL_PAD_X + indent
    style.rightPadding = CELL_PAD_X
    style.topPadding = style.bottomPadding = CELL_PAD_Y
    return style


class Cells:
    """Makes the rows of a table with columns of given widths."""

    def __init__(self, widths: Sequence[float], first_number: int) -> None:
        self.widths = widths
        self.first_number = first_number
        st = styles()
        self._paragraph = {
            (False, False): st.cell,
            (False, True): st.cell_right,
            (True, False): st.cell_bold,
            (True, True): ParagraphStyle(
                "cell_bold_right", parent=st.cell_bold, alignment=TA_RIGHT
            ),
        }

        def columns(kind: str, **first: Any) -> tuple[CellStyle, ...]:
            return (
                _cell_style(f"{kind}-0", **first),
                *(
                    _cell_style(f"{kind}-{i}", right=i >= first_number)
                    for i in range(1, len(widths))
                ),
            )

        self.plain = columns("line")
        self.indented = columns("indented", indent=INDENT)
        self.group = columns("group", bold=True)
        subtotal = columns("subtotal", indent=INDENT, color=MUTED)
        self.subtotal = (*subtotal[:-1], _cell_style("subtotal-amount", bold=True, right=True))
        self.header = tuple(
            _cell_style(
                f"header-{i}", bold=True, right=i >= first_number, color=MUTED, size=HEADER_SIZE
            )
            for i in range(len(widths))
        )

    def make(
        self, text: str, column: int, *, bold: bool = False, indent: float = 0.0
    ) -> tuple[Cell, float]:
        """The cell and the row height it needs."""
        if not text:
            return EMPTY, LINE_HEIGHT
        room = self.widths[column] - 2 * CELL_PAD_X - indent
        if len(text) * WIDEST <= room and text.isascii() and "\n" not in text:
            return text, LINE_HEIGHT  # fits for sure: no need to measure
        shown = visual(text)
        font = FONT_BOLD if bold else FONT
        if "\n" not in shown and is_plain(shown) and stringWidth(shown, font, TABLE_SIZE) <= room:
            return shown, LINE_HEIGHT
        right = column >= self.first_number
        paragraph = Paragraph(shown_markup(shown), self._paragraph[(bold, right)])
        _, height = paragraph.wrap(room, 100_000)
        return paragraph, max(LINE_HEIGHT, height + 2 * CELL_PAD_Y)

    def row(
        self,
        texts: Sequence[str],
        looks: Sequence[CellStyle],
        *,
        kind: RowKind = "line",
        group: str | None = None,
        commands: tuple[Command, ...] = (RULE_BELOW,),
    ) -> Row:
        made = [
            self.make(
                text,
                i,
                bold=looks[i].fontname == FONT_BOLD,
                indent=looks[i].leftPadding - CELL_PAD_X,
            )
            for i, text in enumerate(texts)
        ]
        return Row(
            cells=[cell for cell, _ in made],
            height=max(h for _, h in made),
            looks=looks,
            kind=kind,
            group=group,
            commands=commands,
        )


def grid(layout: Layout, width: float) -> tuple[Grid, Cells]:
    register_fonts()
    widths = [width * f for f in layout.fractions]
    cells = Cells(widths, layout.first_number)
    header = Row([label.upper() for label in layout.labels], HEADER_HEIGHT, cells.header)
    commands: list[Command] = [
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, FAINT),
    ]

    def continued(group: str) -> Row:
        return _group_row(cells, f"{group} (continued)", group)

    return Grid(header, widths, commands, continued), cells


def _group_row(cells: Cells, text: str, group: str) -> Row:
    return cells.row([text, "", "", ""], cells.group, kind="group", group=group, commands=())


def build_rows(snapshot: dict[str, Any], fmt: Formatter, cells: Cells) -> list[Row]:
    lines = snapshot.get("lines") or []
    if snapshot.get("kind") == "referral_statement":
        return [
            cells.row(
                [
                    line.get("description", ""),
                    line.get("group") or "",
                    fmt.money(line.get("unit_price")),
                    fmt.money(line.get("amount")),
                ],
                cells.plain,
            )
            for line in lines
        ]
    subtotals = {g: amount for g, amount in snapshot.get("group_subtotals") or []}
    rows: list[Row] = []
    for index, line in enumerate(lines):
        group = line.get("group")
        description = str(line.get("description", ""))
        numbers = [
            fmt.quantity(line.get("quantity")),
            fmt.money(line.get("unit_price")),
            fmt.money(line.get("amount")),
        ]
        if group is None:
            rows.append(cells.row([description, *numbers], cells.plain))
            continue
        if index == 0 or lines[index - 1].get("group") != group:
            rows.append(_group_row(cells, group, group))
        prefix = f"{group} — "
        shown = description[len(prefix) :] if description.startswith(prefix) else description
        rows.append(cells.row([shown, *numbers], cells.indented, group=group, commands=()))
        last = index + 1 == len(lines) or lines[index + 1].get("group") != group
        if last and group in subtotals:
            rows.append(
                cells.row(
                    ["Subtotal", "", "", fmt.money(subtotals[group])],
                    cells.subtotal,
                    kind="subtotal",
                    group=group,
                    commands=SUBTOTAL_RULES,
                )
            )
    return rows
