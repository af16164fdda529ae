"""A risk review's results: the heat map (click a cell → its risks), the ranked risks with
participation, who has and has not answered, and the actions: remind, report (PDF, in a
background job), adopt into the register, close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Action
from advisor_desk.reports.review import review_report_pdf
from advisor_desk.services.bizdev import review_answers, reviews
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import ReviewParticipant, ReviewResponse, RiskReview
from advisor_desk.ui.bizdev.heatmap import PlacedRisk, RiskHeatMap
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.permissions import guard
from advisor_desk.ui.widgets import show_problem

T = TypeVar("T")
SHOWS = shown(RiskReview, ReviewParticipant, ReviewResponse)
COLUMNS = ("Ref", "Risk", "Relevant", "L", "I", "Score", "Rating")
NARROW = QHeaderView.ResizeMode.ResizeToContents


class ReviewResultsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.review_id = ""
        self.outcome: review_answers.ReviewResults | None = None
        self.heading = QLabel("Choose a review")
        self.heading.setObjectName("PageTitle")
        self.facts = QLabel()
        self.facts.setObjectName("PageSubtitle")
        self.heatmap = RiskHeatMap()
        self.heatmap.risks_clicked.connect(self.show_cell)
        self.cell_list = QListWidget()
        self.cell_title = QLabel("Click a cell to list its risks.")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NARROW)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.people = QListWidget()
        self.remind_button = QPushButton("Re&mind")
        self.links_button = QPushButton("&Links…")
        self.links_button.setToolTip("Each participant's private link, to copy or e-mail")
        self.links_button.clicked.connect(lambda: self.show_links())
        self.report_button = QPushButton("&Report (PDF)…")
        self.adopt_button = QPushButton("&Adopt into the register")
        self.close_button = QPushButton("C&lose review")
        self.remind_button.clicked.connect(self.remind)
        self.report_button.clicked.connect(lambda: self.report())
        self.adopt_button.clicked.connect(self.adopt)
        self.close_button.clicked.connect(self.close_review)
        for button in (
            self.remind_button,
            self.report_button,
            self.adopt_button,
            self.close_button,
        ):
            guard(context, button, Action.REVIEWS, hide=False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("CardNote")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.heatmap, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.cell_title)
        right_layout.addWidget(self.cell_list, 1)
        right_layout.addWidget(QLabel("<b>Participants</b>"))
        right_layout.addWidget(self.people, 2)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setChildrenCollapsible(False)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Risks in the result</b> (ranked)"))
        bottom_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        actions = QHBoxLayout()
        for button in (
            self.links_button,
            self.remind_button,
            self.report_button,
            self.adopt_button,
            self.close_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        context.changed.connect(self._on_changed)
        self._enable()

    def _on_changed(self, changes: Changes) -> None:
        if self.review_id and changes.touches(*SHOWS):
            self.reload()

    def set_review(self, review_id: str) -> None:
        self.review_id = review_id
        self.message.clear()
        self.reload()

    def reload(self) -> None:
        if not self.review_id:
            return
        try:
            outcome = run_query(self.context.store, review_answers.results, self.review_id)
        except ServiceError:
            self.review_id = ""
            self.outcome = None
            self._enable()
            return
        self.outcome = outcome
        self.heading.setText(f"{outcome.review} — {outcome.subject}")
        self.facts.setText(
            f"{outcome.status.capitalize()} · {outcome.submitted} of {outcome.invited} "
            f"participants submitted · {len(outcome.result.risks)} risks in the result"
        )
        ranked = outcome.result.risks
        self.heatmap.set_risks(PlacedRisk(r.likelihood, r.impact, r.ref, r.title) for r in ranked)
        self.table.setRowCount(len(ranked))
        for row, risk in enumerate(ranked):
            values = (
                risk.ref,
                risk.title,
                f"{risk.relevant} of {risk.answered}",
                str(risk.likelihood),
                str(risk.impact),
                str(risk.score),
                risk.rating.value,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.people.clear()
        for person in outcome.people:
            answered = person.status == reviews.SUBMITTED
            mark = "✓ answered" if answered else f"✗ not yet ({person.status.replace('_', ' ')})"
            name = f"{person.name} <{person.email}>" if person.name else person.email
            self.people.addItem(f"{name} — {mark}")
        self.cell_list.clear()
        self._enable()

    def _enable(self) -> None:
        status = self.outcome.status if self.outcome is not None else ""
        has = bool(self.review_id and self.outcome is not None)
        self.remind_button.setEnabled(has and status == reviews.PUBLISHED)
        self.report_button.setEnabled(has)
        self.links_button.setEnabled(has)
        self.adopt_button.setEnabled(has and bool(self.outcome and self.outcome.result.risks))
        self.close_button.setEnabled(has and status != reviews.CLOSED)

    def show_cell(self, likelihood: int, impact: int, risks: list[PlacedRisk]) -> None:
        self.cell_title.setText(
            f"Likelihood {likelihood}, impact {impact}: {len(risks)} "
            f"risk{'s' if len(risks) != 1 else ''}"
        )
        self.cell_list.clear()
        for risk in risks:
            self.cell_list.addItem(f"{risk.ref} {risk.title}")

    # -- actions ------------------------------------------------------------------------

    def _run(self, op: Callable[..., T], *args: object) -> T | None:
        try:
            done = run_op(self.context.store, op, *args)
        except ServiceError as error:
            show_problem(self, "Risk review", str(error))
            return None
        self.context.notify(done.changes)
        return done.value

    def remind(self) -> None:
        reminded = self._run(review_answers.apply_remind, self.review_id)
        if reminded is not None:
            names = ", ".join(p.email for p in reminded)
            self.message.setText(f"Reminded: {names}" if names else "Nobody left to remind.")

    def show_links(self) -> QDialog | None:
        from advisor_desk.services.billing.partners import get_partner
        from advisor_desk.ui.bizdev.links import LinksDialog

        if not self.review_id or self.outcome is None:
            return None
        sender = get_partner(self.context.store).name
        dialog = LinksDialog(self.context, self.review_id, self.outcome.review, sender, self)
        dialog.open()
        return dialog

    def adopt(self) -> None:
        count = self._run(review_answers.apply_adopt, self.review_id)
        if count is not None:
            self.message.setText(f"{count} risks adopted into the register.")

    def close_review(self) -> None:
        if self._run(reviews.apply_close, self.review_id) is not None:
            self.message.setText("The review is closed.")

    def report(self, path: str | None = None) -> Job | None:
        """The PDF in a background job (`path` given: no file dialog, for tests)."""
        if not self.review_id or self.outcome is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the report", f"{self.outcome.review}.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        store, key, target = self.context.store, self.review_id, Path(path)

        def work(_task: object) -> Path:
            target.write_bytes(review_report_pdf(store, key))
            return target

        return Job(
            self.context,
            self,
            title="Review report",
            label="Writing the report…",
            work=work,
            on_done=lambda written: self.message.setText(f"Report saved: {written}"),
            cancellable=False,
        )
