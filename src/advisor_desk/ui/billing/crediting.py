"""Crediting an issued invoice from the Documents section: the form, then a worker.

The form checks the amount before it closes; should the services still refuse it in the
worker (the invoice was credited meanwhile, the server said no), the form opens again with
what the user typed and the refusal under its field — the user's input is never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.billing.issuing_remote import issue_via_server
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.ui.billing.document_dialogs import CreditNoteDialog, CreditRequest
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.widgets import show_service_error

if TYPE_CHECKING:
    from advisor_desk.ui.billing.documents import DocumentsPanel


class Crediting:
    def __init__(self, panel: DocumentsPanel) -> None:
        self.panel = panel
        self.dialog: CreditNoteDialog | None = None

    def ask(
        self,
        invoice: DocumentSummary,
        filled: CreditRequest | None = None,
        refusal: ServiceError | None = None,
    ) -> None:
        panel = self.panel
        try:
            dialog = CreditNoteDialog(
                panel.context.store, invoice, panel.partner.locale, panel, filled=filled
            )
        except ServiceError as error:  # the invoice is gone (a sync removed it)
            show_service_error(panel, "Credit note", error)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def on_accepted() -> None:
            request = dialog.result_value  # what submit() returned before the dialog closed
            assert isinstance(request, CreditRequest)
            self.credit(invoice, request)

        dialog.accepted.connect(on_accepted)
        self.dialog = dialog
        dialog.open()
        if refusal is not None:
            dialog.show_refusal(refusal)

    def credit(self, invoice: DocumentSummary, request: CreditRequest) -> None:
        panel = self.panel
        store, server, number = panel.context.store, panel.partner.server_url, invoice.number
        assert number is not None

        def work(_task: object) -> DocumentSummary | ValidationError:
            try:  # nothing is written when these refuse, so the form can simply open again
                if not server:
                    return issuing.credit_note(store, number, request.amount, request.reason)
                # only the server numbers: draft here (offline too), issue there
                draft = issuing.draft_credit_note(store, number, request.amount, request.reason)
            except ValidationError as refused:
                return refused
            return issue_via_server(store, [draft.id])[0]

        def done(result: DocumentSummary | ValidationError) -> None:
            if isinstance(result, ValidationError):
                self.ask(invoice, request, result)
            else:
                panel.on_issued([result])

        Job(
            panel.context,
            panel,
            title="Credit note",
            label=f"Issuing a credit note against {number}…",
            work=work,
            on_done=done,
            cancellable=False,
        )
