"""Dialogs of the Documents section: the advisor's own lines on a resale invoice, a credit note."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLineEdit, QWidget

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import parse_money
from advisor_desk.services.billing.credit_left import credit_left
from advisor_desk.services.billing.document_detail import DocumentDetail
from advisor_desk.services.billing.documents import DocumentSummary, add_line
from advisor_desk.services.billing.issue_rules import REASON_LENGTH
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.money import DEFAULT_LOCALE, MoneyFormat, format_amount, format_money
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import fit_on_screen, table_view

LINE_COLUMNS: list[Column[tuple[str, str, str, str]]] = [
    Column("Description", lambda line: line[0]),
    Column("Quantity", lambda line: line[1], align_right=True),
    Column("Unit price", lambda line: line[2], align_right=True),
    Column("Amount", lambda line: line[3], align_right=True),
]


class AddLineDialog(ServiceDialog):
    """A resale-invoice draft's lines, and one more: advisory hours or a fixed fee."""

    def __init__(
        self,
        store: Store,
        detail: DocumentDetail,
        parent: QWidget | None = None,
        locale: str | None = None,
    ) -> None:
        doc = detail.summary
        super().__init__(
            f"Lines of the partner invoice to {doc.recipient}",
            "Add advisory hours or a fixed fee; the license lines come from the period's "
            "charges at your resale prices. Issued invoices never change.",
            parent,
        )
        fit_on_screen(self, 620, 420)
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
                    format_money(line.unit_price, cur, locale),
                    format_money(line.amount, cur, locale),
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


@dataclass(frozen=True)
class CreditRequest:
    """What the credit-note form asks for: `amount` None credits in full."""

    amount: str | None
    reason: str | None


class CreditNoteDialog(ServiceDialog):
    """How much of an issued invoice to credit (blank: in full) and why. OK checks the amount
    against what the invoice has left before closing: a mistake stays in the form, with the
    amounts in the partner's currency and locale. The credit note is then issued (and its PDF
    rendered) in a worker; should that still refuse it, the form opens again as it was."""

    def __init__(
        self,
        store: Store,
        invoice: DocumentSummary,
        locale: str | None = None,
        parent: QWidget | None = None,
        *,
        filled: CreditRequest | None = None,
    ) -> None:
        assert invoice.number is not None, "only an issued invoice is credited"
        self._left = credit_left(store, invoice.number)
        self._money = MoneyFormat(invoice.currency, locale or DEFAULT_LOCALE)
        cur, fmt = invoice.currency, self._money
        left = (
            f" {fmt(self._left.left)} of it is left to credit."
            if self._left.partly_credited
            else " Leave the amount blank to credit it in full."
        )
        super().__init__(
            f"Credit note for {invoice.number}",
            f"{invoice.kind.label} to {invoice.recipient}, {invoice.period}: "
            f"{fmt(invoice.subtotal)} before tax.{left} The credit note gets its own number "
            "at once and never changes.",
            parent,
        )
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(
            f"up to {format_amount(self._left.left, cur, self._money.locale)}"
            if self._left.partly_credited
            else f"all of {format_amount(invoice.subtotal, cur, self._money.locale)}"
        )
        self.amount.setAccessibleName(f"Amount in {cur}, before tax")
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_LENGTH)
        self.reason.setPlaceholderText("optional, printed on the credit note")
        self.reason.setAccessibleName("Reason")
        self.form.addRow(f"&Amount ({cur}, before tax)", self.amount)
        self.form.addRow("&Reason", self.reason)
        self.finish_form(
            {"amount": self.amount, "reason": self.reason},
            ok_text="&Issue credit note",
            aliases={"credit.amount": "amount"},
        )
        if filled is not None:
            self.amount.setText(filled.amount or "")
            self.reason.setText(filled.reason or "")

    def show_refusal(self, error: ServiceError) -> None:
        """The worker's refusal, under the field it is about (the form reopened with it)."""
        assert self.errors is not None
        self.errors.show(error)

    def submit(self) -> CreditRequest:
        text = self.amount.text().strip()
        reason = " ".join(self.reason.text().split()) or None
        fmt, left = self._money, self._left
        if not text:
            if left.partly_credited:
                raise ValidationError(
                    [
                        (
                            "amount",
                            f"{left.number} is already partly credited: enter an amount, "
                            f"at most {fmt(left.left)}",
                        )
                    ]
                )
            return CreditRequest(None, reason)
        try:
            value = parse_money(text, left.currency, "amount")
        except DomainError as error:
            raise ValidationError([("amount", error.message)]) from None
        if value <= 0:
            raise ValidationError([("amount", f"enter an amount above {fmt(0)}")])
        if value > left.left:
            raise ValidationError(
                [
                    (
                        "amount",
                        f"{fmt(value)} is more than the {fmt(left.left)} of {left.number} "
                        "left to credit",
                    )
                ]
            )
        return CreditRequest(text, reason)
