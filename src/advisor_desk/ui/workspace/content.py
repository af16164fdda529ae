"""The content granted to a client, granting more, and the client's billing documents."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.services.clients.tree import (
    ContentRow,
    DocumentRow,
    client_content,
    client_documents,
)
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library.content import ContentSummary, partner_currency
from advisor_desk.services.library.search import LibraryQuery
from advisor_desk.services.ops import run_query
from advisor_desk.ui import content_actions
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.library.model import LibraryModel
from advisor_desk.ui.money import format_money, partner_locale
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import muted_label, table_view
from advisor_desk.ui.workspace.tab import ClientTab

GRANTED_COLUMNS: list[Column[ContentRow]] = [
    Column("Title", lambda c: c.title),
    Column("Kind", lambda c: c.kind.label),
    Column("Library", lambda c: c.library.capitalize()),
]


def document_columns(locale: str) -> list[Column[DocumentRow]]:
    """The Documents tab's columns; totals in the partner's money style (ui/money.py)."""
    return [
        Column("Number", lambda d: d.number or "Draft"),
        Column("Kind", lambda d: d.kind.replace("_", " ").capitalize()),
        Column("Period", lambda d: d.period),
        Column("Status", lambda d: d.status.capitalize()),
        Column("Total", lambda d: format_money(d.total, d.currency, locale), align_right=True),
    ]


class GrantContentDialog(QDialog):
    """Search the library (the browser's lazy FTS5 list: fine at 100,000 items), pick items
    and grant them; refusals are listed in the dialog."""

    def __init__(
        self, context: AppContext, client_id: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Grant content to {name}")
        self.resize(760, 560)
        self._context = context
        self._client_id = client_id
        self._name = name
        self._had: set[str] = set()  # what the client has already
        self.granted: list[ContentSummary] = []
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Search the library: titles, descriptions, tags…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.model = LibraryModel(context, self)
        self.model.currency = partner_currency(context.store)
        self.model.locale = partner_locale(context.store)
        self.model.results_applied.connect(self._on_results_applied)
        self.model.search_failed.connect(self._show_error)
        self.table = table_view(self.model, "Content library", 0, fit=False)
        for column in range(4, self.model.columnCount()):  # title, source, kind, version
            self.table.hideColumn(column)
        for column, width in ((1, 80), (2, 160), (3, 80)):
            self.table.setColumnWidth(column, width)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = muted_label("Reading the library…")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.grant_button = buttons.addButton("&Grant", QDialogButtonBox.ButtonRole.AcceptRole)
        self.grant_button.setProperty("primary", True)
        buttons.accepted.connect(self._on_grant_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        store = context.store
        context.run_in_background(
            lambda _task: {row.id for row in run_query(store, client_content, client_id)},
            on_done=self._on_granted_loaded,
            on_error=lambda error: self._show_error(str(error)),
        )
        self.model.set_query(LibraryQuery())

    def _on_granted_loaded(self, ids: set[str]) -> None:
        self._had = ids
        self._on_results_applied(self.model.total)

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_query(replace(self.model.query, text=text))

    def _on_results_applied(self, total: int) -> None:
        had = f" · {self._name} has {len(self._had):,} already" if self._had else ""
        self.count.setText(f"{total:,} item{'s' * (total != 1)}{had}")

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _on_grant_clicked(self) -> None:
        rows = [self.model.row_at(i) for i in self.table.selectionModel().selectedRows()]
        ids = [row.id for row in rows if row is not None and row.id not in self._had]
        if not rows:
            self._show_error("Select one or more items to grant.")
            return
        if not ids:
            self._show_error(f"{self._name} has the selected items already.")
            return
        try:
            self.granted = content_actions.grant_to_client(
                self._context, self._client_id, self._name, ids
            )
        except ValidationError as error:
            self._show_error("\n".join(f"• {line}" for line in error.lines()))
            return
        except ServiceError as error:
            self._show_error(str(error))
            return
        self.accept()


class ContentTab(ClientTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: RowsModel[ContentRow] = RowsModel(
            GRANTED_COLUMNS, row_id=lambda c: c.id, parent=self
        )
        self.table = table_view(self.model, "Content granted", 0)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grant_button = QPushButton(icon("content"), "&Grant content…")
        self.grant_button.clicked.connect(self.grant)
        self.remove_button = QPushButton("&Remove from client")
        self.remove_button.setToolTip(
            "Take the selected items away from this client (they stay in the library)"
        )
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.remove_button.setEnabled(self.table.selectionModel().hasSelection())
        )
        self.count = muted_label()
        bar = QHBoxLayout()
        bar.addWidget(self.grant_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def set_client(self, client_id: str, name: str) -> None:
        self._client_id, self._client_name = client_id, name
        self.reload()

    def reload(self) -> None:
        if self._client_id:
            self.model.set_rows(run_query(self._context.store, client_content, self._client_id))
            count = self.model.rowCount()
            self.count.setText(f"{count:,} {'item' if count == 1 else 'items'} granted")

    def grant(self) -> GrantContentDialog:
        dialog = GrantContentDialog(self._context, self._client_id, self._client_name, self)
        dialog.accepted.connect(lambda: self._on_granted(dialog.granted))
        dialog.open()
        return dialog

    def _on_granted(self, items: list[ContentSummary]) -> None:
        count = "1 item" if len(items) == 1 else f"{len(items)} items"
        self.status_message.emit(f"Granted {count} to {self._client_name}")

    def remove_selected(self) -> None:
        rows = [self.model.row_at(i) for i in self.table.selectionModel().selectedRows()]
        ids = [row.id for row in rows if row is not None]
        if not ids:
            return
        message = content_actions.remove_from_client(
            self._context, self._client_id, self._client_name, ids, self
        )
        if message:
            self.status_message.emit(message)


class DocumentsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id = ""
        self.model: RowsModel[DocumentRow] = RowsModel(
            document_columns(partner_locale(context.store)),
            row_id=lambda d: d.id,
            muted=lambda d: d.status != DocumentStatus.ISSUED,
            parent=self,
        )
        self.table = table_view(self.model, "Billing documents")
        self.empty = muted_label(
            "No documents for this client yet. Direct clients get an invoice each period; "
            "reseller clients are on the partner's consolidated invoice."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def set_client(self, client_id: str) -> None:
        self._client_id = client_id
        self.reload()

    def reload(self) -> None:
        if self._client_id:
            self.model.set_rows(run_query(self._context.store, client_documents, self._client_id))
            self.empty.setVisible(self.model.rowCount() == 0)
