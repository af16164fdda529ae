"""The credit-note form keeps what the user typed: a refused amount stays in the form, shown in
the partner's currency; the reason reaches the issued credit note; a refusal from the worker
opens the form again as it was."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from advisor_desk.ui.billing.documents import DocumentsPanel
from advisor_desk.ui.context import AppContext
from tests.ui.billing.test_documents import click, drafted, issue_selected, row, shown_panel


def issued_birch(qtbot: QtBot, context: AppContext) -> tuple[DocumentsPanel, DocumentSummary]:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    panel.select_ids([row(panel, "Client invoice", "Birch").id])
    (invoice,) = issue_selected(qtbot, panel)
    qtbot.waitUntil(lambda: row(panel, "Client invoice", "Birch").status == "issued")
    panel.select_ids([invoice.id])
    return panel, invoice


def test_over_crediting_stays_in_the_form_with_the_amount_left_in_the_currency(
    qtbot: QtBot, context: AppContext
) -> None:
    panel, invoice = issued_birch(qtbot, context)
    click(qtbot, panel, "credit")
    dialog = panel.credit_dialog
    qtbot.keyClicks(dialog.amount, "99999.00")
    qtbot.keyClicks(dialog.reason, "Billed twice")
    dialog.ok_button.click()
    assert dialog.isVisible()  # the form stays, with what was typed
    assert dialog.amount.text() == "99999.00"
    assert dialog.reason.text() == "Billed twice"
    assert dialog.errors is not None
    message = dialog.errors.message("amount")
    assert "$99,999.00" in message
    assert f"${invoice.subtotal:,.2f}" in message
    assert "credit.amount" not in message
    assert not re.search(r"\d\.\d{3,}", message)  # no raw "14725.0000"
    assert not [box for box in panel.findChildren(QMessageBox) if box.isVisible()]
    for bad in ("0", "-5", "12.345", "abc"):
        dialog.amount.setText(bad)
        dialog.ok_button.click()
        assert dialog.isVisible(), bad
        assert dialog.errors.message("amount"), bad
    dialog.reject()


def test_the_reason_is_issued_with_the_credit_note(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    panel, invoice = issued_birch(qtbot, context)
    click(qtbot, panel, "credit")
    dialog = panel.credit_dialog
    qtbot.keyClicks(dialog.amount, "10.00")
    qtbot.keyClicks(dialog.reason, "Goodwill for the outage")
    with qtbot.waitSignal(panel.documents_issued, timeout=30_000) as issued:
        dialog.ok_button.click()
    (note,) = issued.args[0]
    with store.read() as session:
        snapshot = session.scalar(select(Document.snapshot_json).where(Document.id == note.id))
    assert json.loads(snapshot or "{}").get("reason") == "Goodwill for the outage"


def test_a_refusal_from_the_worker_opens_the_form_again_as_it_was(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel, _invoice = issued_birch(qtbot, context)

    def refuse(*_args: object, **_kwargs: object) -> DocumentSummary:
        raise ValidationError([("credit.amount", "only $5.00 of it is left to credit")])

    monkeypatch.setattr(issuing, "credit_note", refuse)
    click(qtbot, panel, "credit")
    first = panel.credit_dialog
    qtbot.keyClicks(first.amount, "10.00")
    qtbot.keyClicks(first.reason, "Goodwill")
    first.ok_button.click()
    qtbot.waitUntil(lambda: panel.credit_dialog is not first and panel.credit_dialog.isVisible())
    again = panel.credit_dialog
    assert (again.amount.text(), again.reason.text()) == ("10.00", "Goodwill")
    assert again.errors is not None
    assert again.errors.message("amount") == "Only $5.00 of it is left to credit"
    again.reject()
