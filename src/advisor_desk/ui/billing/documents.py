"""Documents: a period's invoices, statements and credit notes — draft, edit, issue, credit,
preview, save, print and export. Every service call that can take long runs in a worker."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents as docs
from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.document_detail import document_detail
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError
from advisor_desk.store.changes import Changes
from advisor_desk.ui.billing.bars import button_bar, runs
from advisor_desk.ui.billing.crediting import Crediting
from advisor_desk.ui.billing.document_dialogs import AddLineDialog, CreditNoteDialog
from advisor_desk.ui.billing.document_files import DocumentFiles
from advisor_desk.ui.billing.documents_model import STATUSES, DocumentsModel
from advisor_desk.ui.billing.issue_jobs import issue_drafts, issue_month
from advisor_desk.ui.billing.period_picker import PeriodPicker
from advisor_desk.ui.billing.preview import PdfPreview
from advisor_desk.ui.columns import fit_columns
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.widgets import muted_label, show_problem, show_service_error, table_view


class DocumentsPanel(QWidget):
    documents_shown = Signal()
    documents_issued = Signal(object)  # list[DocumentSummary]
    preview_loaded = Signal(int)  # pages

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.partner = get_partner(context.store)
        self._generation = self._preview_generation = 0
        self.title = QLabel("Documents")
        self.title.setObjectName("PageTitle")
        self.picker = PeriodPicker(today(self.partner.timezone))
        self.all_periods = QCheckBox("All &periods")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search number, recipient or kind")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search documents")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Status")
        for key, label in STATUSES.items():
            self.status_filter.addItem(label, key)
        self.model = DocumentsModel(self)
        self.model.locale = self.partner.locale
        self.table = table_view(self.model, "Documents", stretch=2, fit=False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.columns = fit_columns(self.table, 2, flexible=(1, 2))  # kind, recipient elide first
        self.preview = PdfPreview()
        self.files = DocumentFiles(self)
        self.crediting = Crediting(self)
        self.buttons = {
            "draft": QPushButton(icon("add"), "&Draft the month"),
            "resale": QPushButton(icon("add"), "Draft &partner invoices"),
            "lines": QPushButton(icon("edit"), "&Lines…"),
            "delete": QPushButton(icon("remove"), "De&lete draft"),
            "issue": QPushButton(icon("document"), "&Issue…"),
            "credit": QPushButton(icon("undo"), "&Credit note…"),
            "save": QPushButton(icon("export"), "&Save…"),
            "print": QPushButton(icon("document"), "&Print…"),
            "folder": QPushButton(icon("folder"), "&Folder"),
            "csv": QPushButton(icon("csv"), "E&xport CSV…"),
        }
        self.buttons["issue"].setProperty("primary", True)
        # short labels: the bar over the preview is narrow on a laptop; the tips say it all
        self.buttons["save"].setToolTip("Save this document's PDF as…")
        self.buttons["print"].setToolTip("Print this document")
        self.buttons["folder"].setToolTip("Open the folder of the issued PDFs")
        self.count = muted_label()
        self.notice = muted_label()
        self.confirm_box: QMessageBox | None = None
        self._select_next: list[str] = []
        self._selecting = False
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.picker)
        top.addWidget(self.all_periods)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(button_bar(self.buttons, ("issue", "credit", "|", "lines", "delete")))
        left_layout.addWidget(button_bar(self.buttons, ("draft", "resale", "|", "csv")))
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        left.setMinimumWidth(440)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(button_bar(self.buttons, ("save", "print", "folder")))
        right_layout.addWidget(self.preview, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notice)
        self.picker.period_changed.connect(lambda _p: self.reload())
        self.all_periods.toggled.connect(self._on_all_periods_toggled)
        self.search.textChanged.connect(lambda _t: self._apply_search())
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_search())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.preview.loaded.connect(self.preview_loaded.emit)
        handlers = {
            "draft": lambda: self.draft(None),
            "resale": lambda: self.draft(DocumentKind.RESALE_INVOICE),
            "lines": self.edit_lines,
            "delete": self.delete_draft,
            "issue": self.ask_issue,
            "credit": self.ask_credit_note,
            "save": self.files.ask_save_pdf,
            "print": self.files.ask_print,
            "folder": self.files.open_folder,
            "csv": self.files.ask_export_csv,
        }
        for key, handler in handlers.items():
            self.buttons[key].clicked.connect(handler)
        context.changed.connect(self._on_context_changed)
        self._update_buttons()
        self.reload()
        guard_view(context, self)  # the permission table: drafting and issuing

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        """List the documents in a worker; keeps the selection (or selects what was just
        made: `_select_next`)."""
        self._generation += 1
        generation, store = self._generation, self.context.store
        period = None if self.all_periods.isChecked() else self.picker.period
        self.picker.setEnabled(period is not None)
        self.context.run_in_background(
            lambda _task: docs.list_documents(store, period=period),
            on_done=lambda found: self._on_documents(generation, found),
            on_error=self._on_error,
        )

    def _on_documents(self, generation: int, found: list[DocumentSummary]) -> None:
        if generation != self._generation:
            return
        keep = self._select_next or [d.id for d in self.selected()]
        self._select_next = []
        self.model.set_documents(found)
        self._apply_search(keep)
        self.documents_shown.emit()

    def _apply_search(self, keep: Sequence[str] = ()) -> None:
        self.model.set_search(self.search.text(), self.status_filter.currentData())
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(f"{total:,} documents" if shown == total else f"{shown:,} of {total:,}")
        self.select_ids(keep)

    def select_ids(self, ids: Sequence[str]) -> None:
        """Select these documents (the listed ones) in one selection change, however many."""
        rows = self.model.rows_of(ids)
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for first, final in runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(final, last))
        flag = QItemSelectionModel.SelectionFlag
        self._selecting = True
        try:
            self.table.selectionModel().select(selection, flag.ClearAndSelect | flag.Rows)
            if rows:
                current = self.model.index(rows[0], 0)
                self.table.selectionModel().setCurrentIndex(current, flag.NoUpdate)
                self.table.scrollTo(current)
        finally:
            self._selecting = False
        self._on_selection_changed()

    def selected(self) -> list[DocumentSummary]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [d for r in rows if (d := self.model.document_at(self.model.index(r, 0)))]

    def _on_selection_changed(self, *_args: object) -> None:
        if self._selecting:
            return
        chosen = self.selected()
        if len(chosen) == 1:
            self.show_preview(chosen[0])
        else:
            self.preview.clear(
                f"{len(chosen)} documents selected." if chosen else "Select a document."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        one = chosen[0] if len(chosen) == 1 else None
        drafts = [d for d in chosen if d.status == DocumentStatus.DRAFT]
        b = self.buttons
        b["lines"].setEnabled(
            one is not None
            and one.status == DocumentStatus.DRAFT
            and one.kind is DocumentKind.RESALE_INVOICE
        )
        b["delete"].setEnabled(one is not None and one.status == DocumentStatus.DRAFT)
        b["issue"].setEnabled(bool(drafts) and len(drafts) == len(chosen))
        b["credit"].setEnabled(
            one is not None and one.status == DocumentStatus.ISSUED and one.kind.is_invoice
        )
        for key in ("save", "print"):  # once the preview has the PDF's bytes
            b[key].setEnabled(one is not None and self.preview.rendered is not None)
        period_fixed = not self.all_periods.isChecked()
        b["draft"].setEnabled(period_fixed)
        b["resale"].setEnabled(period_fixed and self.partner.resale is not None)
        b["resale"].setToolTip(
            "" if self.partner.resale else "Set your resale prices in Partner settings first"
        )

    def _on_all_periods_toggled(self, _checked: bool) -> None:
        self._update_buttons()
        self.reload()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches("partner", "resale_settings"):
            self.partner = get_partner(self.context.store)
        if changes.touches("document", "resale_settings", "partner"):
            self.reload()

    # --- preview --------------------------------------------------------------------------

    def show_preview(self, doc: DocumentSummary) -> None:
        self._preview_generation += 1
        generation, store = self._preview_generation, self.context.store
        caption = f"{doc.number or 'Draft'} · {doc.kind.label} · {doc.recipient}"
        self.preview.rendering(caption)
        self.context.run_in_background(
            lambda _task: issuing.document_pdf(store, document_id=doc.id),
            on_done=lambda pdf: self._on_pdf(generation, caption, pdf),
            on_error=self._on_error,
        )

    def _on_pdf(self, generation: int, caption: str, pdf: issuing.RenderedPdf) -> None:
        if generation == self._preview_generation:
            self.preview.show_pdf(caption, pdf)
            self._update_buttons()

    # --- drafting, editing, issuing -------------------------------------------------------

    def draft(self, kind: DocumentKind | None) -> None:
        store, period = self.context.store, self.picker.period
        what = "partner invoices" if kind else "the platform's documents"
        Job(
            self.context,
            self,
            title="Draft documents",
            label=f"Drafting {what} for {period}…",
            work=lambda _task: docs.draft_documents(store, period, kind=kind),
            on_done=self._on_changed_documents,
            cancellable=False,
        )

    def edit_lines(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        try:
            detail = document_detail(self.context.store, chosen[0].id)  # one small read
        except ServiceError as error:
            show_service_error(self, "Lines", error)
            return
        if not detail.takes_lines:
            show_problem(self, "Lines", "Only resale-invoice drafts take extra lines.")
            return
        dialog = AddLineDialog(self.context.store, detail, self, self.partner.locale)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_changed_documents([dialog.result_value]))
        dialog.open()
        self.lines_dialog = dialog

    def delete_draft(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        try:
            docs.delete_draft(self.context.store, chosen[0].id)
        except ServiceError as error:
            show_service_error(self, "Delete draft", error)
            return
        self._on_changed_documents([])

    def ask_issue(self) -> None:
        drafts = [d for d in self.selected() if d.status == DocumentStatus.DRAFT]
        if not drafts:
            return
        names = "\n".join(f"• {d.kind.label} to {d.recipient}, {d.period}" for d in drafts[:8])
        more = f"\n… and {len(drafts) - 8} more" if len(drafts) > 8 else ""
        where = f" by the server ({self.partner.server_url})" if self.partner.server_url else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Issue documents",
            f"Issue {len(drafts)} document{'s' if len(drafts) != 1 else ''}?\n\n{names}{more}"
            f"\n\nEach gets the next number of its series{where} and never changes again; "
            "mistakes are corrected with a credit note.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Issue")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.issue([d.id for d in drafts]))
        self.confirm_box = box
        box.open()

    def issue(self, ids: list[str]) -> None:
        issue_drafts(self, ids)

    def issue_month(self, period: Period | None = None) -> Job:
        """Issue the platform's documents of the month (see `issue_jobs.issue_month`)."""
        return issue_month(self, period or self.picker.period)

    def on_issued(self, issued: list[DocumentSummary]) -> None:
        numbers = ", ".join(d.number or "?" for d in issued[:6])
        self.notice.setText(f"Issued {numbers}{' …' if len(issued) > 6 else ''}")
        self._on_changed_documents(issued)
        self.documents_issued.emit(issued)

    def ask_credit_note(self) -> None:
        chosen = self.selected()
        if (
            len(chosen) != 1
            or chosen[0].status != DocumentStatus.ISSUED
            or chosen[0].number is None
        ):
            return
        self.crediting.ask(chosen[0])

    @property
    def credit_dialog(self) -> CreditNoteDialog | None:
        return self.crediting.dialog

    def _on_changed_documents(self, changed: Sequence[DocumentSummary | object]) -> None:
        self._select_next = [d.id for d in changed if isinstance(d, DocumentSummary)]
        self.context.notify({"document"}, self._select_next)  # reloads this panel too

    def _on_error(self, error: BaseException) -> None:
        if isinstance(error, ServiceError | OSError):
            show_problem(self, "Documents", str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    @property
    def period(self) -> Period:
        return self.picker.period
