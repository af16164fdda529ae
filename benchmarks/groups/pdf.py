"""Group `pdf`: rendering the consolidated invoice of a partner with 2,000 reseller clients.

- `pdf.consolidated_2000_clients`: `invoices.pdf.render_pdf` of that invoice's snapshot
  (~5,800 tier lines, plus each client's heading and subtotal rows: ~9,800 table rows, about
  250 A4 pages, with the header repeated, "Page x of y", totals, fonts embedded), against a
  bare reportlab platypus `LongTable` of the same rows as plain strings (same fonts, same
  column widths, header row repeated), built with `SimpleDocTemplate` in the same run.
"""

from __future__ import annotations

import io

from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices import samples
from advisor_desk.invoices.fonts import FONT, FONT_BOLD, register_fonts
from advisor_desk.invoices.formatting import Formatter, page_size
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.invoices.rows import INVOICE, build_rows, grid
from advisor_desk.invoices.styles import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, TABLE_SIZE
from groups import Context, Result, median_seconds

CLIENTS = 2000


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    ctx.log(f"snapshot of a consolidated invoice with {clients} reseller clients")
    snapshot = samples.consolidated(clients)
    rows, widths = _same_rows(snapshot)
    repeats = ctx.repeats(full=3, quick=1)
    pdf = render_pdf(snapshot)  # warm-up: fonts parsed once per process, for both sides
    _bare_table(rows, widths)
    ctx.log(f"render_pdf × {repeats}")
    app = median_seconds(lambda _: render_pdf(snapshot), repeats=repeats)
    ctx.log(f"bare LongTable × {repeats}")
    bare = median_seconds(lambda _: _bare_table(rows, widths), repeats=repeats)
    pages = pdf.count(b"/Type /Page\n")
    note = (
        f"{clients} clients, {len(snapshot.lines)} lines, {len(rows) - 1} table rows, "
        f"{pages} pages, {len(pdf) / 1e6:.1f} MB; baseline: bare LongTable, same rows"
    )
    return [Result("pdf.consolidated_2000_clients", app, "s", bare, note)]


def _same_rows(snapshot: Snapshot) -> tuple[list[list[str]], list[float]]:
    """The table rows the app draws, as plain text (untimed)."""
    width = page_size("en_AU")[0] - 2 * MARGIN_X
    lines_grid, cells = grid(INVOICE, width)
    fmt = Formatter("en_AU", "AUD")
    rows = [list(map(str, lines_grid.header.cells))]
    for row in build_rows(snapshot.to_dict(), fmt, cells):
        rows.append([_text(c) for c in row.cells])
    return rows, list(lines_grid.widths)


def _text(cell: object) -> str:
    if isinstance(cell, Paragraph):
        return cell.text
    return cell if isinstance(cell, str) else ""


def _bare_table(rows: list[list[str]], widths: list[float]) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size("en_AU"),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
        initialFontName=FONT,
    )
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    doc.build([table])
    return buffer.getvalue()
