"""Assessments across clients and prospects: the status list (sent, in progress, submitted,
overdue, closed) with a status filter and reminders; a chosen assessment's results (domain and
overall scores, a bar chart per domain with QtCharts) and its PDF report (a background job)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Action
from advisor_desk.reports.assessment import assessment_report_pdf
from advisor_desk.services.bizdev.assessment_answers import AssessmentResults, results
from advisor_desk.services.bizdev.assessments import (
    STATUSES,
    AssessmentRow,
    apply_remind,
    list_assessments,
)
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import Assessment, AssessmentAnswer
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.permissions import guard
from advisor_desk.ui.widgets import format_day, show_problem

SHOWS = shown(Assessment, AssessmentAnswer)
COLUMNS = ("Assessment", "Recipient", "E-mail", "Due", "Status", "Reminders")


class ScoreChart(QChartView):
    """One bar per domain (score 1–5), the overall score in the title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.bars: dict[str, int | None] = {}
        self.show_scores(None)

    def show_scores(self, outcome: AssessmentResults | None) -> None:
        chart = QChart()
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        self.bars = {}
        if outcome is None:
            chart.setTitle("Choose an assessment to see its scores")
            self.setChart(chart)
            return
        overall = outcome.scores.overall
        chart.setTitle(
            f"Overall: {overall.score} {overall.rating}"
            if overall.score is not None
            else "Overall: no rated answer yet"
        )
        domains = list(outcome.scores.domains)
        self.bars = {d.domain: d.score for d in domains}
        bars = QBarSet("Score")
        for domain in reversed(domains):
            bars.append(float(domain.score or 0))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([f"{d.domain} ({d.rating or 'not rated'})" for d in reversed(domains)])
        values = QValueAxis()
        values.setRange(0, 5)
        values.setTickCount(6)
        values.setLabelFormat("%d")
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)
        self.setChart(chart)


class AssessmentsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[AssessmentRow] = []
        self.outcome: AssessmentResults | None = None
        self.status = QComboBox()
        self.status.addItem("Every status", "")
        for status in STATUSES:
            self.status.addItem(status.replace("_", " ").capitalize(), status)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.send_button = QPushButton("&Send an assessment…")
        self.remind_button = QPushButton("Re&mind all not submitted")
        self.remind_overdue_button = QPushButton("Remind &overdue")
        self.report_button = QPushButton("&Report (PDF)…")
        self.send_button.clicked.connect(self.send)
        self.remind_button.clicked.connect(lambda: self.remind(overdue=False))
        self.remind_overdue_button.clicked.connect(lambda: self.remind(overdue=True))
        self.report_button.clicked.connect(lambda: self.report())
        for button in (
            self.send_button,
            self.remind_button,
            self.remind_overdue_button,
            self.report_button,
        ):
            guard(context, button, Action.REVIEWS, hide=False)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.detail = QLabel("Choose an assessment.")
        self.detail.setWordWrap(True)
        self.scores = QTableWidget(0, 4)
        self.scores.setHorizontalHeaderLabels(("Domain", "Answered", "Score", "Rating"))
        self.scores.verticalHeader().hide()
        self.scores.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scores.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = ScoreChart()
        self.message = QLabel()
        self.message.setObjectName("CardNote")
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status)
        bar.addWidget(status_label)
        bar.addWidget(self.status)
        bar.addStretch(1)
        for button in (self.send_button, self.remind_button, self.remind_overdue_button):
            bar.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.scores, 1)
        right_layout.addWidget(self.chart, 2)
        right_layout.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        context.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.reload()

    def reload(self) -> None:
        keep = self.selected_id()
        status = self.status.currentData() or None
        self.rows = run_query(self.context.store, list_assessments, status=status)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            values = (
                item.title,
                item.recipient,
                item.email,
                format_day(item.due),
                item.status.replace("_", " "),
                str(item.reminders),
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                if column == 4 and item.status == "overdue":
                    cell.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        for row, item in enumerate(self.rows):
            if item.id == keep:
                self.table.selectRow(row)
                break
        else:
            self.show_selected()

    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return ""
        return self.rows[rows[0].row()].id

    def show_selected(self) -> None:
        key = self.selected_id()
        self.report_button.setEnabled(
            bool(key) and not self.report_button.property("advisor_desk_refused")
        )
        self.outcome = None
        if not key:
            self.detail.setText("Choose an assessment.")
            self.scores.setRowCount(0)
            self.chart.show_scores(None)
            return
        try:
            self.outcome = run_query(self.context.store, results, key)
        except ServiceError as error:
            self.detail.setText(str(error))
            return
        outcome = self.outcome
        overall = outcome.scores.overall
        words = f"{overall.score} {overall.rating}" if overall.score is not None else "not rated"
        self.detail.setText(
            f"<b>{outcome.title}</b> — {outcome.recipient} · {outcome.status.replace('_', ' ')}"
            f" · overall {words}"
        )
        domains = outcome.scores.domains
        self.scores.setRowCount(len(domains) + 1)
        for row, score in enumerate((*domains, overall)):
            name = score.domain if row < len(domains) else "Overall"
            values = (
                name,
                str(score.answered),
                "—" if score.score is None else str(score.score),
                score.rating or "—",
            )
            for column, value in enumerate(values):
                self.scores.setItem(row, column, QTableWidgetItem(value))
        self.chart.show_scores(outcome)

    def send(self) -> None:
        from advisor_desk.ui.bizdev.send_dialog import SendAssessmentDialog

        dialog = SendAssessmentDialog(self.context, self)
        dialog.accepted.connect(lambda: self._sent(dialog))
        dialog.open()

    def _sent(self, dialog: object) -> None:
        result = getattr(dialog, "result", None)
        if result is not None:
            self.message.setText(
                f"Sent {len(result.sent)} · skipped {len(result.skipped)}"
                + ("" if result.sent_by_server else " (no server yet: hand on the links)")
            )

    def remind(self, *, overdue: bool) -> None:
        try:
            done = run_op(self.context.store, apply_remind, overdue=overdue)
        except ServiceError as error:
            show_problem(self, "Remind", str(error))
            return
        self.context.notify(done.changes)
        names = ", ".join(f"{r['recipient']} <{r['email']}>" for r in done.value)
        self.message.setText(f"Reminded: {names}" if names else "Nobody to remind.")

    def report(self, path: str | None = None) -> Job | None:
        key = self.selected_id()
        if not key:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the report", "assessment.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        store, target = self.context.store, Path(path)

        def work(_task: object) -> Path:
            target.write_bytes(assessment_report_pdf(store, key))
            return target

        return Job(
            self.context,
            self,
            title="Assessment report",
            label="Writing the report…",
            work=work,
            on_done=lambda written: self.message.setText(f"Report saved: {written}"),
            cancellable=False,
        )
