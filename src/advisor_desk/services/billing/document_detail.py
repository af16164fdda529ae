"""Read-only views of billing documents for the window: one document's lines, the list as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor_desk.domain.documents import DocumentKind, DocumentLine, DocumentStatus
from advisor_desk.domain.money import format_money
from advisor_desk.services.billing.documents import DocumentSummary, summary, to_draft
from advisor_desk.services.errors import NotFoundError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document

CSV_HEADER = (
    "number", "kind", "recipient", "period", "status", "subtotal", "tax", "total", "currency",
    "issued_at", "references", "id",
)  # fmt: skip


@dataclass(frozen=True)
class DocumentDetail:
    summary: DocumentSummary
    lines: tuple[DocumentLine, ...]
    pdf_path: Path | None  # the stored PDF of an issued document

    @property
    def takes_lines(self) -> bool:
        """Only a resale-invoice draft takes the advisor's own lines; issued ones never change."""
        return (
            self.summary.status == DocumentStatus.DRAFT
            and self.summary.kind is DocumentKind.RESALE_INVOICE
        )


def document_detail(store: Store, document_id: str) -> DocumentDetail:
    with store.read() as session:
        row = session.get(Document, document_id)
        if row is None or row.deleted:
            raise NotFoundError(f"no document with id {document_id}")
        draft = to_draft(session, row)
        references = draft.references
        pdf = store.invoices_dir / row.pdf_file if row.pdf_file else None
        return DocumentDetail(summary(row, references), draft.lines, pdf)


def documents_csv(documents: Sequence[DocumentSummary]) -> str:
    """The documents as CSV: amounts as plain decimals in each document's currency."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for d in documents:
        writer.writerow(
            (
                d.number or "",
                d.kind.value,
                d.recipient,
                d.period,
                d.status,
                format_money(d.subtotal, d.currency),
                format_money(d.tax, d.currency),
                format_money(d.total, d.currency),
                d.currency,
                d.issued_at.isoformat(timespec="seconds") if d.issued_at else "",
                d.references or "",
                d.id,
            )
        )
    return buffer.getvalue()
