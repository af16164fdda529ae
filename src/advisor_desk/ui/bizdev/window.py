"""The Business development window: Prospects, Risk reviews (list, builder, publish,
interview mode, results) and Assessments (status list, send, results). Opened from the
main window's menu (Clients ▸ Business development…) and from a prospect in the tree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Action
from advisor_desk.services.bizdev.listing import review_list
from advisor_desk.services.bizdev.prospects import ProspectSummary, list_prospects
from advisor_desk.services.bizdev.reviews import DRAFT, ReviewSummary, apply_publish
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import (
    Prospect,
    ProspectContact,
    ReviewParticipant,
    RiskReview,
)
from advisor_desk.ui.bizdev.assessments import AssessmentsView
from advisor_desk.ui.bizdev.results import ReviewResultsView
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.permissions import guard
from advisor_desk.ui.widgets import format_day, show_problem

PROSPECT_SHOWS = shown(Prospect, ProspectContact)
REVIEW_SHOWS = shown(RiskReview, ReviewParticipant)
SHOWS = PROSPECT_SHOWS | REVIEW_SHOWS  # the window's lists (results and assessments: their own)


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(48)
    return table


class ProspectsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[ProspectSummary] = []
        self.table = _table(("Prospect", "Domain", "Industry", "Contact", "Since"))
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (
            ("new", "&New prospect…", self.new),
            ("import", "&Import CSV…", self.import_csv),
            ("details", "&Edit…", self.edit_details),
            ("edit", "&Contacts…", self.edit),
            ("review", "New risk &review…", self.new_review),
            ("send", "Send &assessment…", self.send),
            ("convert", "Con&vert to client…", self.convert),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        guard(context, self.buttons["convert"], Action.CREATE_CLIENT)
        for key in ("review", "send"):
            guard(context, self.buttons[key], Action.REVIEWS, hide=False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        context.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*PROSPECT_SHOWS) or changes.touches("client"):
            self.reload()

    def reload(self) -> None:
        self.rows = run_query(self.context.store, list_prospects)
        self.table.setRowCount(len(self.rows))
        for row, p in enumerate(self.rows):
            contact = f"{p.contact_name} <{p.contact_email}>" if p.contact_name else p.contact_email
            for column, value in enumerate(
                (p.name, p.domain, p.industry, contact, format_day(p.created))
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def select(self, name: str) -> None:
        for row, p in enumerate(self.rows):
            if p.name.casefold() == name.casefold():
                self.table.selectRow(row)

    def selected(self) -> ProspectSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def new(self) -> None:
        from advisor_desk.ui.bizdev.prospects import ProspectDialog

        ProspectDialog(self.context, None, self).open()

    def import_csv(self) -> None:
        from advisor_desk.ui.bizdev.prospects import import_prospects

        import_prospects(self.context, self)

    def edit(self) -> None:
        from advisor_desk.ui.bizdev.prospects import ProspectDialog

        if (chosen := self.selected()) is not None:
            ProspectDialog(self.context, chosen, self).open()

    def edit_details(self) -> None:
        """Edit… the chosen prospect's name, domain and industry."""
        from advisor_desk.ui.bizdev.prospects import edit_prospect

        if (chosen := self.selected()) is not None:
            edit_prospect(self.context, chosen, self)

    def new_review(self) -> None:
        from advisor_desk.ui.bizdev.builder import ReviewBuilder

        chosen = self.selected()
        ReviewBuilder(self.context, self, prospect=chosen.name if chosen else "").open()

    def send(self) -> None:
        from advisor_desk.ui.bizdev.send_dialog import SendAssessmentDialog

        chosen = self.selected()
        SendAssessmentDialog(self.context, self, prospect=chosen.name if chosen else "").open()

    def convert(self) -> None:
        from advisor_desk.ui.bizdev.prospects import ConvertWizard

        if (chosen := self.selected()) is not None:
            ConvertWizard(self.context, chosen, self).open()


class ReviewsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[ReviewSummary] = []
        self.table = _table(("Review", "Subject", "Status", "Due", "Answered"))
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.results = ReviewResultsView(context)
        self.new_button = QPushButton("&New risk review…")
        self.publish_button = QPushButton("&Publish")
        self.interview_button = QPushButton("&Interview mode…")
        self.new_button.clicked.connect(self.new)
        self.publish_button.clicked.connect(self.publish)
        self.interview_button.clicked.connect(self.interview)
        for button in (self.new_button, self.publish_button, self.interview_button):
            guard(context, button, Action.REVIEWS, hide=False)
        bar = QHBoxLayout()
        for button in (self.new_button, self.publish_button, self.interview_button):
            bar.addWidget(button)
        bar.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.results)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        context.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*REVIEW_SHOWS) or changes.touches("client", "prospect"):
            self.reload()

    def reload(self) -> None:
        keep = self.selected().id if self.selected() else ""
        self.rows = run_query(self.context.store, review_list)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            values = (
                r.title,
                r.subject,
                r.status,
                format_day(r.due),
                f"{r.submitted} of {r.participants}",
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.blockSignals(False)
        for row, r in enumerate(self.rows):
            if r.id == keep:
                self.table.selectRow(row)
        self._enable()

    def selected(self) -> ReviewSummary | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, review_id: str) -> None:
        for row, r in enumerate(self.rows):
            if r.id == review_id:
                self.table.selectRow(row)

    def _on_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.id != self.results.review_id:
            self.results.set_review(chosen.id)
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected()
        refused = bool(self.publish_button.property("advisor_desk_refused"))
        self.publish_button.setEnabled(
            not refused and chosen is not None and chosen.status == DRAFT
        )
        self.interview_button.setEnabled(
            not refused and chosen is not None and chosen.status != "closed"
        )

    def new(self) -> None:
        from advisor_desk.ui.bizdev.builder import ReviewBuilder

        dialog = ReviewBuilder(self.context, self)
        dialog.accepted.connect(lambda: dialog.created and self.select(dialog.created.id))
        dialog.open()

    def publish(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            done = run_op(self.context.store, apply_publish, chosen.id)
        except ServiceError as error:
            show_problem(self, "Publish", str(error))
            return
        self.context.notify(done.changes)
        how = "sent by the server" if done.value.sent_by_server else "to hand on (no server yet)"
        self.results.message.setText(f"Published: {len(done.value.links)} invitations {how}.")

    def interview(self) -> None:
        from advisor_desk.ui.bizdev.interview import InterviewDialog

        chosen = self.selected()
        if chosen is not None:
            InterviewDialog(self.context, chosen.id, self).open()


class BizDevWindow(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Business development — Advisor Desk")
        self.resize(1180, 760)
        self.prospects = ProspectsView(context)
        self.reviews = ReviewsView(context)
        self.assessments = AssessmentsView(context)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.prospects, "&Prospects")
        self.tabs.addTab(self.reviews, "Risk re&views")
        self.tabs.addTab(self.assessments, "A&ssessments")
        title = QLabel("Business development")
        title.setObjectName("PageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def show_prospect(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.prospects)
        self.prospects.select(name)
