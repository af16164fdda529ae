"""The template wizard's pages: basics → plan → content → (risks_page) → advisors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWizardPage,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ENTITLEMENTS, ContentKind, LicenseTier
from advisor_desk.services.templates.items import offered_kinds
from advisor_desk.services.templates.plan import template_name_problem
from advisor_desk.ui.icons import icon
from advisor_desk.ui.templates.chosen import ChosenItems, ChosenList
from advisor_desk.ui.templates.common import CheckList, error_label, show_error
from advisor_desk.ui.templates.picker import LibraryPicker
from advisor_desk.ui.widgets import muted_label

if TYPE_CHECKING:
    from advisor_desk.ui.templates.template_wizard import TemplateWizard


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
    """Search both libraries (what the tier is entitled to) and tick items; the chosen ones
    stay listed beside the results whatever the search shows."""

    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Content")
        self.setSubTitle("Content from both libraries, limited to what the tier is entitled to.")
        self.chosen_items = ChosenItems(wizard.names, wizard.initial.content_ids, self)
        self.picker = LibraryPicker(wizard.context, "item", "items", self.chosen_items)
        self.picker.view.setAccessibleName("Content items")
        self.chosen_list = ChosenList(self.chosen_items, "Chosen content", "&Remove")
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.picker)
        splitter.addWidget(self.chosen_list)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self._kinds: frozenset[ContentKind] | None = None  # offered, once the page was shown
        wizard.names.loaded.connect(self._keep_offered)

    def initializePage(self) -> None:  # noqa: N802
        tier = self._wizard.plan_page.tier()
        self._kinds = offered_kinds(tier)
        self.picker.offer(tier)
        self._keep_offered()
        self.picker.setFocus()

    def chosen(self) -> tuple[str, ...]:
        return self.chosen_items.ids()

    def _keep_offered(self) -> None:
        if self._kinds is not None:  # the tier changed: it no longer covers some items
            self.chosen_items.keep_offered(self._kinds)


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
