"""The Templates section: the partner's client templates; New, Edit, Duplicate, Archive."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op
from advisor_desk.services.templates.catalogue import apply_archive_template
from advisor_desk.services.templates.plan import (
    TemplatePlan,
    apply_duplicate_template,
    get_template_plan,
    list_template_plans,
    templates_in_use,
)
from advisor_desk.store.models import (
    Client,
    ClientTemplate,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateContent,
    TemplateRisk,
)
from advisor_desk.ui.confirm import ConfirmBox, confirm
from advisor_desk.ui.context import AppContext, Changes, shown
from advisor_desk.ui.icons import icon
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from advisor_desk.ui.templates.template_wizard import TemplateWizard
from advisor_desk.ui.widgets import (
    muted_label,
    primary_button,
    section_title,
    show_service_error,
    table_view,
)

SHOWS = shown(
    ClientTemplate,
    TemplateContent,
    TemplateRisk,
    TemplateAssessment,
    TemplateAdvisor,
    Client,
)


class TemplatesSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._in_use: dict[str, int] = {}
        self.model: RowsModel[TemplatePlan] = RowsModel(
            [
                Column(
                    "Template", lambda p: p.template.name, tooltip=lambda p: p.template.description
                ),
                Column("Tier", lambda p: p.template.license_tier.label),
                Column("Billing", lambda p: p.template.billing_model.label),
                Column("Version", lambda p: str(p.template.revision), align_right=True),
                Column("Content", lambda p: str(len(p.template.content_ids)), align_right=True),
                Column("Risks", lambda p: str(len(p.risks)), align_right=True),
                Column("Assessments", lambda p: str(len(p.assessments)), align_right=True),
                Column("Advisors", lambda p: str(len(p.advisor_ids)), align_right=True),
                Column(
                    "Clients", lambda p: str(self._in_use.get(p.template.id, 0)), align_right=True
                ),
                Column("", lambda p: "archived" if p.template.archived else ""),
            ],
            row_id=lambda p: p.template.id,
            muted=lambda p: p.template.archived,
            parent=self,
        )
        self.view = table_view(self.model, "Client templates", stretch=0)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)  # the name takes the room, not the archived mark
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.new_button = primary_button("&New template…")
        self.new_button.setIcon(icon("add"))
        self.edit_button = QPushButton(icon("edit"), "&Edit…")
        self.duplicate_button = QPushButton(icon("template"), "&Duplicate")
        self.archive_button = QPushButton(icon("archive"), "&Archive")
        self.onboard_button = QPushButton(icon("client"), "&Onboard a client…")
        self.show_archived = QCheckBox("Show a&rchived")
        toolbar = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.duplicate_button,
            self.archive_button,
            self.onboard_button,
        ):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.show_archived)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(section_title("Client templates"))
        layout.addWidget(
            muted_label(
                "A recipe per kind of engagement: plan, content, starter risks, assessments "
                "and advisors. Editing makes a new version; clients keep the version they "
                "were onboarded from."
            )
        )
        layout.addLayout(toolbar)
        layout.addWidget(self.view, 1)
        self.new_button.clicked.connect(self.new_template)
        self.edit_button.clicked.connect(self.edit_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        self.onboard_button.clicked.connect(self.onboard)
        self.show_archived.toggled.connect(self.refresh)
        self.view.activated.connect(lambda _index: self.edit_selected())  # Enter, double-click
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        context.changed.connect(self._on_changed)
        self.wizard: QWidget | None = None
        self.refresh()
        guard_view(context, self)  # the permission table: templates, onboarding

    def refresh(self) -> None:
        chosen = self.selected()
        self._in_use = templates_in_use(self.context.store)
        plans = list_template_plans(
            self.context.store, include_archived=self.show_archived.isChecked()
        )
        self.model.set_rows(plans)
        if chosen is not None:
            self.select(chosen.template.id)
        elif plans:
            self.view.selectRow(0)
        self._update_buttons()

    def selected(self) -> TemplatePlan | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0]) if rows else None

    def select(self, template_id: str) -> None:
        row = self.model.row_of(template_id)
        if row >= 0:
            self.view.selectRow(row)

    def new_template(self) -> None:
        self._open(TemplateWizard(self.context, None, self))

    def edit_selected(self) -> None:
        plan = self.selected()
        if plan is not None:
            self._open(
                TemplateWizard(
                    self.context, get_template_plan(self.context.store, plan.template.id), self
                )
            )

    def duplicate_selected(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        try:
            done = run_op(self.context.store, apply_duplicate_template, plan.template.id)
        except ServiceError as error:
            show_service_error(self, "Duplicate template", error)
            return
        self.context.notify(done.changes)
        self.select(done.value.template.id)

    def archive_selected(self) -> ConfirmBox | None:
        """Unarchive at once; archive after asking (the box is returned, for tests)."""
        plan = self.selected()
        if plan is None:
            return None
        template_id, archived = plan.template.id, not plan.template.archived

        def act() -> None:
            done = run_op(self.context.store, apply_archive_template, template_id, archived)
            self.context.notify(done.changes)

        if not archived:
            act()
            return None
        return confirm(
            self,
            f"Archive {plan.template.name}?",
            f"Archive the template {plan.template.name}?",
            "&Archive",
            act,
            "New clients can no longer be onboarded from it; clients made from it keep "
            "everything they have. Unarchive brings it back.",
        )

    def onboard(self) -> None:
        wizard = OnboardingWizard(self.context, self)
        plan = self.selected()
        if plan is not None and not plan.template.archived:
            for row in range(wizard.start_page.list.count()):
                if wizard.start_page.list.item(row).text() == plan.template.name:
                    wizard.start_page.list.setCurrentRow(row)
        wizard.client_created.connect(self._open_client)
        self._open(wizard)

    def _open_client(self, client_id: str) -> None:
        window = self.window()
        opener = getattr(window, "open_client", None)
        if callable(opener):
            opener(client_id)

    def _open(self, wizard: QWizard) -> None:
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.wizard = wizard
        if isinstance(wizard, TemplateWizard):
            wizard.saved.connect(lambda plan: self.select(plan.template.id))
        wizard.open()

    def _update_buttons(self) -> None:
        plan = self.selected()
        for button in (self.edit_button, self.duplicate_button, self.archive_button):
            button.setEnabled(plan is not None)
        self.archive_button.setText("Un&archive" if plan and plan.template.archived else "&Archive")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.refresh()
