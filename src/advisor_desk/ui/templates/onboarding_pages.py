"""The onboarding wizard's first pages: template or blank plan → client details → advisors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services.templates.plan import TemplatePlan
from advisor_desk.services.validation import split_words
from advisor_desk.ui.icons import icon
from advisor_desk.ui.templates.common import CheckList, error_label, show_error
from advisor_desk.ui.widgets import muted_label
from advisor_desk.ui.words import plural
from advisor_desk.ui.workspace.client_dialog import MAX_EMPLOYEES, address_box

if TYPE_CHECKING:
    from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard

ID_ROLE = Qt.ItemDataRole.UserRole + 1
BLANK = ""  # the id of the "blank plan" choice


class StartPage(QWizardPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Start from")
        self.setSubTitle("A template sets up the plan, content, risks and assessments for you.")
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        blank = QListWidgetItem(icon("add"), "Blank plan", self.list)
        blank.setData(ID_ROLE, BLANK)
        for plan in wizard.templates:
            item = QListWidgetItem(icon("template"), plan.template.name, self.list)
            item.setData(ID_ROLE, plan.template.id)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumWidth(260)
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName("Billing model")
        for model in BillingModel:
            self.model_combo.addItem(model.label, model.value)
        right = QVBoxLayout()
        right.addWidget(self.detail)
        form = QFormLayout()
        form.addRow("&Billing model", self.model_combo)
        right.addLayout(form)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 1)
        self.list.currentItemChanged.connect(self._describe)
        self.list.itemDoubleClicked.connect(lambda _item: wizard.next())
        self.list.setCurrentRow(1 if wizard.templates else 0)

    def plan(self) -> TemplatePlan | None:
        item = self.list.currentItem()
        chosen = item.data(ID_ROLE) if item is not None else BLANK
        return next((p for p in self._wizard.templates if p.template.id == chosen), None)

    def billing_model(self) -> BillingModel:
        return BillingModel(self.model_combo.currentData())

    def isComplete(self) -> bool:  # noqa: N802
        return self.list.currentItem() is not None

    def _describe(self) -> None:
        plan = self.plan()
        self.model_combo.setEnabled(plan is None)
        if plan is None:
            self.detail.setText(
                "<b>Blank plan</b><br>No content, risks or assessments; members start on the "
                "Free tier unless you choose another."
            )
        else:
            t = plan.template
            self.model_combo.setCurrentIndex(self.model_combo.findData(t.billing_model.value))
            self.detail.setText(
                f"<b>{t.name}</b> · version {t.revision}<br>{t.description}<br><br>"
                f"{t.license_tier.label} members, billed {t.billing_model.label.lower()}<br>"
                f"{plural(len(t.content_ids), 'content item')} · "
                f"{plural(len(plan.risks), 'starter risk')} · "
                f"{plural(len(plan.assessments), 'assessment')} · "
                f"{plural(len(plan.advisor_ids), 'advisor')}"
            )
        self.completeChanged.emit()


class DetailsPage(QWizardPage):
    """Checked as you type; Next stays disabled until every field is valid."""

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Client details")
        self.setSubTitle("The client team's name must be unique among your clients.")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Acme Logistics Pty Ltd")
        self.name_edit.setAccessibleName("Client name")
        self.domain_edit = QLineEdit()
        self.domain_edit.setPlaceholderText("acme.example")
        self.domain_edit.setAccessibleName("Website domain")
        self.address_edit = address_box()
        self.address_edit.setAccessibleName("Postal address")
        self.employees_spin = QSpinBox()
        self.employees_spin.setRange(0, MAX_EMPLOYEES)
        self.employees_spin.setSpecialValueText("Not known")
        self.employees_spin.setGroupSeparatorShown(True)
        self.employees_spin.setAccessibleName("Employees")
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("finance, priority")
        self.tags_edit.setAccessibleName("Tags")
        names = ("name", "domain", "address", "employees", "tags")
        self.errors = {name: error_label() for name in names}
        self.fields = {
            "name": self.name_edit,
            "domain": self.domain_edit,
            "address": self.address_edit,
            "employees": self.employees_spin,
            "tags": self.tags_edit,
        }
        form = QFormLayout(self)
        for label, name in (
            ("&Name", "name"),
            ("&Website domain", "domain"),
            ("&Address", "address"),
            ("&Employees", "employees"),
            ("&Tags", "tags"),
        ):
            form.addRow(label, self.fields[name])
            form.addRow("", self.errors[name])
        self.name_edit.textChanged.connect(self._check)
        self.domain_edit.textChanged.connect(self._check)
        self.address_edit.textChanged.connect(self._check)
        self.tags_edit.textChanged.connect(self._check)
        self._problems: dict[str, str] = {}
        self._check()

    def tags(self) -> list[str]:
        return split_words(self.tags_edit.text())

    def employees(self) -> int | None:
        return self.employees_spin.value() or None

    def problem(self, field: str) -> str:
        return self._problems.get(field, "")

    def _check(self) -> None:
        self._problems = self._wizard.details_check.problems(
            name=self.name_edit.text(),
            domain=self.domain_edit.text(),
            address=self.address_edit.toPlainText(),
            employees=self.employees(),
            tags=self.tags(),
        )
        for name, widget in self.fields.items():
            message = self._problems.get(name, "")
            if name == "name" and not self.name_edit.text().strip():
                message = ""  # not an error yet: Next stays disabled until a name is typed
            show_error(self.errors[name], widget, message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self._problems


class AdvisorsPage(QWizardPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Advisors")
        self.setSubTitle("Who in your firm may work in this client's team.")
        self.list = CheckList("Advisors with access")
        self.note = muted_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        self._for_template: str | None = None
        self._checked: tuple[str, ...] = ()

    def initializePage(self) -> None:  # noqa: N802
        plan = self._wizard.start_page.plan()
        template_id = plan.template.id if plan is not None else BLANK
        if template_id != self._for_template:  # another start: the template's defaults
            self._for_template = template_id
            self._checked = plan.advisor_ids if plan is not None else ()
        self.list.set_items(
            ((a.id, f"{a.name}  ·  {a.role.label}", a.email) for a in self._wizard.advisors),
            self._checked,
        )
        self.note.setText(
            "Ticked: the template's default advisors." if plan and plan.advisor_ids else ""
        )

    def cleanupPage(self) -> None:  # noqa: N802
        self._checked = self.list.checked()

    def chosen(self) -> tuple[str, ...]:
        return self.list.checked() if self.list.count() else self._checked
