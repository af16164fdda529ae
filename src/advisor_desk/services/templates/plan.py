"""A client template's whole plan: content, starter risks, assessments to schedule, default
advisors — saved in one transaction as a new revision; duplicated; its versions listed.

`services.templates` keeps the template's own fields and content; this module adds the plan
around them. Every save here records a snapshot of the revision it made (`template_versions`);
`templates.edit_template` and workspace imports still bump the revision without one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier, check_entitlement
from advisor_desk.services import validation as check
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.templates.catalogue import (
    TemplateSummary,
    _ensure_unique,
    _live,
    _set_content,
    _summary,
)
from advisor_desk.services.templates.revisions import TemplateVersion, live, record_revision
from advisor_desk.services.templates.revisions import versions as _versions
from advisor_desk.services.uniqueness import free_name
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    Client,
    ClientTemplate,
    ContentItem,
    Partner,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRisk,
)

MAX_DUE_IN_DAYS = 3650
SCALE = range(1, 6)  # likelihood and impact, 1 (rare, minor) to 5 (almost certain, severe)


@dataclass(frozen=True)
class PlannedRisk:
    content_id: str  # the risk-library item it comes from
    title: str
    likelihood: int = 3
    impact: int = 3


@dataclass(frozen=True)
class PlannedAssessment:
    content_id: str  # an assessment template
    due_in_days: int = 30


@dataclass(frozen=True)
class TemplateDraft:
    """Everything the template wizard collects."""

    name: str
    license_tier: LicenseTier
    billing_model: BillingModel
    description: str = ""
    content_ids: tuple[str, ...] = ()
    risks: tuple[PlannedRisk, ...] = ()
    assessments: tuple[PlannedAssessment, ...] = ()
    advisor_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplatePlan:
    template: TemplateSummary
    risks: tuple[PlannedRisk, ...]
    assessments: tuple[PlannedAssessment, ...]
    advisor_ids: tuple[str, ...]

    def draft(self) -> TemplateDraft:
        t = self.template
        return TemplateDraft(
            name=t.name,
            license_tier=t.license_tier,
            billing_model=t.billing_model,
            description=t.description,
            content_ids=t.content_ids,
            risks=self.risks,
            assessments=self.assessments,
            advisor_ids=self.advisor_ids,
        )


def template_name_problem(store: Store, name: str, *, except_id: str = "") -> str:
    """Why `name` cannot name a template ("" if it can): the wizard checks as you type."""
    return run_query(store, template_name_problem_in, name, except_id=except_id)


def save_template(store: Store, draft: TemplateDraft, template_id: str = "") -> TemplatePlan:
    return run_op(store, apply_save_template, draft, template_id).value


def get_template_plan(store: Store, template_id: str) -> TemplatePlan:
    return run_query(store, get_template_plan_in, template_id)


def duplicate_template(store: Store, template_id: str, name: str = "") -> TemplatePlan:
    return run_op(store, apply_duplicate_template, template_id, name).value


def template_versions(store: Store, template_id: str) -> list[TemplateVersion]:
    return run_query(store, template_versions_in, template_id)


def list_template_plans(store: Store, *, include_archived: bool = False) -> list[TemplatePlan]:
    return run_query(store, list_template_plans_in, include_archived=include_archived)


def templates_in_use(store: Store) -> dict[str, int]:
    return run_query(store, templates_in_use_in)


# The operations and queries: the caller's session and partner (`services.ops`).


def template_name_problem_in(
    session: Session, partner: Partner, name: str, *, except_id: str = ""
) -> str:
    try:
        clean = check.required_text(name, "name")
        _ensure_unique(session, partner.id, clean, except_id=except_id)
    except ValidationError as error:
        return error.problems[0][1]
    return ""


def apply_save_template(
    session: Session, partner: Partner, draft: TemplateDraft, template_id: str = ""
) -> TemplatePlan:
    """Create (no id) or edit a template with its whole plan: one transaction, one revision."""
    name = check.required_text(draft.name, "name")
    _ensure_unique(session, partner.id, name, except_id=template_id)
    if template_id:
        row = _live(session, template_id)
        row.revision += 1
    else:
        row = ClientTemplate(partner_id=partner.id, revision=1, members=0)
        session.add(row)
    row.name = name
    row.description = draft.description.strip()
    row.license_tier = draft.license_tier.value
    row.billing_model = draft.billing_model.value
    session.flush()
    problems = _plan_problems(session, row, draft)
    try:
        _set_content(session, row, draft.content_ids)
    except ValidationError as error:
        problems = error.problems + problems
    if problems:
        raise ValidationError(problems)
    _write_plan(session, row, draft)
    record_revision(session, row)
    return _plan(session, row)


def get_template_plan_in(session: Session, partner: Partner, template_id: str) -> TemplatePlan:
    return _plan(session, _live(session, template_id))


def apply_duplicate_template(
    session: Session, partner: Partner, template_id: str, name: str = ""
) -> TemplatePlan:
    """A new template (revision 1) with the same plan, named `name` or "<name> (copy)"."""
    original = get_template_plan_in(session, partner, template_id)
    first = original.template.name
    wanted = name.strip() or free_name(
        f"{first} (copy)",
        lambda candidate: bool(template_name_problem_in(session, partner, candidate)),
        lambda n: f"{first} (copy {n})",
    )
    return apply_save_template(session, partner, replace(original.draft(), name=wanted))


def template_versions_in(
    session: Session, partner: Partner, template_id: str
) -> list[TemplateVersion]:
    _live(session, template_id)
    return _versions(session, template_id)


def _plan_problems(
    session: Session, row: ClientTemplate, draft: TemplateDraft
) -> list[tuple[str, str]]:
    tier = LicenseTier(row.license_tier)
    problems: list[tuple[str, str]] = []
    kinds = _kinds(
        session, [r.content_id for r in draft.risks] + [a.content_id for a in draft.assessments]
    )
    for i, risk in enumerate(draft.risks):
        problems += _item_problems(
            kinds, risk.content_id, ContentKind.RISK_LIBRARY, tier, f"risks[{i}]"
        )
        if not risk.title.strip():
            problems.append((f"risks[{i}].title", "must not be empty"))
        for field in ("likelihood", "impact"):
            if getattr(risk, field) not in SCALE:
                problems.append((f"risks[{i}].{field}", "must be from 1 to 5"))
    for i, assessment in enumerate(draft.assessments):
        where = f"assessments[{i}]"
        problems += _item_problems(
            kinds, assessment.content_id, ContentKind.ASSESSMENT_TEMPLATE, tier, where
        )
        if not 0 <= assessment.due_in_days <= MAX_DUE_IN_DAYS:
            problems.append((f"{where}.due_in_days", f"must be from 0 to {MAX_DUE_IN_DAYS}"))
    advisors = set(
        session.scalars(
            select(Advisor.id).where(Advisor.id.in_(draft.advisor_ids), Advisor.deleted.is_(False))
        )
    )
    problems += [
        ("advisors", f"no advisor with id {a}") for a in draft.advisor_ids if a not in advisors
    ]
    return problems


def _write_plan(session: Session, row: ClientTemplate, draft: TemplateDraft) -> None:
    _replace(
        session,
        row,
        TemplateRisk,
        {(r.content_id, r.title.strip()): r for r in draft.risks},
        lambda r: (r.content_id, r.title),
        lambda key, r: {
            "content_id": key[0],
            "title": key[1],
            "likelihood": r.likelihood,
            "impact": r.impact,
        },
    )
    _replace(
        session,
        row,
        TemplateAssessment,
        {(a.content_id,): a for a in draft.assessments},
        lambda r: (r.content_id,),
        lambda key, a: {"content_id": key[0], "due_in_days": a.due_in_days},
    )
    _replace(
        session,
        row,
        TemplateAdvisor,
        {(a,): a for a in dict.fromkeys(draft.advisor_ids)},
        lambda r: (r.advisor_id,),
        lambda key, _: {"advisor_id": key[0]},
    )


def _replace(
    session: Session,
    row: ClientTemplate,
    model: Any,
    wanted: dict[tuple[str, ...], Any],
    key_of: Any,
    values_of: Any,
) -> None:
    """Make the template's live `model` rows exactly `wanted`: keep, update, tombstone, add."""
    for existing in live(session, model, row.id):
        key = key_of(existing)
        if key not in wanted:
            existing.deleted = True
            continue
        for name, value in values_of(key, wanted.pop(key)).items():
            if getattr(existing, name) != value:
                setattr(existing, name, value)
    for key, item in wanted.items():
        session.add(model(partner_id=row.partner_id, template_id=row.id, **values_of(key, item)))


def _kinds(session: Session, ids: list[str]) -> dict[str, ContentKind]:
    if not ids:
        return {}
    return {
        item_id: ContentKind(kind)
        for item_id, kind in session.execute(
            select(ContentItem.id, ContentItem.kind).where(
                ContentItem.id.in_(set(ids)), ContentItem.deleted.is_(False)
            )
        )
    }


def _item_problems(
    kinds: dict[str, ContentKind], item_id: str, kind: ContentKind, tier: LicenseTier, where: str
) -> list[tuple[str, str]]:
    found = kinds.get(item_id)
    if found is None:
        return [(where, f"no content item with id {item_id}")]
    if found is not kind:
        return [(where, f"is a {found.label.lower()}, not a {kind.label.lower()}")]
    why = check_entitlement(found, [tier])
    return [(where, why)] if why else []


def _plan(session: Session, row: ClientTemplate) -> TemplatePlan:
    session.flush()
    risks = sorted(live(session, TemplateRisk, row.id), key=lambda r: r.title.casefold())
    assessments = sorted(live(session, TemplateAssessment, row.id), key=lambda a: a.due_in_days)
    advisor_ids = sorted(a.advisor_id for a in live(session, TemplateAdvisor, row.id))
    return TemplatePlan(
        template=_summary(session, row),
        risks=tuple(PlannedRisk(r.content_id, r.title, r.likelihood, r.impact) for r in risks),
        assessments=tuple(PlannedAssessment(a.content_id, a.due_in_days) for a in assessments),
        advisor_ids=tuple(advisor_ids),
    )


def list_template_plans_in(
    session: Session, partner: Partner, *, include_archived: bool = False
) -> list[TemplatePlan]:
    """Every template with its plan, by name (the Templates section's list)."""
    query = select(ClientTemplate).where(
        ClientTemplate.partner_id == partner.id,
        ClientTemplate.deleted.is_(False),
    )
    if not include_archived:
        query = query.where(ClientTemplate.archived.is_(False))
    rows = session.scalars(query.order_by(func.casefold(ClientTemplate.name))).all()
    return [_plan(session, row) for row in rows]


def templates_in_use_in(session: Session, partner: Partner) -> dict[str, int]:
    """How many live clients came from each template (id -> count), for the list."""
    rows = session.execute(
        select(Client.template_id, func.count())
        .where(
            Client.partner_id == partner.id,
            Client.deleted.is_(False),
            Client.template_id.is_not(None),
        )
        .group_by(Client.template_id)
    )
    return {template_id: count for template_id, count in rows if template_id is not None}
