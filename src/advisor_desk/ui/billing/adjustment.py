"""The billing panel's notice of what changed in a period after it was issued (late edits,
imports), with the button that settles it: a supplementary invoice or a credit note for
exactly the difference (`invoice adjust` on the command line)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from advisor_desk.domain.adjustments import Adjustment, Settlement
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.adjustments import adjust_period, period_adjustments
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.errors import ServiceError
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.money import DEFAULT_LOCALE, format_money, partner_locale
from advisor_desk.ui.widgets import show_problem

SETTLED_BY = {
    Settlement.SUPPLEMENTARY: "supplementary",
    Settlement.CREDIT_NOTE: "credit note",
    Settlement.NEW: "new invoice",
}


def describe(adjustment: Adjustment, locale: str = DEFAULT_LOCALE) -> str:
    """ "Birch: +$35.00 (supplementary to INV-000002)", in the partner's money style."""
    draft = adjustment.draft
    sign = "+" if draft.subtotal > 0 else ""
    how = SETTLED_BY[adjustment.settlement]
    to = f" to {adjustment.original}" if adjustment.original else ""
    amount = format_money(draft.subtotal, draft.currency, locale)
    return f"{adjustment.recipient}: {sign}{amount} ({how}{to})"


class AdjustmentNotice(QFrame):
    """Hidden while a period's issued documents match its figures."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._period: Period | None = None
        self.adjustments: list[Adjustment] = []
        self._locale = DEFAULT_LOCALE
        self.setObjectName("AdjustmentNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Issue adjustments")
        self.button.setToolTip(
            "Issue a supplementary invoice or a credit note for exactly what changed"
        )
        self.button.clicked.connect(self.settle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def load(self, period: Period) -> None:
        """Compute the period's differences in a worker; show them (or hide)."""
        self._generation += 1
        generation, store = self._generation, self._context.store
        self._period = period
        self._context.run_in_background(
            lambda _task: (period_adjustments(store, period), partner_locale(store)),
            on_done=lambda answer: self._show(generation, *answer),
            on_error=lambda _error: self._show(generation, [], self._locale),
        )

    def _show(self, generation: int, found: list[Adjustment], locale: str) -> None:
        if generation != self._generation:
            return
        self._locale = locale
        self.adjustments = found
        if not found:
            self.hide()
            return
        lines = "; ".join(describe(a, locale) for a in found)
        self.label.setText(
            f"Changed since {self._period} was issued (before tax): {lines}. "
            "Issue the adjustments to bill or credit exactly the difference."
        )
        self.button.setEnabled(True)
        self.show()

    def settle(self) -> None:
        period, store = self._period, self._context.store
        if period is None or not self.adjustments:
            return
        self.button.setEnabled(False)

        def work(_task: object) -> list[DocumentSummary]:
            if get_partner(store).server_url:  # only the server numbers
                from advisor_desk.services.billing.issuing_remote import issue_via_server

                return adjust_period(store, period, remote=issue_via_server)
            return adjust_period(store, period)

        self._context.run_in_background(work, on_done=self._settled, on_error=self._failed)

    def _settled(self, _issued: list[DocumentSummary]) -> None:
        self._context.notify({"document", "document_line"})
        if self._period is not None:
            self.load(self._period)

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        from advisor_desk.sync.transport import SyncError

        if isinstance(error, ServiceError | SyncError):
            show_problem(self, "Adjustments not issued", str(error))
            return
        sys.excepthook(type(error), error, error.__traceback__)
