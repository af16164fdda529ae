"""The template wizard ("New client template…" / "Edit template…"): one save, one revision."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard, QWizardPage

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people.advisors import list_advisors
from advisor_desk.services.templates.plan import TemplateDraft, TemplatePlan, save_template
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.templates.chosen import ItemNames
from advisor_desk.ui.templates.common import error_label, review_text, style_wizard
from advisor_desk.ui.templates.risks_page import RisksPage
from advisor_desk.ui.templates.template_pages import (
    AdvisorsPage,
    BasicsPage,
    ContentPage,
    PlanPage,
)

BLANK = TemplateDraft(
    name="", license_tier=LicenseTier.JUST_RISK, billing_model=BillingModel.RESELLER
)


class TemplateWizard(QWizard):
    saved = Signal(object)  # TemplatePlan

    def __init__(
        self, context: AppContext, plan: TemplatePlan | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.template_id = plan.template.id if plan is not None else ""
        self.initial = plan.draft() if plan is not None else BLANK
        title = f"Edit template — {plan.template.name}" if plan else "New client template"
        style_wizard(self, title)
        self.setMinimumSize(900, 660)  # two lists side by side on the content and risks pages
        self.advisors = [a for a in list_advisors(self.store) if a.active_now]
        # The library is never read whole: pages search it a page at a time, and only the
        # template's own items are named, by one small query in a worker.
        initial = self.initial
        self.names = ItemNames(
            context,
            (
                *initial.content_ids,
                *(r.content_id for r in initial.risks),
                *(a.content_id for a in initial.assessments),
            ),
            self,
        )
        self.basics_page = BasicsPage(self)
        self.plan_page = PlanPage(self)
        self.content_page = ContentPage(self)
        self.risks_page = RisksPage(self)
        self.advisors_page = AdvisorsPage(self)
        self.review_page = ReviewPage(self)
        for page in (
            self.basics_page,
            self.plan_page,
            self.content_page,
            self.risks_page,
            self.advisors_page,
            self.review_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Save template")
        self.result_plan: TemplatePlan | None = None

    def title_of(self, content_id: str) -> str:
        return self.names.title(content_id)

    def draft(self) -> TemplateDraft:
        return TemplateDraft(
            name=self.basics_page.name_edit.text(),
            description=self.basics_page.description_edit.toPlainText(),
            license_tier=self.plan_page.tier(),
            billing_model=self.plan_page.model(),
            content_ids=self.content_page.chosen(),
            risks=self.risks_page.chosen_risks(),
            assessments=self.risks_page.chosen_assessments(),
            advisor_ids=self.advisors_page.list.checked(),
        )

    def save(self) -> TemplatePlan:
        plan = save_template(self.store, self.draft(), self.template_id)
        self.result_plan = plan
        changed = ("client_template", "template_content", "template_risk")
        self.context.notify(
            (*changed, "template_assessment", "template_advisor"), (plan.template.id,)
        )
        self.saved.emit(plan)
        return plan


class ReviewPage(QWizardPage):
    def __init__(self, wizard: TemplateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Review")
        self.setSubTitle("What every client onboarded from this template will get.")
        self.summary, scroll = review_text("Template summary")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        self.setFinalPage(True)
        wizard.names.loaded.connect(self._on_names_loaded)

    def _on_names_loaded(self) -> None:
        if self._wizard.currentPage() is self:
            self.initializePage()  # "Loading…" gives way to the titles

    def initializePage(self) -> None:  # noqa: N802
        w = self._wizard
        draft = w.draft()
        advisors = {a.id: a.name for a in w.advisors}
        version = "a new version" if w.template_id else "version 1"
        sections = [
            f"<h3 style='margin:0'>{escape(draft.name)}</h3>",
            f"<p>{escape(draft.description) or '<i>No description</i>'}</p>",
            f"<p><b>Plan:</b> {draft.license_tier.label} members, billed "
            f"{draft.billing_model.label.lower()}. Saved as {version}.</p>",
            _list("Content", [w.title_of(i) for i in draft.content_ids]),
            _list(
                "Starter risks",
                [
                    f"{r.title} <span style='color:gray'>({w.title_of(r.content_id)}; "
                    f"likelihood {r.likelihood}, impact {r.impact})</span>"
                    for r in draft.risks
                ],
                escaped=True,
            ),
            _list(
                "Assessments",
                [
                    f"{w.title_of(a.content_id)} — due {a.due_in_days} days after onboarding"
                    for a in draft.assessments
                ],
            ),
            _list("Advisors with access", [advisors.get(a, "?") for a in draft.advisor_ids]),
        ]
        self.summary.setText("".join(sections))
        self.error.hide()

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self._wizard.save()
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        return True


def _list(title: str, rows: list[str], *, escaped: bool = False) -> str:
    if not rows:
        return f"<p><b>{title}:</b> <i>none</i></p>"
    items = "".join(f"<li>{row if escaped else escape(row)}</li>" for row in rows)
    return f"<p><b>{title} ({len(rows)}):</b></p><ul style='margin-top:0'>{items}</ul>"
