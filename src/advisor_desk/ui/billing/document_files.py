"""What the Documents section writes or sends out: a PDF saved, printed, the list as CSV,
and the folder of issued PDFs opened in the file manager."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from advisor_desk.services.billing.document_detail import documents_csv
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.ui.billing.printing import print_pdf
from advisor_desk.ui.file_actions import choose_file
from advisor_desk.ui.jobs import Cancelled, Job
from advisor_desk.ui.tasks import Task
from advisor_desk.ui.widgets import show_problem

if TYPE_CHECKING:
    from advisor_desk.ui.billing.documents import DocumentsPanel


class DocumentFiles(QObject):
    def __init__(self, panel: DocumentsPanel) -> None:
        super().__init__(panel)
        self._panel = panel
        self.printer: QPrinter | None = None  # kept between prints: the last settings
        self.print_dialog: QPrintDialog | None = None
        self.print_job: Job | None = None

    def _rendered(self) -> tuple[str, bytes] | None:
        rendered = self._panel.preview.rendered
        if rendered is None:
            show_problem(self._panel, "Documents", "Wait for the preview to finish rendering.")
            return None
        return rendered.number or "draft", rendered.content

    def ask_save_pdf(self) -> None:
        found = self._rendered()
        if found is not None:
            name, content = found
            choose_file(
                self._panel,
                "Save the PDF",
                "PDF documents (*.pdf)",
                lambda path: self.save_pdf_to(path, content),
                save_as=f"{name}.pdf",
            )

    def save_pdf_to(self, path: Path, content: bytes) -> Job:
        return Job(
            self._panel.context,
            self._panel,
            title="Save the PDF",
            label=f"Saving {path.name}…",
            work=lambda _task: path.write_bytes(content),
            on_done=lambda _n: self._panel.notice.setText(f"Saved {path}"),
            cancellable=False,
        )

    def ask_print(self) -> None:
        found = self._rendered()
        if found is None:
            return
        self.printer = self.printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(self.printer, self._panel)
        dialog.setWindowTitle(f"Print {found[0]}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(self.printer, found[1]))
        QDialog.open(dialog)  # PySide6's QPrintDialog.open() wants a receiver and a slot
        self.print_dialog = dialog

    def print_to(self, printer: QPrinter, content: bytes) -> Job:
        """Render each page onto `printer` in a worker, with progress and Cancel."""

        def work(task: Task) -> int:
            def cancelled() -> bool:
                return task.cancelled

            printed = print_pdf(content, printer, lambda d, t: task.report(d, t, ""), cancelled)
            if task.cancelled:
                raise Cancelled()
            return printed

        self.print_job = Job(
            self._panel.context,
            self._panel,
            title="Print",
            label="Sending the pages to the printer…",
            work=work,
            on_done=lambda pages: self._panel.notice.setText(f"Printed {pages} pages"),
        )
        return self.print_job

    def open_folder(self) -> None:
        folder = self._panel.context.store.invoices_dir
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            show_problem(self._panel, "Open folder", f"No file manager could open {folder}.")

    def ask_export_csv(self) -> None:
        panel = self._panel
        rows = panel.model.documents
        label = "all" if panel.all_periods.isChecked() else str(panel.period)
        choose_file(
            panel,
            "Export the documents as CSV",
            "CSV files (*.csv)",
            lambda path: self.export_csv_to(path, rows),
            save_as=f"documents-{label}.csv",
        )

    def export_csv_to(self, path: Path, rows: list[DocumentSummary]) -> Job:
        return Job(
            self._panel.context,
            self._panel,
            title="Export CSV",
            label=f"Writing {path.name}…",
            work=lambda _task: path.write_text(documents_csv(rows), encoding="utf-8"),
            on_done=lambda _n: self._panel.notice.setText(f"Exported {len(rows):,} to {path}"),
            cancellable=False,
        )
