"""The risk review builder: title, subject (a prospect or a client), risk libraries, risks
excluded (untick) or added by hand, due date, participants; Create (a draft) or Create and
publish. One transaction (services/bizdev/review_build.py): a refusal names its field and
leaves nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.bizdev.files import RiskEntry
from advisor_desk.services.bizdev.listing import library_risk_list, library_titles, subject_names
from advisor_desk.services.bizdev.review_build import apply_build_review
from advisor_desk.services.bizdev.reviews import ReviewSummary
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import date_edit, from_qdate

PROSPECT, CLIENT = "prospect", "client"


class ReviewBuilder(QDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        prospect: str = "",
        client: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.created: ReviewSummary | None = None
        self.setWindowTitle("New risk review")
        self.resize(640, 720)
        store = context.store
        prospects, clients = run_query(store, subject_names)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Cyber health check")
        self.subject = QComboBox()
        for name in prospects:
            self.subject.addItem(f"{name} (prospect)", f"{PROSPECT}:{name}")
        for name in clients:
            self.subject.addItem(name, f"{CLIENT}:{name}")
        wanted = f"{PROSPECT}:{prospect}" if prospect else f"{CLIENT}:{client}" if client else None
        if wanted is not None:
            found = self.subject.findData(wanted)
            self.subject.setCurrentIndex(max(found, 0))
        self.libraries = QListWidget()
        self.libraries.setMaximumHeight(110)
        for title in run_query(store, library_titles, ContentKind.RISK_LIBRARY.value):
            item = QListWidgetItem(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.libraries.addItem(item)
        self.libraries.itemChanged.connect(lambda _item: self.reload_risks())
        self.risks = QListWidget()
        self.risks.setToolTip("Untick a risk to leave it out of the review")
        self.added_ref = QLineEdit()
        self.added_ref.setPlaceholderText("Ref")
        self.added_ref.setMaximumWidth(90)
        self.added_title = QLineEdit()
        self.added_title.setPlaceholderText("A risk of your own")
        add = QPushButton("&Add risk")
        add.clicked.connect(self.add_risk)
        adding = QHBoxLayout()
        adding.addWidget(self.added_ref)
        adding.addWidget(self.added_title, 1)
        adding.addWidget(add)
        self.added: list[RiskEntry] = []
        self.has_due = QCheckBox("&Due")
        self.has_due.setChecked(True)
        self.due = date_edit(today() + dt.timedelta(days=14))
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        self.people = QPlainTextEdit()
        self.people.setPlaceholderText("One e-mail address a line")
        self.people.setMaximumHeight(80)
        self.publish = QCheckBox("&Publish now (sends the invitations)")
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        self.new_prospect_button = QPushButton("New &prospect…")
        self.new_prospect_button.setToolTip("A review may be the first thing done for a prospect")
        self.new_prospect_button.clicked.connect(self.new_prospect)
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject, 1)
        subject_row.addWidget(self.new_prospect_button)
        form.addRow("&Subject:", subject_row)
        label = form.labelForField(subject_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.subject)
        form.addRow("Risk &libraries:", self.libraries)
        form.addRow("&Risks asked:", self.risks)
        form.addRow("", adding)
        form.addRow("", due_row)
        form.addRow("&Participants:", self.people)
        form.addRow("", self.publish)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Create review")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def new_prospect(self) -> None:
        """Make the review's subject on the spot: a new prospect, chosen once saved."""
        from advisor_desk.ui.bizdev.prospects import ProspectDialog

        dialog = ProspectDialog(self.context, None, self)
        dialog.accepted.connect(lambda: self.add_prospect(dialog.saved))
        dialog.open()

    def add_prospect(self, made: object) -> None:
        name = getattr(made, "name", "")
        if name:
            self.subject.insertItem(0, f"{name} (prospect)", f"{PROSPECT}:{name}")
            self.subject.setCurrentIndex(0)

    def chosen_libraries(self) -> list[str]:
        return [
            self.libraries.item(i).text()
            for i in range(self.libraries.count())
            if self.libraries.item(i).checkState() == Qt.CheckState.Checked
        ]

    def reload_risks(self) -> None:
        excluded = set(self.excluded())
        self.risks.clear()
        for library, ref, title in run_query(
            self.context.store, library_risk_list, self.chosen_libraries()
        ):
            item = QListWidgetItem(f"{ref}  {title}  · {library}")
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Unchecked if ref in excluded else Qt.CheckState.Checked
            )
            self.risks.addItem(item)
        for risk in self.added:
            item = QListWidgetItem(f"{risk.ref}  {risk.title}  · added")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.risks.addItem(item)

    def excluded(self) -> list[str]:
        out = []
        for i in range(self.risks.count()):
            item = self.risks.item(i)
            ref = item.data(Qt.ItemDataRole.UserRole)
            if ref and item.checkState() == Qt.CheckState.Unchecked:
                out.append(str(ref))
        return out

    def add_risk(self) -> None:
        title = self.added_title.text().strip()
        if not title:
            self.error.setText("Added risk: give it a title.")
            return
        ref = self.added_ref.text().strip() or f"OWN-{len(self.added) + 1:02d}"
        self.added.append(RiskEntry(ref, title))
        self.added_ref.clear()
        self.added_title.clear()
        self.error.clear()
        self.reload_risks()

    def accept(self) -> None:
        kind, _, name = str(self.subject.currentData() or "").partition(":")
        emails = [line.strip() for line in self.people.toPlainText().splitlines() if line.strip()]
        try:
            done = run_op(
                self.context.store,
                apply_build_review,
                self.title_edit.text(),
                client=name if kind == CLIENT else None,
                prospect=name if kind == PROSPECT else None,
                libraries=self.chosen_libraries(),
                exclude=self.excluded(),
                added=tuple(self.added),
                due=from_qdate(self.due.date()) if self.has_due.isChecked() else None,
                participants=emails,
                publish=self.publish.isChecked(),
            )
        except ValidationError as error:
            self.error.setText("\n".join(error.lines()))
            return
        except ServiceError as error:
            self.error.setText(str(error))
            return
        self.created = done.value
        self.context.notify(done.changes)
        super().accept()
