"""A document's PDF, rendered with reportlab from its snapshot alone.

`render_pdf(snapshot) -> bytes` is the one entry point: a `domain.snapshot.Snapshot`, or a
stored one as its JSON mapping (keys added later are optional, so older snapshots still
render exactly as they did). Invariant mode (no timestamps, fixed ids) makes the bytes
depend only on the snapshot and the fonts, so an issued document's stored SHA-256 can be
checked again.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices.canvas import Decor, numbered_canvas, watermark
from advisor_desk.invoices.fonts import FONT, register_fonts
from advisor_desk.invoices.formatting import Formatter, page_size
from advisor_desk.invoices.header import header, is_draft, tax_text
from advisor_desk.invoices.logo import brand_colour
from advisor_desk.invoices.rows import INVOICE, STATEMENT, build_rows, grid
from advisor_desk.invoices.styles import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, styles
from advisor_desk.invoices.table import LinesTable
from advisor_desk.invoices.totals import closing

__all__ = ["page_size", "render_pdf"]

GAP_BEFORE_TOTALS = 6 * mm


def render_pdf(given: Snapshot | Mapping[str, Any]) -> bytes:
    """The PDF of a snapshot: the same snapshot gives the same bytes (invariant mode)."""
    snapshot: dict[str, Any]
    if isinstance(given, Snapshot):
        snapshot = given.to_dict()
    else:
        Snapshot.from_dict(given)  # a stored snapshot of a kind this version knows
        snapshot = dict(given)
    register_fonts()
    st = styles(brand_colour(snapshot.get("logo_png")))
    fmt = Formatter(snapshot.get("locale"), snapshot.get("currency") or "AUD")
    buffer = io.BytesIO()
    reference = snapshot.get("number") or "Draft"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size(snapshot.get("locale")),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{snapshot.get('title') or 'Document'} {reference}",
        author=(snapshot.get("issuer") or {}).get("name") or "",
        subject=f"{snapshot.get('recipient', {}).get('name', '')} · {snapshot.get('period', '')}",
        creator="Advisor Desk",
        invariant=1,
        initialFontName=FONT,
    )
    width = doc.width
    totals = closing(snapshot, fmt, st, width)
    tail = GAP_BEFORE_TOTALS + totals.wrap(width, doc.height)[1]
    last = KeepTogether([Spacer(1, GAP_BEFORE_TOTALS), totals])
    layout = STATEMENT if snapshot.get("kind") == "referral_statement" else INVOICE
    lines_grid, cells = grid(layout, width)
    lines = LinesTable(
        lines_grid, build_rows(snapshot, fmt, cells), tail=tail, page_room=doc.height
    )
    story: list[Flowable] = [*header(snapshot, fmt, st, width), lines, last]
    decor = _decor(snapshot, fmt)
    doc.build(
        story,
        onFirstPage=lambda canvas, _doc: watermark(canvas, decor),
        onLaterPages=lambda canvas, _doc: watermark(canvas, decor),
        canvasmaker=numbered_canvas(decor),
    )
    return buffer.getvalue()


def _decor(s: dict[str, Any], fmt: Formatter) -> Decor:
    issuer = s.get("issuer") or {}
    name = issuer.get("legal_name") or issuer.get("name") or ""
    if issuer.get("tax_number"):
        name += f"  ·  {tax_text(issuer['tax_number'])}"
    reference = s.get("number") or "(draft)"
    period = fmt.period(str(s.get("period") or ""))
    title = str(s.get("title") or "Document").split(" — ")[0]
    return Decor(
        issuer=name,
        reference=f"{title} {reference}",
        running_left=issuer.get("name") or issuer.get("legal_name") or "",
        running_right=f"{title} {reference}  ·  {period}  ·  continued",
        draft=is_draft(s),
    )
