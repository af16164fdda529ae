"""The onboarding wizard ("New client…"): template or blank plan → details → advisors →
members → review; Finish creates everything in one transaction (Edit ▸ Undo takes it all
back), Cancel leaves nothing."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from advisor_desk.services.clients.onboarding import NewClient
from advisor_desk.services.clients.onboarding_review import (
    DetailsCheck,
    OnboardingReview,
    review_onboarding,
)
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people.advisors import list_advisors
from advisor_desk.services.templates.plan import list_template_plans
from advisor_desk.ui.client_actions import onboard_client
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.money import format_money
from advisor_desk.ui.templates.common import error_label, review_text, style_wizard
from advisor_desk.ui.templates.members_page import MembersPage
from advisor_desk.ui.templates.onboarding_pages import AdvisorsPage, DetailsPage, StartPage
from advisor_desk.ui.widgets import format_day


class OnboardingWizard(QWizard):
    client_created = Signal(str)  # the new client's id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        style_wizard(self, "New client")
        self.templates = list_template_plans(self.store)
        self.advisors = [a for a in list_advisors(self.store) if a.active_now]
        self.details_check = DetailsCheck(self.store)
        self.start_page = StartPage(self)
        self.details_page = DetailsPage(self)
        self.advisors_page = AdvisorsPage(self)
        self.members_page = MembersPage(self)
        self.review_page = ReviewPage(self)
        for page in (
            self.start_page,
            self.details_page,
            self.advisors_page,
            self.members_page,
            self.review_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Create client")
        self.client_id = ""

    def request(self) -> NewClient:
        plan = self.start_page.plan()
        details = self.details_page
        return NewClient(
            name=details.name_edit.text(),
            template=plan.template.name if plan is not None else None,
            domain=details.domain_edit.text(),
            address=details.address_edit.toPlainText(),
            employees=details.employees(),
            tags=tuple(details.tags()),
            billing_model=None if plan is not None else self.start_page.billing_model(),
            members=self.members_page.members(),
            advisor_ids=self.advisors_page.chosen(),
        )

    def create(self) -> str:
        """Onboard the client (one transaction), onto the undo stack; every view is told."""
        summary = onboard_client(self.context, self.request())
        self.client_id = summary.id
        self.client_created.emit(summary.id)
        return summary.id


class ReviewPage(QWizardPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Review")
        self.setSubTitle("Exactly what Create client makes, and what it costs per month.")
        self.summary, scroll = review_text("What will be created")
        self.error = error_label()
        # Unpublished partner content in the template: said plainly, and granted only when
        # the user says so (or goes back, or publishes it first).
        self.unpublished = error_label()
        self.unpublished.setWordWrap(True)
        self.grant_unpublished = QCheckBox("&Give the client this unpublished content anyway")
        self.grant_unpublished.hide()
        self.grant_unpublished.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.unpublished)
        layout.addWidget(self.grant_unpublished)
        layout.addWidget(self.error)
        self.review: OnboardingReview | None = None

    def initializePage(self) -> None:  # noqa: N802
        self.review = review_onboarding(self._wizard.store, self._wizard.request())
        self.summary.setText(review_html(self.review))
        self.error.setVisible(bool(self.review.problems))
        self.error.setText("\n".join(f"{f}: {m}" for f, m in self.review.problems))
        held = self.review.unpublished
        self.unpublished.setVisible(bool(held))
        self.grant_unpublished.setVisible(bool(held))
        self.grant_unpublished.setChecked(False)
        if held:
            self.unpublished.setText(
                f"Not published in your library: {', '.join(held)}. Publish "
                f"{'it' if len(held) == 1 else 'them'} first (Library), take "
                f"{'it' if len(held) == 1 else 'them'} out of the template, or tick the box."
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        review = self.review
        if review is not None and review.unpublished and not self.grant_unpublished.isChecked():
            return False
        return super().isComplete()

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self._wizard.create()
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        return True


def review_html(review: OnboardingReview) -> str:
    origin = (
        f"from template <b>{escape(review.template)}</b> (version {review.template_version})"
        if review.template
        else "from a blank plan"
    )
    model = review.billing_model.label.lower() if review.billing_model else "—"
    parts = [
        f"<h3 style='margin:0'>{escape(review.name)}</h3>",
        f"<p>A new client {origin}, billed {model}.</p>",
        _cost_html(review),
        _content_cost_html(review),
        _list("Content", [escape(t) for t in review.content]),
        _list("Starter risks", [escape(t) for t in review.risks]),
        _list(
            "Assessments scheduled",
            [f"{escape(t)} — due {format_day(due)}" for t, due in review.assessments],
        ),
        _list("Advisors with access", [escape(n) for n in review.advisors]),
        _list(
            "Members",
            [
                f"{escape(name)} &lt;{escape(email)}&gt; — {tier.label}"
                for name, email, tier in review.members
            ],
        ),
    ]
    return "".join(parts)


def _money(review: OnboardingReview, amount: Decimal) -> str:
    return format_money(amount, review.currency, review.locale)


def _cost_html(review: OnboardingReview) -> str:
    if not review.currency:
        return "<p><b>Cost per month:</b> no agreement is in force, so no price.</p>"
    if not review.cost_lines:
        return (
            "<p><b>Cost per month: nothing yet</b> — no members; each member is billed from "
            "the day they start.</p>"
        )
    rows = "".join(
        f"<tr><td>{line.tier.label}</td><td align='right'>{line.count} ×</td>"
        f"<td align='right'>{_money(review, line.unit)}</td>"
        f"<td align='right'>{_money(review, line.amount)}</td></tr>"
        for line in review.cost_lines
    )
    return (
        f"<p style='font-size:large'><b>Cost per month: {_money(review, review.monthly_total)}</b>"
        " <span style='color:gray'>(licenses at this month's prices, before tax)</span></p>"
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
    )


def _content_cost_html(review: OnboardingReview) -> str:
    """The template's priced partner content: what the partner's invoice to the client will
    carry for it (billing-rules.md, rules 6–7), at this month's prices, before tax."""
    if not review.content_costs or not review.currency:
        return ""
    rows = "".join(
        f"<tr><td>{escape(title)}</td><td>{'monthly' if mode == 'monthly' else 'one-off'}</td>"
        f"<td align='right'>{_money(review, price)}</td></tr>"
        for title, mode, price in review.content_costs
    )
    return (
        f"<p><b>Partner content: {_money(review, review.content_monthly)} per month"
        f" + {_money(review, review.content_once)} once</b>"
        " <span style='color:gray'>(on the partner's invoice to the client, before tax)</span></p>"
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
    )


def _list(title: str, rows: list[str]) -> str:
    if not rows:
        return f"<p><b>{title}:</b> <i>none</i></p>"
    items = "".join(f"<li>{row}</li>" for row in rows)
    return f"<p style='margin-bottom:0'><b>{title} ({len(rows)})</b></p><ul>{items}</ul>"
