"""The template wizard's pages: basics → plan → content → risks and assessments → advisors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ENTITLEMENTS, ContentKind, LicenseTier
from advisor_desk.services.template_plan import (
    MAX_DUE_IN_DAYS,
    PlannedAssessment,
    PlannedRisk,
    template_name_problem,
)
from advisor_desk.ui.icons import icon
from advisor_desk.ui.templates.common import CheckList, error_label, show_error
from advisor_desk.ui.widgets import muted_label

if TYPE_CHECKING:
    from advisor_desk.ui.templates.template_wizard import TemplateWizard

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class BasicsPage(QWizardPage):
    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("The engagement")
        self.setSubTitle("Name the kind of engagement this template onboards, and describe it.")
        self.name_edit = QLineEdit(wizard.initial.name)
        self.name_edit.setPlaceholderText("Cyber uplift — 12 weeks")
        self.name_edit.setAccessibleName("Template name")
        self.name_error = error_label()
        self.description_edit = QPlainTextEdit(wizard.initial.description)
        self.description_edit.setPlaceholderText("What the engagement delivers, for whom")
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(120)
        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("&Description", self.description_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.name_edit.textChanged.connect(self._check)
        self._problem = ""
        self._check()

    def _check(self) -> None:
        self._problem = template_name_problem(
            self._wizard.store, self.name_edit.text(), except_id=self._wizard.template_id
        )
        # An empty name is not an error yet: Next just stays disabled until one is typed.
        shown = self._problem if self.name_edit.text().strip() else ""
        show_error(self.name_error, self.name_edit, shown)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self._problem


class PlanPage(QWizardPage):
    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self.setTitle("The plan")
        self.setSubTitle(
            "The license tier the engagement needs decides which content it may include."
        )
        self.tier_combo = QComboBox()
        self.tier_combo.setAccessibleName("License tier")
        for tier in LicenseTier:
            self.tier_combo.addItem(icon("tier"), tier.label, tier.value)
        self.tier_combo.setCurrentIndex(self.tier_combo.findData(wizard.initial.license_tier.value))
        self.entitles = muted_label()
        self.models = QButtonGroup(self)
        model_row = QHBoxLayout()
        for model in BillingModel:
            button = QRadioButton(model.label)
            button.setProperty("model", model.value)
            button.setChecked(model is wizard.initial.billing_model)
            self.models.addButton(button)
            model_row.addWidget(button)
        model_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow("License &tier", self.tier_combo)
        form.addRow("", self.entitles)
        form.addRow("Billing model", model_row)
        form.addRow(
            "",
            muted_label(
                "Reseller: your firm pays the platform and invoices the client. Direct: the "
                "platform invoices the client."
            ),
        )
        self.tier_combo.currentIndexChanged.connect(self._describe)
        self._describe()

    def tier(self) -> LicenseTier:
        return LicenseTier(self.tier_combo.currentData())

    def model(self) -> BillingModel:
        checked = self.models.checkedButton()
        return BillingModel(checked.property("model") if checked else BillingModel.RESELLER.value)

    def _describe(self) -> None:
        kinds = sorted(kind.label for kind in ENTITLEMENTS[self.tier()])
        self.entitles.setText("Includes: " + ", ".join(kinds) + ".")


class ContentPage(QWizardPage):
    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Content")
        self.setSubTitle("Content from both libraries, limited to what the tier is entitled to.")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title or kind")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = CheckList("Content items")
        self.count_label = muted_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        self.filter_edit.textChanged.connect(self.list.filter)
        self.list.itemChanged.connect(self._count)
        self._chosen: tuple[str, ...] = wizard.initial.content_ids

    def initializePage(self) -> None:  # noqa: N802
        items = self._wizard.entitled()
        self.list.blockSignals(True)
        self.list.set_items(
            (
                (i.id, f"{i.title}  ·  {i.kind.label} · {i.library.value} library", i.description)
                for i in items
            ),
            self._chosen,
        )
        self.list.blockSignals(False)
        self.list.filter(self.filter_edit.text())
        self._count()

    def cleanupPage(self) -> None:  # noqa: N802
        self._chosen = self.list.checked()  # Back keeps what was ticked

    def chosen(self) -> tuple[str, ...]:
        return self.list.checked() if self.list.count() else self._chosen

    def _count(self) -> None:
        self._chosen = self.list.checked()
        self.count_label.setText(f"{len(self._chosen)} of {self.list.count()} items chosen")


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
        self.library_combo = QComboBox()
        self.library_combo.setAccessibleName("Risk library")
        self.risk_edit = QLineEdit()
        self.risk_edit.setPlaceholderText("Risk title, e.g. Ransomware outage")
        self.risk_edit.setAccessibleName("Risk title")
        self.add_button = QPushButton(icon("add"), "&Add risk")
        self.remove_button = QPushButton(icon("remove"), "Remove")
        self.risks = QTableWidget(0, 4)
        self.risks.setAccessibleName("Starter risks")
        self.risks.setHorizontalHeaderLabels(["Risk", "From", "Likelihood", "Impact"])
        self.risks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.risks.verticalHeader().hide()
        header = self.risks.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.assessments = QTreeWidget()
        self.assessments.setAccessibleName("Assessments to schedule")
        self.assessments.setHeaderLabels(["Assessment template", "Due after"])
        self.assessments.setRootIsDecorated(False)
        self.assessments.header().setStretchLastSection(False)
        self.assessments.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assessments.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.assessments.header().resizeSection(1, 120)
        self.none_label = muted_label()
        add_row = QHBoxLayout()
        add_row.addWidget(self.library_combo, 2)
        add_row.addWidget(self.risk_edit, 3)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Starter risks</b>"))
        layout.addLayout(add_row)
        layout.addWidget(self.risks, 3)
        layout.addWidget(QLabel("<b>Assessments to schedule</b>"))
        layout.addWidget(self.assessments, 2)
        layout.addWidget(self.none_label)
        self.add_button.clicked.connect(self._add_from_inputs)
        self.risk_edit.installEventFilter(self)  # Enter adds the risk (not the wizard's Next)
        self.remove_button.clicked.connect(self._remove_selected)
        for risk in wizard.initial.risks:
            self.add_risk(risk)
        self._due = {a.content_id: a.due_in_days for a in wizard.initial.assessments}

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
        items = self._wizard.entitled()
        libraries = [i for i in items if i.kind is ContentKind.RISK_LIBRARY]
        templates = [i for i in items if i.kind is ContentKind.ASSESSMENT_TEMPLATE]
        self.library_combo.clear()
        for item in libraries:
            self.library_combo.addItem(item.title, item.id)
        allowed = {i.id for i in libraries}
        for row in reversed(range(self.risks.rowCount())):
            if self.risks.item(row, 1).data(ID_ROLE) not in allowed:
                self.risks.removeRow(row)  # the tier changed: it no longer covers this library
        for widget in (self.library_combo, self.risk_edit, self.add_button, self.remove_button):
            widget.setEnabled(bool(libraries))
        self.assessments.clear()
        for item in templates:
            row = QTreeWidgetItem(self.assessments, [item.title, ""])
            row.setData(0, ID_ROLE, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = item.id in self._due
            row.setCheckState(0, Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            days = QSpinBox()
            days.setRange(0, MAX_DUE_IN_DAYS)
            days.setSuffix(" days")
            days.setValue(self._due.get(item.id, 30))
            days.setAccessibleName(f"{item.title} due after")
            self.assessments.setItemWidget(row, 1, days)
        tier = self._wizard.plan_page.tier()
        self.none_label.setText(
            ""
            if libraries or templates
            else f"The {tier.label} tier includes no risk libraries or assessment templates."
        )

    def cleanupPage(self) -> None:  # noqa: N802
        self._due = {a.content_id: a.due_in_days for a in self.chosen_assessments()}

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
        if not self.assessments.topLevelItemCount():
            return tuple(PlannedAssessment(k, v) for k, v in self._due.items())
        out = []
        for position in range(self.assessments.topLevelItemCount()):
            row = self.assessments.topLevelItem(position)
            if row.checkState(0) == Qt.CheckState.Checked:
                days = self.assessments.itemWidget(row, 1)
                assert isinstance(days, QSpinBox)
                out.append(PlannedAssessment(row.data(0, ID_ROLE), days.value()))
        return tuple(out)

    def _add_from_inputs(self) -> None:
        title = self.risk_edit.text().strip()
        if not title or self.library_combo.currentIndex() < 0:
            self.risk_edit.setFocus()
            return
        risk = PlannedRisk(self.library_combo.currentData(), title)
        self.add_risk(risk, self.library_combo.currentText())
        self.risk_edit.clear()
        self.risk_edit.setFocus()

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.risks.selectedIndexes()}, reverse=True):
            self.risks.removeRow(row)


class AdvisorsPage(QWizardPage):
    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self.setTitle("Advisors")
        self.setSubTitle("Advisors given access to every client onboarded from this template.")
        self.list = CheckList("Default advisors")
        self.list.set_items(
            ((a.id, f"{a.name}  ·  {a.role.label}", a.email) for a in wizard.advisors),
            wizard.initial.advisor_ids,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
