"""The client workspace's Risk register tab: likelihood, impact, score and rating, owner,
treatment and plan, due date, residual rating, status; sorted and filtered (a table model
behind a QSortFilterProxyModel); the heat map of inherent beside residual risk. Edits go
through services/bizdev/register.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Action
from advisor_desk.domain.risk import RegisterStatus
from advisor_desk.services.bizdev.register import RegisterRisk, register
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import ClientRisk
from advisor_desk.ui.bizdev.heatmap import PlacedRisk, RiskHeatMap
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.permissions import guard
from advisor_desk.ui.widgets import format_day

SHOWS = shown(ClientRisk)
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RATING_ORDER = {"Low": 1, "Medium": 2, "High": 3, "Extreme": 4}

# (title, text, sort key)
COLUMNS: tuple[tuple[str, Callable[[RegisterRisk], str], Callable[[RegisterRisk], Any]], ...] = (
    ("Ref", lambda r: r.ref, lambda r: r.ref.casefold()),
    ("Risk", lambda r: r.title, lambda r: r.title.casefold()),
    ("L", lambda r: str(r.likelihood), lambda r: r.likelihood),
    ("I", lambda r: str(r.impact), lambda r: r.impact),
    ("Score", lambda r: str(r.score), lambda r: r.score),
    ("Rating", lambda r: r.rating, lambda r: RATING_ORDER[r.rating]),
    ("Owner", lambda r: r.owner, lambda r: r.owner.casefold()),
    ("Treatment", lambda r: r.treatment or "", lambda r: r.treatment or ""),
    ("Plan", lambda r: r.treatment_plan, lambda r: r.treatment_plan.casefold()),
    ("Due", lambda r: format_day(r.due, ""), lambda r: r.due.isoformat() if r.due else "9999"),
    (
        "Residual",
        lambda r: f"{r.residual_rating} ({r.residual_score})" if r.residual_score else "—",
        lambda r: r.residual_score or 0,
    ),
    ("Status", lambda r: r.status, lambda r: r.status),
)
STATUS_COLUMN = 11
RATING_COLUMN = 5


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RegisterRisk] = []

    def set_rows(self, rows: list[RegisterRisk]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        risk = self.rows[index.row()]
        _title, text, key = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text(risk)
        if role == SORT_ROLE:
            return key(risk)
        if role == ID_ROLE:
            return risk.id
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() <= 5:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class RegisterFilter(QSortFilterProxyModel):
    """Text (ref, title, owner, plan), a status and a lowest rating."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.status = ""
        self.lowest_rating = ""

    def set_filters(self, *, text: str = "", status: str = "", lowest_rating: str = "") -> None:
        self.beginFilterChange()
        self.text, self.status, self.lowest_rating = text.casefold().strip(), status, lowest_rating
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, RegisterModel)
        risk = model.rows[row]
        if self.status and risk.status != self.status:
            return False
        if self.lowest_rating and RATING_ORDER[risk.rating] < RATING_ORDER[self.lowest_rating]:
            return False
        if self.text:
            haystack = " ".join((risk.ref, risk.title, risk.owner, risk.treatment_plan))
            return self.text in haystack.casefold()
        return True


class RegisterTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id = ""
        self.client_name = ""
        self.model = RegisterModel(self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter risks…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("Any status", "")
        for status in RegisterStatus:
            self.status.addItem(status.value.capitalize(), status.value)
        self.rating = QComboBox()
        self.rating.addItem("Any rating", "")
        for name in ("Medium", "High", "Extreme"):
            self.rating.addItem(f"{name} and above", name)
        for signal in (
            self.search.textChanged,
            self.status.currentIndexChanged,
            self.rating.currentIndexChanged,
        ):
            signal.connect(lambda *_: self.apply_filters())
        self.add_button = QPushButton("Add ris&k…")
        self.edit_button = QPushButton("Ed&it risk…")
        self.add_button.clicked.connect(self.add_risk)
        self.edit_button.clicked.connect(self.edit_selected)
        guard(context, self.add_button, Action.REVIEWS, hide=False)
        guard(context, self.edit_button, Action.REVIEWS, hide=False)
        self.inherent = RiskHeatMap()
        self.residual = RiskHeatMap()
        self.cell_note = QLabel("Click a cell to list its risks.")
        self.cell_note.setWordWrap(True)
        self.inherent.risks_clicked.connect(lambda lk, im, r: self.show_cell("Inherent", lk, im, r))
        self.residual.risks_clicked.connect(lambda lk, im, r: self.show_cell("Residual", lk, im, r))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.rating)
        filters.addWidget(self.add_button)
        filters.addWidget(self.edit_button)
        maps = QWidget()
        maps_layout = QHBoxLayout(maps)
        maps_layout.setContentsMargins(0, 0, 0, 0)
        for title, heat in (("Inherent", self.inherent), ("Residual", self.residual)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(heat, 1)
            maps_layout.addLayout(box, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(maps, 1)
        bottom_layout.addWidget(self.cell_note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([320, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        context.changed.connect(self._on_changed)

    def set_client(self, client_id: str, name: str) -> None:
        self.client_id, self.client_name = client_id, name
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if not self.client_id or not changes.touches(*SHOWS):
            return
        if changes.ids and self.client_id not in changes.ids:
            return
        self.reload()

    def reload(self) -> None:
        if not self.client_name:
            return
        try:
            rows = run_query(self.context.store, register, self.client_name)
        except ServiceError:
            rows = []
        self.model.set_rows(rows)
        live = [r for r in rows if r.status != RegisterStatus.CLOSED.value]
        self.inherent.set_risks(PlacedRisk(r.likelihood, r.impact, r.ref, r.title) for r in live)
        self.residual.set_risks(
            PlacedRisk(r.residual_likelihood, r.residual_impact, r.ref, r.title)
            for r in live
            if r.residual_likelihood is not None and r.residual_impact is not None
        )

    def apply_filters(self) -> None:
        self.proxy.set_filters(
            text=self.search.text(),
            status=str(self.status.currentData() or ""),
            lowest_rating=str(self.rating.currentData() or ""),
        )

    def visible_refs(self) -> list[str]:
        return [str(self.proxy.index(row, 0).data()) for row in range(self.proxy.rowCount())]

    def selected_risk(self) -> RegisterRisk | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.rows[source.row()]

    def show_cell(self, which: str, likelihood: int, impact: int, risks: list[PlacedRisk]) -> None:
        names = ", ".join(f"{r.ref} {r.title}".strip() for r in risks) or "none"
        self.cell_note.setText(f"{which} L{likelihood} × I{impact}: {names}")

    def edit_selected(self) -> None:
        from advisor_desk.ui.bizdev.risk_dialog import RiskDialog

        risk = self.selected_risk()
        if risk is None or not self.edit_button.isEnabled():
            return
        RiskDialog(self.context, self.client_name, risk, self).open()

    def add_risk(self) -> None:
        from advisor_desk.ui.bizdev.risk_dialog import RiskDialog

        if self.client_name:
            RiskDialog(self.context, self.client_name, None, self).open()
