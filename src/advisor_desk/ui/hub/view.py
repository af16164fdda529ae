"""The hub view: filters over the clients table, risk across clients, the business, export.

Every query runs in the background (`AppContext.run_in_background`) while the last figures
stay on screen; a newer load wins (generations). The view refreshes when a change touches
what it shows (SHOWS). Billing figures (charge, referral, the money chart) are hidden for
roles the permission table refuses billing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Action, can
from advisor_desk.services.clock import today
from advisor_desk.services.hub import (
    ATTENTION_WORDS,
    ClientFigures,
    HubFilter,
    HubQuery,
    MonthFigures,
    client_page,
    heatmap,
    risks_in_cell,
)
from advisor_desk.services.hub.export import as_csv, as_xlsx
from advisor_desk.services.hub.months import twelve_months
from advisor_desk.services.hub.screen import Loaded, load_all, load_table
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    Agreement,
    Assessment,
    Client,
    ClientBillingModel,
    ClientRisk,
    Member,
    MemberLicense,
    Partner,
    Prospect,
    ReviewParticipant,
    RiskReview,
)
from advisor_desk.ui.context import AppContext, Changes, read_me, shown
from advisor_desk.ui.hub.charts import BusinessCharts
from advisor_desk.ui.hub.model import COLUMNS, PAGE, HubTableModel
from advisor_desk.ui.hub.risk_panel import RiskPanel, fill_pairs
from advisor_desk.ui.permissions import me_of
from advisor_desk.ui.widgets import muted_label

SHOWS = shown(
    Client,
    Member,
    MemberLicense,
    ClientBillingModel,
    Advisor,
    AdvisorActivity,
    AdvisorAccess,
    Agreement,
    Partner,
    ClientRisk,
    Assessment,
    RiskReview,
    ReviewParticipant,
    Prospect,
)
ANY = ""


class HubView(QWidget):
    client_open_requested = Signal(str)
    loaded = Signal()  # a load arrived (tests wait for it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self._residual = False
        self.billing = True
        self.today: dt.date | None = None  # None: the partner's today (tests pin a day)
        self.model = HubTableModel(self._page, self)
        self.model.sort_requested.connect(self._load_query)
        self.table = QTableView()
        self.table.setModel(self.model)
        # ascending by name, as the first load asks (set before sorting is enabled: enabling
        # it sorts by the indicator, whose default order is descending)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)
        self._build_filters()
        self.summary = muted_label("Reading the figures…")
        self.risk = RiskPanel()
        self.risk.residual_changed.connect(self._on_residual)
        self.risk.cell_requested.connect(self._load_cell)
        self.risk.client_open_requested.connect(self.client_open_requested.emit)
        self.charts = BusinessCharts()
        self.tabs = QTabWidget()
        clients = QWidget()
        box = QVBoxLayout(clients)
        box.setContentsMargins(0, 6, 0, 0)
        box.addLayout(self.filter_row)
        box.addWidget(self.table, 1)
        under = QHBoxLayout()
        under.addWidget(self.summary, 1)
        under.addLayout(self.export_row)
        box.addLayout(under)
        self.tabs.addTab(clients, "Clients at a glance")
        self.tabs.addTab(self.risk, "Risk across clients")
        self.tabs.addTab(self.charts, "The business")
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._months_wanted = True
        context.changed.connect(self._on_context_changed)

    def _build_filters(self) -> None:
        self.mine = QCheckBox("&My clients")
        self.tag = QComboBox()
        self.tag.addItem("Any tag", ANY)
        self.tier = QComboBox()
        for label, value in (
            ("Any tier", ANY),
            ("Free", "free"),
            ("Just risk", "just_risk"),
            ("Risk & compliance", "risk_compliance"),
        ):
            self.tier.addItem(label, value)
        self.model_filter = QComboBox()
        for label, value in (("Any billing", ANY), ("Direct", "direct"), ("Reseller", "reseller")):
            self.model_filter.addItem(label, value)
        self.attention = QComboBox()
        self.attention.addItem("All clients", ANY)
        self.attention.addItem("Needs attention (any reason)", "any")
        for reason, words in ATTENTION_WORDS.items():
            self.attention.addItem(f"Needs attention: {words}", reason.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Client name…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        for combo in (self.tag, self.tier, self.model_filter, self.attention):
            # as wide as a short entry: the long reasons show in the open list
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.attention.setMinimumContentsLength(12)
        self.export_csv = QPushButton("&CSV…")
        self.export_xlsx = QPushButton("&XLSX…")
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        for widget in (self.mine, self.tag, self.tier, self.model_filter, self.attention):
            row.addWidget(widget)
        self.filter_row = row
        # under the table, beside the summary: the filter row stays narrow
        self.export_row = QHBoxLayout()
        self.export_row.addWidget(QLabel("Export the clients shown:"))
        self.export_row.addWidget(self.export_csv)
        self.export_row.addWidget(self.export_xlsx)
        self.mine.toggled.connect(self._on_filter)
        self.search.textChanged.connect(self._on_filter)
        for combo in (self.tag, self.tier, self.model_filter, self.attention):
            combo.currentIndexChanged.connect(self._on_filter)

    # --- what is asked -----------------------------------------------------------------
    def current_filter(self) -> HubFilter:
        me = me_of(self.context).advisor_id if self.mine.isChecked() else None
        return HubFilter(
            mine=self.mine.isChecked(),
            me=me,
            tag=str(self.tag.currentData() or ""),
            tier=str(self.tier.currentData() or ""),
            billing_model=str(self.model_filter.currentData() or ""),
            attention=str(self.attention.currentData() or ""),
            text=self.search.text().strip(),
        )

    def _page(self, month: MonthFigures, query: HubQuery, offset: int) -> list[ClientFigures]:
        return run_query(self.context.store, client_page, month, query, offset=offset, limit=PAGE)

    # --- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        """Everything again (a change, a sync, the home shown): the last figures stay."""
        self._generation += 1
        generation, store = self._generation, self.context.store
        query = replace(self.model.query, filter=self.current_filter())
        residual, day = self._residual, self.today
        self._months_wanted = True
        self.context.run_in_background(  # with whether billing is seen: no SQL on the GUI thread
            lambda _t: (run_query(store, load_all, query, residual, day), _sees_billing(store)),
            on_done=lambda loaded: self._on_loaded(generation, loaded),
            on_error=self._on_error,
        )
        if self.tabs.currentWidget() is self.charts:
            self._load_months()

    def _load_query(self, query: HubQuery) -> None:
        month = self.model.month
        if month is None:
            self.model.query = query
            self.reload()
            return
        self._generation += 1
        generation, store = self._generation, self.context.store
        self.context.run_in_background(
            lambda _t: (run_query(store, load_table, month, query), _sees_billing(store)),
            on_done=lambda loaded: self._on_loaded(generation, loaded),
            on_error=self._on_error,
        )

    def _on_filter(self, *_: object) -> None:
        self._load_query(replace(self.model.query, filter=self.current_filter()))

    def _on_error(self, error: BaseException) -> None:
        self.summary.setText(f"Cannot read the figures: {error}")

    def _on_loaded(self, generation: int, result: tuple[Loaded, bool]) -> None:
        if generation != self._generation:
            return
        loaded, self.billing = result
        for column, spec in enumerate(COLUMNS):
            self.table.setColumnHidden(column, spec.billing and not self.billing)
        first_time = self.model.month is None
        self.model.set_result(loaded.month, loaded.query, loaded.total, loaded.first)
        if first_time:
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(0, max(self.table.columnWidth(0), 180))
        if loaded.heat is not None:
            self.risk.heatmap.set_counts(loaded.heat)
        if loaded.top is not None:
            fill_pairs(self.risk.top, loaded.top)
        if loaded.tags is not None:
            self._set_tags(loaded.tags)
        self.summary.setText(self._summary(loaded))
        self.loaded.emit()

    def _summary(self, loaded: Loaded) -> str:
        """One line under the table (the charges card above says the month's total)."""
        t = loaded.totals
        words = [
            f"{loaded.total:,} client{'s' if loaded.total != 1 else ''}",
            f"{t['attention']:,} need attention",
            f"risks: {t['risks']['Extreme']:,} Extreme, {t['risks']['High']:,} High",
            f"assessments: {t['assessments']['overdue']:,} overdue,"
            f" {t['assessments']['in_progress']:,} in progress",
        ]
        return " · ".join(words)  # the month's charges are on the card above

    def _set_tags(self, tags: list[str]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", ANY)
        for tag in tags:
            self.tag.addItem(tag, tag)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)

    def _on_residual(self, residual: bool) -> None:
        self._residual = residual
        store = self.context.store
        self.context.run_in_background(
            lambda _t: run_query(store, heatmap, residual=residual),
            on_done=self.risk.heatmap.set_counts,
            on_error=self._on_error,
        )

    def _load_cell(self, likelihood: int, impact: int) -> None:
        store, residual = self.context.store, self._residual
        self.context.run_in_background(
            lambda _t: run_query(store, risks_in_cell, likelihood, impact, residual=residual),
            on_done=lambda pairs: self.risk.show_cell(likelihood, impact, pairs),
            on_error=self._on_error,
        )

    def _on_tab(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.charts and self._months_wanted:
            self._load_months()

    def _load_months(self) -> None:
        self._months_wanted = False
        store, day = self.context.store, self.today

        def work(_t: object) -> Any:
            return run_query(store, lambda s, p: twelve_months(s, p, day or today(p.timezone)))

        self.context.run_in_background(
            work,
            on_done=lambda points: self.charts.set_points(points, billing=self.billing),
            on_error=self._on_error,
        )

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.reload()

    # --- acting ------------------------------------------------------------------------
    def _open_row(self, index: Any) -> None:
        if index.isValid():
            self.client_open_requested.emit(self.model.client_id(index.row()))

    def export_rows(self) -> list[ClientFigures]:
        """Every client the filter keeps, in the table's order (not only the pages shown)."""
        month = self.model.month
        if month is None:
            return []
        return run_query(self.context.store, client_page, month, self.model.query, limit=None)

    def export(self, kind: str, path: str | None = None) -> Path | None:
        if path is None:
            wanted = "CSV (*.csv)" if kind == "csv" else "Excel workbook (*.xlsx)"
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the clients", f"clients.{kind}", wanted
            )
            if not path:
                return None
        rows = self.export_rows()
        target = Path(path)
        if kind == "csv":
            target.write_text(as_csv(rows, billing=self.billing), encoding="utf-8")
        else:
            target.write_bytes(as_xlsx(rows, billing=self.billing))
        self.summary.setText(f"Exported {len(rows):,} clients to {target.name}")
        return target


def _sees_billing(store: Store) -> bool:
    """In the worker, beside the figures: may whoever works here see billing's columns."""
    return can(read_me(store).role, Action.BILLING)
