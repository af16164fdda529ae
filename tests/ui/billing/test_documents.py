"""The Documents section on the worked example: draft, issue, credit, edit lines, preview,
print to a PDF file, save, export — driven through the real buttons."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.services.billing import documents, issuing, partners
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.clock import TODAY_VARIABLE
from advisor_desk.store.engine import Store
from advisor_desk.ui.billing.documents import DocumentsPanel
from advisor_desk.ui.context import AppContext

CONSOLIDATED = "Consolidated invoice"


def shown_panel(qtbot: QtBot, context: AppContext) -> DocumentsPanel:
    panel = DocumentsPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1400, 800)
    with qtbot.waitSignal(panel.documents_shown, timeout=10_000):
        panel.show()
    return panel


def click(qtbot: QtBot, panel: DocumentsPanel, key: str) -> None:
    button = panel.buttons[key]
    assert button.isEnabled(), f"{key} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def drafted(qtbot: QtBot, panel: DocumentsPanel) -> None:
    with qtbot.waitSignal(panel.documents_shown, timeout=20_000):
        click(qtbot, panel, "draft")


def row(panel: DocumentsPanel, kind: str, recipient: str) -> DocumentSummary:
    found = [d for d in panel.model.documents if d.kind.label == kind and d.recipient == recipient]
    assert len(found) == 1, panel.model.documents
    return found[0]


def select(qtbot: QtBot, panel: DocumentsPanel, *docs: DocumentSummary) -> None:
    panel.select_ids([d.id for d in docs])


def issue_selected(qtbot: QtBot, panel: DocumentsPanel) -> list[DocumentSummary]:
    # A month is issued once it has ended: move on to December (drafting was in November).
    # The `example` fixture's monkeypatch puts the variable back after the test.
    os.environ[TODAY_VARIABLE] = "2026-12-06"
    click(qtbot, panel, "issue")
    box = panel.confirm_box
    assert box is not None
    assert box.isVisible()
    with qtbot.waitSignal(panel.documents_issued, timeout=30_000) as issued:
        box.button(QMessageBox.StandardButton.Yes).click()
    return issued.args[0]


def test_draft_and_issue_give_numbers_and_issued_documents_offer_no_edit(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    panel = shown_panel(qtbot, context)
    assert panel.model.rowCount() == 0
    drafted(qtbot, panel)
    consolidated = row(panel, CONSOLIDATED, "Harbour Risk Advisory")
    birch = row(panel, "Client invoice", "Birch")
    assert (consolidated.subtotal, consolidated.tax, consolidated.total) == (
        Decimal("556.00"),
        Decimal("55.60"),
        Decimal("611.60"),
    )
    assert birch.total == Decimal("77.00")
    select(qtbot, panel, consolidated, birch)
    issued = issue_selected(qtbot, panel)
    assert sorted(d.number or "" for d in issued) == ["INV-000001", "INV-000002"]
    qtbot.waitUntil(lambda: row(panel, "Client invoice", "Birch").status == "issued")
    invoice = row(panel, CONSOLIDATED, "Harbour Risk Advisory")
    assert invoice.number in {"INV-000001", "INV-000002"}
    select(qtbot, panel, invoice)
    for key in ("lines", "delete", "issue"):
        assert not panel.buttons[key].isEnabled(), key
    assert panel.buttons["credit"].isEnabled()
    with pytest.raises(documents.DocumentIssuedError):
        documents.delete_draft(store, invoice.id)


def test_a_credit_note_negates_the_invoice_exactly(qtbot: QtBot, context: AppContext) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    select(qtbot, panel, row(panel, "Client invoice", "Birch"))
    (invoice,) = issue_selected(qtbot, panel)
    qtbot.waitUntil(lambda: row(panel, "Client invoice", "Birch").status == "issued")
    select(qtbot, panel, row(panel, "Client invoice", "Birch"))
    click(qtbot, panel, "credit")
    dialog = panel.credit_dialog
    with qtbot.waitSignal(panel.documents_issued, timeout=30_000) as issued:
        dialog.ok_button.click()  # blank amount: in full
    (note,) = issued.args[0]
    assert note.kind is DocumentKind.CREDIT_NOTE
    qtbot.waitUntil(lambda: any(d.id == note.id for d in panel.model.documents))
    listed = row(panel, "Credit note", "Birch")
    assert listed.references == invoice.number
    assert [d.id for d in panel.selected()] == [note.id]
    assert (note.subtotal, note.tax, note.total) == (
        -invoice.subtotal,
        -invoice.tax,
        -invoice.total,
    )
    assert note.number
    assert note.number != invoice.number


def test_a_bad_credit_amount_stays_in_the_dialog(qtbot: QtBot, context: AppContext) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    select(qtbot, panel, row(panel, "Client invoice", "Birch"))
    issue_selected(qtbot, panel)
    qtbot.waitUntil(lambda: row(panel, "Client invoice", "Birch").status == "issued")
    select(qtbot, panel, row(panel, "Client invoice", "Birch"))
    click(qtbot, panel, "credit")
    dialog = panel.credit_dialog
    qtbot.keyClicks(dialog.amount, "12.345")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.errors is not None
    assert dialog.errors.message("amount")
    dialog.reject()


def test_resale_invoice_lines_are_added_through_the_dialog(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    partners.save_resale_settings(
        store,
        just_risk="45.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        invoice_prefix="HRA-",
    )
    context.notify({"resale_settings"})
    panel = shown_panel(qtbot, context)
    qtbot.waitUntil(lambda: panel.buttons["resale"].isEnabled())
    with qtbot.waitSignal(panel.documents_shown, timeout=20_000):
        click(qtbot, panel, "resale")
    resale = row(panel, "Partner invoice", "Acme")
    assert resale.subtotal == Decimal("396.00")  # 4 × 99.00 at the partner's resale price
    select(qtbot, panel, resale)
    click(qtbot, panel, "lines")
    dialog = panel.lines_dialog
    assert dialog.lines.rowCount() == 2  # R&C and Free license lines
    qtbot.keyClicks(dialog.description, "Advisory hours")
    dialog.quantity.setText("2.5")
    qtbot.keyClicks(dialog.unit_price, "180.00")
    with qtbot.waitSignal(panel.documents_shown, timeout=10_000):
        dialog.ok_button.click()
    updated = row(panel, "Partner invoice", "Acme")
    assert updated.subtotal == Decimal("846.00")  # 396.00 + 2.5 × 180.00
    assert [d.id for d in panel.selected()] == [updated.id]


def test_preview_shows_the_pages_and_print_writes_them_to_a_pdf_printer(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    with qtbot.waitSignal(panel.preview_loaded, timeout=20_000) as loaded:
        select(qtbot, panel, row(panel, CONSOLIDATED, "Harbour Risk Advisory"))
    assert loaded.args[0] >= 1
    assert panel.preview.document.pageCount() == loaded.args[0]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    rendered = panel.preview.rendered
    assert rendered is not None
    job = panel.files.print_to(printer, rendered.content)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        pass
    assert finished.args == [True]
    assert len(pypdf.PdfReader(out).pages) == loaded.args[0]
    saved = tmp_path / "saved.pdf"
    job = panel.files.save_pdf_to(saved, rendered.content)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert saved.read_bytes() == rendered.content
    assert rendered.number is None  # a draft, rendered fresh with its watermark
    assert "DRAFT" in (pypdf.PdfReader(saved).pages[0].extract_text() or "")


def test_search_status_and_csv_export(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    qtbot.keyClicks(panel.search, "birch")
    assert [d.recipient for d in panel.model.documents] == ["Birch"]
    panel.search.clear()
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("issued"))
    assert panel.model.rowCount() == 0
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(""))
    out = tmp_path / "documents.csv"
    job = panel.files.export_csv_to(out, panel.model.documents)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {(r["recipient"], r["total"], r["status"]) for r in rows} == {
        ("Harbour Risk Advisory", "611.60", "draft"),
        ("Birch", "77.00", "draft"),
        ("Harbour Risk Advisory", "77.20", "draft"),
    }


def test_open_folder_opens_the_issued_pdfs_folder(
    qtbot: QtBot, context: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "advisor_desk.ui.billing.document_files.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    panel = shown_panel(qtbot, context)
    click(qtbot, panel, "folder")
    assert opened == [str(store.invoices_dir)]
    assert store.invoices_dir.is_dir()


def test_the_documents_model_passes_the_model_tester(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-06")  # November has ended
    issuing.issue_period(store, documents.Period.parse("2026-11"))
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-25")  # the panel opens on November
    panel = shown_panel(qtbot, context)
    assert panel.model.rowCount() == 3
    qtmodeltester.check(panel.model)
    panel.model.set_search("inv", "issued")
    qtmodeltester.check(panel.model)


def test_print_button_opens_the_print_dialog_and_prints_what_it_accepts(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    with qtbot.waitSignal(panel.preview_loaded, timeout=20_000) as loaded:
        select(qtbot, panel, row(panel, "Client invoice", "Birch"))
    out = tmp_path / "from-dialog.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    panel.files.printer = printer  # the settings a previous print left, as a PDF printer
    click(qtbot, panel, "print")
    dialog = panel.files.print_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.accept()
    job = panel.files.print_job
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        pass
    assert finished.args == [True]
    assert len(pypdf.PdfReader(out).pages) == loaded.args[0]
