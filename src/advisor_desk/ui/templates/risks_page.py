"""The template wizard's risks page: starter risks, each from a risk library, and the
assessment templates to schedule — both found by searching the library, never listed whole."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.templates.items import ItemRef, offered_kinds
from advisor_desk.services.templates.plan import MAX_DUE_IN_DAYS, PlannedAssessment, PlannedRisk
from advisor_desk.ui.icons import icon
from advisor_desk.ui.templates.chosen import ID_ROLE, ChosenItems
from advisor_desk.ui.templates.picker import LibraryPicker
from advisor_desk.ui.widgets import muted_label

if TYPE_CHECKING:
    from advisor_desk.ui.templates.template_wizard import TemplateWizard

RISK_LIBRARY = frozenset({ContentKind.RISK_LIBRARY})
ASSESSMENT_TEMPLATE = frozenset({ContentKind.ASSESSMENT_TEMPLATE})
DEFAULT_DUE = 30


class RisksPage(QWizardPage):
    """Starter risks (picked from risk libraries) and the assessments to schedule."""

    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Risks and assessments")
        self.setSubTitle(
            "A starter risk register for every client onboarded, and the assessments to "
            "schedule, due some days after onboarding."
        )
        self.libraries = LibraryPicker(wizard.context, "risk library", "risk libraries")
        self.libraries.view.setAccessibleName("Risk library")
        self.libraries.searched.connect(self._on_libraries_searched)
        self.libraries.view.selectionModel().selectionChanged.connect(self._on_library_picked)
        self._library_id = ""  # the library picked last: picked again after a search
        self.risk_edit = QLineEdit()
        self.risk_edit.setPlaceholderText("Risk title, e.g. Ransomware outage")
        self.risk_edit.setAccessibleName("Risk title")
        self.add_button = QPushButton(icon("add"), "&Add risk")
        # Which library a typed risk goes into: always said, never a row that happens to be
        # selected (nothing is picked until the user picks or searches).
        self.target_label = muted_label()
        self.target_label.setWordWrap(True)
        self.add_button.setToolTip("Add the risk, from the risk library picked on the left")
        self.remove_button = QPushButton(icon("remove"), "Remove risk")
        self.risks = QTableWidget(0, 4)
        self.risks.setAccessibleName("Starter risks")
        self.risks.setHorizontalHeaderLabels(["Risk", "From", "Likelihood", "Impact"])
        self.risks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.risks.verticalHeader().hide()
        self.risks.setWordWrap(False)
        header = self.risks.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.assessment_items = ChosenItems(
            wizard.names, (a.content_id for a in wizard.initial.assessments), self
        )
        self.templates = LibraryPicker(
            wizard.context, "assessment template", "assessment templates", self.assessment_items
        )
        self.templates.view.setAccessibleName("Assessment templates")
        self.assessments = QTreeWidget()
        self.assessments.setAccessibleName("Assessments to schedule")
        self.assessments.setHeaderLabels(["Assessment to schedule", "Due after"])
        self.assessments.setRootIsDecorated(False)
        self.assessments.header().setStretchLastSection(False)
        self.assessments.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assessments.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.assessments.header().resizeSection(1, 110)
        self.remove_assessment_button = QPushButton(icon("remove"), "Remove assessment")
        self.none_label = muted_label()
        self._layout()
        self.add_button.clicked.connect(self._add_from_inputs)
        self.risk_edit.installEventFilter(self)  # Enter adds the risk (not the wizard's Next)
        self.remove_button.clicked.connect(self._remove_selected)
        self.remove_assessment_button.clicked.connect(self._remove_selected_assessments)
        for risk in wizard.initial.risks:
            self.add_risk(risk)
        self._due = {a.content_id: a.due_in_days for a in wizard.initial.assessments}
        self._kinds: frozenset[ContentKind] | None = None  # offered, once the page was shown
        self.assessment_items.changed.connect(self._show_assessments)
        wizard.names.loaded.connect(self._on_names_loaded)
        self._show_assessments()

    def _layout(self) -> None:
        add_row = QHBoxLayout()
        add_row.addWidget(self.risk_edit, 1)
        add_row.addWidget(self.add_button)
        risks = QVBoxLayout()
        risks.addLayout(add_row)
        risks.addWidget(self.target_label)
        risks.addWidget(self.risks, 1)
        risks.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        risk_row = QHBoxLayout()
        risk_row.addWidget(self.libraries, 1)
        risk_row.addLayout(risks, 1)
        assessments = QVBoxLayout()
        assessments.addWidget(self.assessments, 1)
        assessments.addWidget(self.remove_assessment_button, 0, Qt.AlignmentFlag.AlignRight)
        assessment_row = QHBoxLayout()
        assessment_row.addWidget(self.templates, 1)
        assessment_row.addLayout(assessments, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Starter risks</b>"))
        layout.addLayout(risk_row, 1)
        layout.addWidget(QLabel("<b>Assessments to schedule</b>"))
        layout.addLayout(assessment_row, 1)
        layout.addWidget(self.none_label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.risk_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_from_inputs()
            return True
        return super().eventFilter(watched, event)

    def initializePage(self) -> None:  # noqa: N802
        tier = self._wizard.plan_page.tier()
        libraries = self.libraries.offer(
            tier, RISK_LIBRARY, f"The {tier.label} tier includes no risk libraries."
        )
        templates = self.templates.offer(
            tier, ASSESSMENT_TEMPLATE, f"The {tier.label} tier includes no assessment templates."
        )
        self._kinds = offered_kinds(tier)
        self._keep_offered()
        for widget in (self.risk_edit, self.add_button):
            widget.setEnabled(libraries)
        self.none_label.setText(
            ""
            if libraries or templates
            else f"The {tier.label} tier includes no risk libraries or assessment templates."
        )

    def add_risk(self, risk: PlannedRisk, library_title: str = "") -> None:
        row = self.risks.rowCount()
        self.risks.insertRow(row)
        self.risks.setItem(row, 0, QTableWidgetItem(risk.title))
        source = QTableWidgetItem(library_title or self._wizard.title_of(risk.content_id))
        source.setData(ID_ROLE, risk.content_id)
        source.setFlags(source.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.risks.setItem(row, 1, source)
        for column, value in ((2, risk.likelihood), (3, risk.impact)):
            spin = QSpinBox()
            spin.setRange(1, 5)
            spin.setValue(value)
            self.risks.setCellWidget(row, column, spin)

    def chosen_risks(self) -> tuple[PlannedRisk, ...]:
        out = []
        for row in range(self.risks.rowCount()):
            likelihood, impact = (self.risks.cellWidget(row, c) for c in (2, 3))
            assert isinstance(likelihood, QSpinBox)
            assert isinstance(impact, QSpinBox)
            out.append(
                PlannedRisk(
                    self.risks.item(row, 1).data(ID_ROLE),
                    self.risks.item(row, 0).text().strip(),
                    likelihood.value(),
                    impact.value(),
                )
            )
        return tuple(out)

    def chosen_assessments(self) -> tuple[PlannedAssessment, ...]:
        return tuple(
            PlannedAssessment(i, self._due.get(i, DEFAULT_DUE)) for i in self.assessment_items.ids()
        )

    # -- reacting ----------------------------------------------------------------------------

    def _on_library_picked(self) -> None:
        row = self.libraries.current_row()
        if row is not None:
            self._library_id = row.id
        self._show_target()

    def _on_libraries_searched(self, _total: int) -> None:
        # a search picks its first match; the unsearched list picks nothing by itself
        if self._library_id or self.libraries.search_edit.text().strip():
            self.libraries.select_first_unless_selected(self._library_id)
        self._show_target()

    def _show_target(self) -> None:
        row = self.libraries.current_row()
        self.target_label.setText(
            f"A typed risk goes into “{row.title}”."
            if row is not None
            else "Pick the risk library a typed risk belongs to (on the left)."
        )

    def _on_names_loaded(self) -> None:
        for row in range(self.risks.rowCount()):
            source = self.risks.item(row, 1)
            source.setText(self._wizard.title_of(source.data(ID_ROLE)))
        self._keep_offered()

    def _keep_offered(self) -> None:
        """Drop what the tier (changed since) does not cover, or the library no longer has."""
        if self._kinds is None:
            return
        names = self._wizard.names
        for row in reversed(range(self.risks.rowCount())):
            if not names.offered(self.risks.item(row, 1).data(ID_ROLE), self._kinds & RISK_LIBRARY):
                self.risks.removeRow(row)
        self.assessment_items.keep_offered(self._kinds & ASSESSMENT_TEMPLATE)

    def _show_assessments(self) -> None:
        self.assessments.clear()
        for item_id in self.assessment_items.ids():
            title = self._wizard.title_of(item_id)
            row = QTreeWidgetItem(self.assessments, [title, ""])
            row.setData(0, ID_ROLE, item_id)
            days = QSpinBox()
            days.setRange(0, MAX_DUE_IN_DAYS)
            days.setSuffix(" days")
            days.setValue(self._due.setdefault(item_id, DEFAULT_DUE))
            days.setAccessibleName(f"{title} due after")
            days.valueChanged.connect(partial(self._due.__setitem__, item_id))
            self.assessments.setItemWidget(row, 1, days)

    def _add_from_inputs(self) -> None:
        title = self.risk_edit.text().strip()
        library = self.libraries.current_row()
        if not title or library is None:
            (self.libraries if title else self.risk_edit).setFocus()
            return
        ref = ItemRef.of(library)
        self._wizard.names.remember(ref)
        self.add_risk(PlannedRisk(ref.id, title), ref.title)
        self.risk_edit.clear()
        self.risk_edit.setFocus()

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.risks.selectedIndexes()}, reverse=True):
            self.risks.removeRow(row)

    def _remove_selected_assessments(self) -> None:
        ids = [item.data(0, ID_ROLE) for item in self.assessments.selectedItems()]
        self.assessment_items.remove(*ids)
