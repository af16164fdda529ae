"""Risk across clients: the heat map (inherent or residual), the (client, risk) pairs of the
cell clicked, and the top 20 risks across clients. Double-clicking a pair opens its client."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from advisor_desk.services.hub import RiskPair
from advisor_desk.ui.hub.heatmap import HeatMap
from advisor_desk.ui.widgets import muted_label, section_title

PAIR_HEADERS = ("Client", "Risk", "Score", "Rating", "Residual", "Treatment")


def _pairs_table() -> QTableWidget:
    table = QTableWidget(0, len(PAIR_HEADERS))
    table.setHorizontalHeaderLabels(PAIR_HEADERS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(0, 130)
    table.setMinimumHeight(90)
    return table


def fill_pairs(table: QTableWidget, pairs: Sequence[RiskPair]) -> None:
    table.setRowCount(len(pairs))
    for row, pair in enumerate(pairs):
        residual = (
            f"{pair.residual_likelihood}×{pair.residual_impact}"
            if pair.residual_likelihood and pair.residual_impact
            else "—"
        )
        title = f"{pair.ref} {pair.title}".strip()
        cells = (
            pair.client,
            title,
            str(pair.score),
            pair.rating.value,
            residual,
            pair.treatment or "none yet",
            pair.owner,
        )
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(f"{pair.client}: {title} (owner: {pair.owner or 'nobody yet'})")
            item.setData(Qt.ItemDataRole.UserRole, pair.client_id)
            table.setItem(row, column, item)


class RiskPanel(QWidget):
    residual_changed = Signal(bool)
    cell_requested = Signal(int, int)  # likelihood, impact
    client_open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inherent = QRadioButton("&Inherent")
        self.residual = QRadioButton("&Residual")
        self.inherent.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.inherent)
        group.addButton(self.residual)
        self.residual.toggled.connect(self.residual_changed.emit)
        self.heatmap = HeatMap()
        self.heatmap.cell_clicked.connect(self.cell_requested.emit)
        self.cell_title = muted_label("Click a cell to list its (client, risk) pairs.")
        self.cell_list = _pairs_table()
        self.top = _pairs_table()
        for table in (self.cell_list, self.top):
            table.cellDoubleClicked.connect(lambda row, _col, t=table: self._open(t, row))
        toggle = QHBoxLayout()
        toggle.addWidget(QLabel("Rating:"))
        toggle.addWidget(self.inherent)
        toggle.addWidget(self.residual)
        toggle.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(section_title("Every client's register"))
        left.addLayout(toggle)
        left.addWidget(self.heatmap, 1)
        right = QVBoxLayout()
        right.addWidget(self.cell_title)
        right.addWidget(self.cell_list, 1)
        right.addWidget(section_title("Top 20 risks across clients"))
        right.addWidget(self.top, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def show_cell(self, likelihood: int, impact: int, pairs: Sequence[RiskPair]) -> None:
        kind = "residual" if self.residual.isChecked() else "inherent"
        self.cell_title.setText(
            f"{len(pairs):,} risk{'s' if len(pairs) != 1 else ''} rated {kind} likelihood "
            f"{LIKELIHOOD_LABELS[likelihood]} × impact {IMPACT_LABELS[impact]}"
        )
        fill_pairs(self.cell_list, pairs)

    def _open(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.client_open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
