"""Billing overview: what the partner owes and earns in a month, and how each figure came about.

Every figure is computed in a worker (5,000 clients take seconds): the period's charges first
(cards and table), then the twelve months of the chart, cached per month until billing data
changes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import PeriodCharges
from advisor_desk.domain.money import money_sum
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import explain
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.content import content_total, explain_content
from advisor_desk.services.billing.history import MonthTotals, monthly_totals
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError
from advisor_desk.ui.billing.adjustment import AdjustmentNotice
from advisor_desk.ui.billing.charges_model import CLIENT, MODEL, TIER_OF_COLUMN, ChargesModel
from advisor_desk.ui.billing.chart import MonthsChart, chart_periods
from advisor_desk.ui.billing.explain import ExplainDialog
from advisor_desk.ui.billing.period_picker import PeriodPicker
from advisor_desk.ui.columns import fit_columns
from advisor_desk.ui.context import AppContext, Changes
from advisor_desk.ui.home import SHOWS
from advisor_desk.ui.jobs import Cancelled
from advisor_desk.ui.money import format_money as money
from advisor_desk.ui.tasks import Task
from advisor_desk.ui.widgets import Card, muted_label, section_title, show_problem, table_view


class FigureCard(Card):
    """A card that explains its figure when clicked (or on Enter/Space with the focus)."""

    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("Click to see how it was computed")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


@dataclass(frozen=True)
class Shown:
    """What the panel shows: a period's charges and how long they took to compute."""

    charges: PeriodCharges
    seconds: float
    content: Decimal = Decimal(0)  # the partner's content charged to clients (rules 6–8)


class BillingPanel(QWidget):
    charges_shown = Signal(object)  # PeriodCharges, once cards and table show them
    chart_shown = Signal()
    explanation_opened = Signal(object)  # ExplainDialog

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._partner = get_partner(context.store)
        self._generation = 0
        self._chart_generation = 0
        self._months: dict[Period, MonthTotals | None] = {}  # None: no agreement yet
        self.charges: PeriodCharges | None = None
        self.title = QLabel("Billing overview")
        self.title.setObjectName("PageTitle")
        self.picker = PeriodPicker(today(self._partner.timezone))
        self.status = muted_label()
        self.status.setWordWrap(False)
        self.cards = {
            "advisors": FigureCard("Active advisors"),
            "reseller": FigureCard("Reseller licenses"),
            "direct": FigureCard("Direct clients"),
            "referral": FigureCard("Referral income"),
            "partner": FigureCard("Partner pays"),
            "content": FigureCard("Partner content"),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for column, (key, card) in enumerate(self.cards.items()):
            grid.addWidget(card, 0, column)
            grid.setColumnStretch(column, 1)
            card.clicked.connect(lambda key=key: self.explain_card(key))
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter clients by name or billing model")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter clients")
        self.model = ChargesModel(self)
        self.table = table_view(self.model, "Charges per client", stretch=CLIENT, fit=False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CLIENT, Qt.SortOrder.AscendingOrder)
        # the table never widens the window: names and models elide first
        self.columns = fit_columns(self.table, CLIENT, flexible=(CLIENT, MODEL))
        self.count = muted_label()
        self.chart = MonthsChart()
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(_row(section_title("Clients"), self.filter_edit, self.count))
        table_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 260])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(12)
        layout.addLayout(_row(self.title, self.picker, stretch=True))
        layout.addLayout(grid)
        self.adjustments = AdjustmentNotice(context)  # what changed after issuing
        layout.addWidget(self.adjustments)
        layout.addWidget(
            muted_label(
                "Click a card, or double-click a figure in the table, to see how it was "
                "computed: which advisors and members, which days, which tier."
            )
        )
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.picker.period_changed.connect(self._on_picker_period_changed)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.activated.connect(self._on_table_activated)
        context.changed.connect(self._on_context_changed)
        self.reload()

    @property
    def period(self) -> Period:
        return self.picker.period

    def reload(self) -> None:
        """Compute the shown period's charges in a worker, then the chart's missing months."""
        self._generation += 1
        generation, store, period = self._generation, self._context.store, self.period
        self.status.setText(f"Computing the charges of {period}…")
        self.adjustments.load(period)
        self.setCursor(Qt.CursorShape.BusyCursor)

        def work(_task: object) -> Shown:
            started = time.perf_counter()
            charges = charges_for_period(store, period)
            content = content_total(store, period)[1]
            return Shown(charges, time.perf_counter() - started, content)

        self._context.run_in_background(
            work,
            on_done=lambda shown: self._on_charges(generation, shown),
            on_error=lambda error: self._on_failed(generation, error),
        )

    def _on_charges(self, generation: int, shown: Shown) -> None:
        if generation != self._generation:
            return  # another period was asked for meanwhile
        self.unsetCursor()
        charges = self.charges = shown.charges
        self._fill_cards(charges)
        self.cards["content"].set(
            money(shown.content, charges.currency, self._partner.locale),
            "Charged on the partner's invoices, before tax",
        )
        self.model.set_charges(charges, self._partner.locale)
        self._show_count()
        self.status.setText(
            f"{len(charges.clients):,} clients billed in {charges.period} · "
            f"computed in {shown.seconds:.2f} s"
        )
        self.charges_shown.emit(charges)
        self._load_chart()

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.unsetCursor()
        if not isinstance(error, ServiceError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        self.status.setText(f"Cannot compute the charges: {error}")
        for card in self.cards.values():
            card.set("—", str(error))

    def _fill_cards(self, c: PeriodCharges) -> None:
        def m(value: Decimal) -> str:
            return money(value, c.currency, self._partner.locale)

        a = c.advisors
        self.cards["advisors"].set(f"{a.count}", f"{a.count} × {m(a.unit)} = {m(a.amount)}")
        reseller = [x for x in c.reseller_clients if x.charge]
        direct = [x for x in c.direct_clients if x.charge]
        self.cards["reseller"].set(
            m(money_sum((x.charge for x in reseller), c.currency)),
            f"{len(reseller):,} reseller clients, on the partner's invoice",
        )
        self.cards["direct"].set(
            m(money_sum((x.charge for x in direct), c.currency)),
            f"{len(direct):,} clients invoiced directly, before tax",
        )
        self.cards["referral"].set(m(c.referral_total), "Paid to the partner on the statement")
        t = c.consolidated
        self.cards["partner"].set(m(t.total), f"{m(t.subtotal)} + {m(t.tax)} tax")

    def _load_chart(self) -> None:
        periods = chart_periods(self.period)
        missing = [p for p in periods if p not in self._months]
        self._chart_generation += 1
        generation, store = self._chart_generation, self._context.store
        if not missing:
            self._show_chart(generation, [], [])
            return
        self.chart.computing()
        self._context.run_in_background(
            lambda task: monthly_totals(store, missing, progress=stop_when_cancelled(task)),
            on_done=lambda points: self._show_chart(generation, missing, points),
            on_error=lambda error: self.status.setText(f"Cannot draw the chart: {error}"),
        )

    def _show_chart(self, generation: int, asked: list[Period], points: list[MonthTotals]) -> None:
        self._months.update(dict.fromkeys(asked))
        self._months.update((p.period, p) for p in points)
        if generation != self._chart_generation:
            return
        shown = [self._months.get(p) for p in chart_periods(self.period)]
        self.chart.show_months(
            [p for p in shown if p is not None], self.period, self._partner.locale
        )
        self.chart_shown.emit()

    def _show_count(self) -> None:
        total = len(self.charges.clients) if self.charges else 0
        shown = self.model.shown
        self.count.setText(f"{total:,} clients" if shown == total else f"{shown:,} of {total:,}")

    def explain_card(self, key: str) -> None:
        charges, store, period = self.charges, self._context.store, self.period
        if charges is None:
            return
        makers: dict[str, Callable[[], explain.Explanation]] = {
            "advisors": lambda: explain.explain_advisors(store, period),
            "reseller": lambda: explain.explain_licenses(charges, BillingModel.RESELLER),
            "direct": lambda: explain.explain_direct_invoices(charges),
            "referral": lambda: explain.explain_referral(charges),
            "partner": lambda: explain.explain_partner_pays(charges),
            "content": lambda: explain_content(store, period),
        }
        self._explain(makers[key])

    def explain_cell(self, index: QModelIndex) -> None:
        charge = self.model.charge_at(index)
        if charge is None:
            return
        store, period = self._context.store, self.period
        tier = TIER_OF_COLUMN.get(index.column())  # a tier's count: only its members
        self._explain(lambda: explain.explain_client(store, period, charge.key, tier=tier))

    def _explain(self, make: Callable[[], explain.Explanation]) -> None:
        self._context.run_in_background(
            lambda _task: make(),
            on_done=self._on_explanation,
            on_error=self._on_explain_failed,
        )

    def _on_explanation(self, explanation: explain.Explanation) -> None:
        dialog = ExplainDialog(explanation, self)
        dialog.show()
        self.explanation_opened.emit(dialog)

    def _on_explain_failed(self, error: BaseException) -> None:
        if not isinstance(error, ServiceError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        show_problem(self, "How it was computed", str(error))

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.explain_cell(index)

    def _on_picker_period_changed(self, _period: Period) -> None:
        self.reload()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._show_count()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self._months.clear()
            if changes.touches("partner", "agreement"):
                self._partner = get_partner(self._context.store)
            self.reload()


def stop_when_cancelled(task: Task) -> Callable[[int, int], None]:
    """A progress callback that ends the work between months once the task is cancelled
    (the window is closing): quitting never waits for a twelve-month history."""

    def check(_done: int, _total: int) -> None:
        if task.cancelled:
            raise Cancelled()

    return check


def _row(*widgets: QWidget, stretch: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setSpacing(10)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.insertStretch(1, 1)
    return layout
