"""The partner's templates as onboarding reads them: each with its content, starter risks,
assessments and default advisors, read in a few queries for a whole import."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.store.models import (
    Advisor,
    ClientTemplate,
    ContentItem,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRisk,
)
from advisor_desk.store.models import TemplateContent as TemplateLink


@dataclass(frozen=True)
class TemplateRecipe:
    """A template as onboarding uses it: its fields and its whole plan, read once."""

    id: str
    name: str
    license_tier: LicenseTier
    billing_model: BillingModel
    revision: int
    archived: bool
    content_ids: tuple[str, ...]
    risks: tuple[tuple[str, str, int, int], ...] = ()  # (content id, title, likelihood, impact)
    assessments: tuple[tuple[str, int], ...] = ()  # (content id, due in days)
    advisor_ids: tuple[str, ...] = ()


def templates_by_name(session: Session, partner_id: str) -> dict[str, TemplateRecipe]:
    """The live templates by name (case-insensitive), with their live content."""
    content: dict[str, list[str]] = {}
    for template_id, content_id in session.execute(
        select(TemplateLink.template_id, TemplateLink.content_id)
        .join(ContentItem, ContentItem.id == TemplateLink.content_id)
        .where(
            TemplateLink.partner_id == partner_id,
            TemplateLink.deleted.is_(False),
            ContentItem.deleted.is_(False),
        )
    ):
        content.setdefault(template_id, []).append(content_id)
    plans = _template_plans(session, partner_id)
    return {
        row.name.casefold(): TemplateRecipe(
            id=row.id,
            name=row.name,
            license_tier=LicenseTier(row.license_tier),
            billing_model=BillingModel(row.billing_model),
            revision=row.revision,
            archived=row.archived,
            content_ids=tuple(content.get(row.id, ())),
            risks=tuple(sorted(plans[0].get(row.id, ()))),
            assessments=tuple(sorted(plans[1].get(row.id, ()))),
            advisor_ids=tuple(sorted(plans[2].get(row.id, ()))),
        )
        for row in session.scalars(
            select(ClientTemplate).where(
                ClientTemplate.partner_id == partner_id, ClientTemplate.deleted.is_(False)
            )
        )
    }


_Risk = tuple[str, str, int, int]


def _template_plans(
    session: Session, partner_id: str
) -> tuple[dict[str, list[_Risk]], dict[str, list[tuple[str, int]]], dict[str, list[str]]]:
    """Each template's live risks, assessments and advisors (by template id)."""
    risks: dict[str, list[_Risk]] = {}
    for template_id, content_id, title, likelihood, impact in session.execute(
        select(
            TemplateRisk.template_id,
            TemplateRisk.content_id,
            TemplateRisk.title,
            TemplateRisk.likelihood,
            TemplateRisk.impact,
        ).where(TemplateRisk.partner_id == partner_id, TemplateRisk.deleted.is_(False))
    ):
        risks.setdefault(template_id, []).append((content_id, title, likelihood, impact))
    assessments: dict[str, list[tuple[str, int]]] = {}
    for template_id, content_id, days in session.execute(
        select(
            TemplateAssessment.template_id,
            TemplateAssessment.content_id,
            TemplateAssessment.due_in_days,
        ).where(TemplateAssessment.partner_id == partner_id, TemplateAssessment.deleted.is_(False))
    ):
        assessments.setdefault(template_id, []).append((content_id, days))
    advisors: dict[str, list[str]] = {}
    for template_id, advisor_id in session.execute(
        select(TemplateAdvisor.template_id, TemplateAdvisor.advisor_id)
        .join(Advisor, Advisor.id == TemplateAdvisor.advisor_id)
        .where(
            TemplateAdvisor.partner_id == partner_id,
            TemplateAdvisor.deleted.is_(False),
            Advisor.deleted.is_(False),
        )
    ):
        advisors.setdefault(template_id, []).append(advisor_id)
    return risks, assessments, advisors
