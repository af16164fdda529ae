"""Client templates: one per kind of engagement. Editing makes a new revision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier, check_entitlement
from advisor_desk.services import validation as check
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.uniqueness import ensure_unique
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ClientTemplate, ContentItem, Partner, TemplateContent


@dataclass(frozen=True)
class TemplateSummary:
    id: str
    name: str
    description: str
    license_tier: LicenseTier
    billing_model: BillingModel
    members: int
    revision: int
    archived: bool
    content_ids: tuple[str, ...]


def create_template(store: Store, **fields: Any) -> TemplateSummary:
    return run_op(store, apply_create_template, **fields).value


def edit_template(store: Store, template_id: str, **fields: Any) -> TemplateSummary:
    return run_op(store, apply_edit_template, template_id, **fields).value


def archive_template(store: Store, template_id: str, archived: bool = True) -> TemplateSummary:
    return run_op(store, apply_archive_template, template_id, archived).value


def list_templates(store: Store, *, include_archived: bool = False) -> list[TemplateSummary]:
    return run_query(store, list_templates_in, include_archived=include_archived)


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_create_template(
    session: Session,
    partner: Partner,
    *,
    name: str,
    license_tier: LicenseTier,
    billing_model: BillingModel,
    description: str = "",
    members: int = 0,
    content_ids: tuple[str, ...] = (),
) -> TemplateSummary:
    clean = check.required_text(name, "name")
    _ensure_unique(session, partner.id, clean)
    row = ClientTemplate(
        partner_id=partner.id,
        name=clean,
        description=description.strip(),
        license_tier=license_tier.value,
        billing_model=billing_model.value,
        members=_members(members),
        revision=1,
    )
    session.add(row)
    session.flush()
    _set_content(session, row, content_ids)
    return _summary(session, row)


def apply_edit_template(
    session: Session,
    partner: Partner,
    template_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    license_tier: LicenseTier | None = None,
    billing_model: BillingModel | None = None,
    members: int | None = None,
    content_ids: tuple[str, ...] | None = None,
) -> TemplateSummary:
    """Any edit makes a new revision; clients keep the revision they were onboarded from."""
    row = _live(session, template_id)
    if name is not None:
        clean = check.required_text(name, "name")
        _ensure_unique(session, partner.id, clean, except_id=row.id)
        row.name = clean
    if description is not None:
        row.description = description.strip()
    if license_tier is not None:
        row.license_tier = license_tier.value
    if billing_model is not None:
        row.billing_model = billing_model.value
    if members is not None:
        row.members = _members(members)
    if content_ids is not None:
        _set_content(session, row, content_ids)
    row.revision += 1
    return _summary(session, row)


def apply_archive_template(
    session: Session, partner: Partner, template_id: str, archived: bool = True
) -> TemplateSummary:
    row = _live(session, template_id)
    row.archived = archived
    return _summary(session, row)


def list_templates_in(
    session: Session, partner: Partner, *, include_archived: bool = False
) -> list[TemplateSummary]:
    query = select(ClientTemplate).where(
        ClientTemplate.partner_id == partner.id, ClientTemplate.deleted.is_(False)
    )
    if not include_archived:
        query = query.where(ClientTemplate.archived.is_(False))
    return [_summary(session, r) for r in session.scalars(query.order_by(ClientTemplate.name))]


def _set_content(session: Session, row: ClientTemplate, content_ids: tuple[str, ...]) -> None:
    tier = LicenseTier(row.license_tier)
    wanted: list[ContentItem] = []
    problems = []
    for item_id in dict.fromkeys(content_ids):
        item = session.get(ContentItem, item_id)
        if item is None or item.deleted:
            problems.append(("content", f"no content item with id {item_id}"))
            continue
        why = check_entitlement(ContentKind(item.kind), [tier])
        if why:
            problems.append(("content", f"{item.title}: {why}"))
        wanted.append(item)
    if problems:
        raise ValidationError(problems)
    current = {
        link.content_id: link
        for link in session.scalars(
            select(TemplateContent).where(
                TemplateContent.template_id == row.id, TemplateContent.deleted.is_(False)
            )
        )
    }
    wanted_ids = {item.id for item in wanted}
    for content_id, link in current.items():
        if content_id not in wanted_ids:
            link.deleted = True
    for item in wanted:
        if item.id not in current:
            session.add(
                TemplateContent(partner_id=row.partner_id, template_id=row.id, content_id=item.id)
            )
    session.flush()


def _members(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError([("members", f"{value!r} is not a number of members")])
    return value


def _ensure_unique(session: Session, partner_id: str, name: str, *, except_id: str = "") -> None:
    ensure_unique(
        session,
        ClientTemplate.name,
        partner_id,
        name,
        field="name",
        message="a template named",
        except_id=except_id,
    )


def _live(session: Session, template_id: str) -> ClientTemplate:
    row = session.get(ClientTemplate, template_id)
    if row is None or row.deleted:
        raise NotFoundError(f"no template with id {template_id}")
    return row


def _summary(session: Session, row: ClientTemplate) -> TemplateSummary:
    content = tuple(
        session.scalars(
            select(TemplateContent.content_id).where(
                TemplateContent.template_id == row.id, TemplateContent.deleted.is_(False)
            )
        )
    )
    return TemplateSummary(
        id=row.id,
        name=row.name,
        description=row.description,
        license_tier=LicenseTier(row.license_tier),
        billing_model=BillingModel(row.billing_model),
        members=row.members,
        revision=row.revision,
        archived=row.archived,
        content_ids=content,
    )
