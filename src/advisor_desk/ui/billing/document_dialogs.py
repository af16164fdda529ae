"""Dialogs of the Documents section: the advisor's own lines on a resale invoice, a credit note."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import format_money, parse_money
from advisor_desk.services.document_detail import DocumentDetail
from advisor_desk.services.documents import DocumentSummary, add_line
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import table_view

LINE_COLUMNS: list[Column[tuple[str, str, str, str]]] = [
    Column("Description", lambda line: line[0]),
    Column("Quantity", lambda line: line[1], align_right=True),
    Column("Unit price", lambda line: line[2], align_right=True),
    Column("Amount", lambda line: line[3], align_right=True),
]


class AddLineDialog(ServiceDialog):
    """A resale-invoice draft's lines, and one more: advisory hours or a fixed fee."""

    def __init__(self, store: Store, detail: DocumentDetail, parent: QWidget | None = None) -> None:
        doc = detail.summary
        super().__init__(
            f"Lines of the resale invoice to {doc.recipient}",
            "Add advisory hours or a fixed fee; the license lines come from the period's "
            "charges at your resale prices. Issued invoices never change.",
            parent,
        )
        self.resize(620, 420)
        self._store, self._document_id = store, doc.id
        cur = doc.currency
        self.lines: RowsModel[tuple[str, str, str, str]] = RowsModel(
            LINE_COLUMNS, row_id=lambda line: line[0], parent=self
        )
        self.lines.set_rows(
            [
                (
                    line.description,
                    f"{line.quantity.normalize():f}",
                    format_money(line.unit_price, cur),
                    format_money(line.amount, cur),
                )
                for line in detail.lines
            ]
        )
        self.form.addRow(table_view(self.lines, "Lines", stretch=0))
        self.description = QLineEdit()
        self.description.setPlaceholderText("e.g. Advisory hours, November")
        self.quantity = QLineEdit("1")
        self.unit_price = QLineEdit()
        self.unit_price.setPlaceholderText(f"in {cur}, e.g. 180.00")
        self.form.addRow("&Description", self.description)
        self.form.addRow("&Quantity", self.quantity)
        self.form.addRow(f"&Unit price ({cur})", self.unit_price)
        self.finish_form(
            {
                "description": self.description,
                "quantity": self.quantity,
                "unit_price": self.unit_price,
            },
            ok_text="&Add line",
        )

    def submit(self) -> DocumentSummary:
        return add_line(
            self._store,
            self._document_id,
            self.description.text(),
            self.quantity.text(),
            self.unit_price.text(),
        )


class CreditNoteDialog(ServiceDialog):
    """How much of an issued invoice to credit; blank credits it in full. OK only checks the
    amount: the credit note is issued (and its PDF rendered) in a worker afterwards."""

    def __init__(self, invoice: DocumentSummary, parent: QWidget | None = None) -> None:
        cur = invoice.currency
        super().__init__(
            f"Credit note for {invoice.number}",
            f"{invoice.kind.label} to {invoice.recipient}, {invoice.period}: subtotal "
            f"{format_money(invoice.subtotal, cur)} {cur}. Leave the amount blank to credit "
            "it in full; the credit note gets its own number at once.",
            parent,
        )
        self._currency = cur
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(f"all of {format_money(invoice.subtotal, cur)}")
        self.form.addRow(f"&Amount ({cur}, before tax)", self.amount)
        self.finish_form({"amount": self.amount}, ok_text="&Issue credit note")

    def submit(self) -> str | None:
        text = self.amount.text().strip()
        if not text:
            return None
        try:
            parse_money(text, self._currency, "amount")
        except DomainError as error:
            raise ValidationError([("amount", error.message)]) from None
        return text
