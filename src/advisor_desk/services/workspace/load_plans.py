"""Queueing the rows under a new content item, template or client, as the services make them.

An item's earlier versions (`content_version`), files, provisions and push log; a template's
risks, assessments, default advisors and revision snapshots (the JSON text written as
`template_revisions.record_revision` writes it, names turned into ids); a client's risks and
assessments. Names in the records are resolved to row ids by the caller's maps (folded name
→ id).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace.bulk import BulkWriter
from advisor_desk.services.workspace.models_plans import a_kind
from advisor_desk.services.workspace.records import (
    ClientRecord,
    ContentRecord,
    TemplateRecord,
    Workspace,
    fold,
)
from advisor_desk.services.workspace.revisions import to_store
from advisor_desk.store.models import (
    ClientAssessment,
    ContentFile,
    ContentItem,
    ContentProvision,
    ContentVersion,
    LibraryPush,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRevision,
    TemplateRisk,
)


def add_content_children(writer: BulkWriter, content_id: str, item: ContentRecord) -> None:
    for v in item.versions:
        writer.add(
            ContentVersion,
            content_id=content_id,
            item_version=v.version,
            title=v.title,
            description=v.description,
            tags=list(v.tags),
            price=v.price,
            replaced_at=v.replaced_at,
            replaced_by=v.replaced_by,
        )
    for f in item.files:
        writer.add(
            ContentFile,
            content_id=content_id,
            item_version=f.version,
            file_name=f.file_name,
            media_type=f.media_type,
            size=f.size,
            sha256=f.sha256,
            data=f.data,
            uploaded_at=f.uploaded_at,
        )
    for p in item.provisions:
        writer.add(
            ContentProvision,
            content_id=content_id,
            item_version=p.version,
            position=p.position,
            kind=p.kind,
            ref=p.ref,
            section=p.section,
            text=p.text,
            answer_type=p.answer_type,
        )
    for push in item.pushes:
        writer.add(
            LibraryPush,
            content_id=content_id,
            item_version=push.version,
            pushed_by=push.pushed_by,
            pushed_at=push.pushed_at,
            clients=push.clients,
            templates=push.templates,
            targets=list(push.targets),
        )


def add_template_plan(
    writer: BulkWriter,
    template_id: str,
    template: TemplateRecord,
    content: dict[str, str],
    advisors: dict[str, str],
) -> None:
    for risk in template.risks:
        writer.add(
            TemplateRisk,
            template_id=template_id,
            content_id=content[fold(risk.content or "")],
            title=risk.title,
            likelihood=risk.likelihood,
            impact=risk.impact,
        )
    for assessment in template.assessments:
        writer.add(
            TemplateAssessment,
            template_id=template_id,
            content_id=content[fold(assessment.content)],
            due_in_days=assessment.due_in_days,
        )
    for email in template.advisors:
        writer.add(TemplateAdvisor, template_id=template_id, advisor_id=advisors[fold(email)])
    for revision in template.revisions:
        writer.add(
            TemplateRevision,
            template_id=template_id,
            revision=revision.revision,
            snapshot_json=to_store(revision, content, advisors),
        )


def add_client_plan(
    writer: BulkWriter, client_id: str, client: ClientRecord, content: dict[str, str]
) -> None:
    """A client's scheduled assessments (its register: load_bizdev's `add_register`)."""
    for assessment in client.assessments:
        writer.add(
            ClientAssessment,
            client_id=client_id,
            content_id=content[fold(assessment.content)],
            due=assessment.due,
        )


_WANTED = {"risks": ContentKind.RISK_LIBRARY, "assessments": ContentKind.ASSESSMENT_TEMPLATE}


def check_store_kinds(
    session: Session,
    workspace: Workspace,
    existing: dict[str, str],
    new_templates: set[str],
    new_clients: set[str],
    added: tuple[set[str], set[int]] = (set(), set()),
) -> None:
    """When merging, a title a new template's plan, a new client's assessment, an added
    review's library or an added assessment names may be the store's own item (the file's
    was skipped): it must be of the right kind there too.

    `existing` maps the folded titles of the store's items (before the merge) to their ids.
    """
    wanted: list[tuple[str, str, ContentKind]] = []  # (place, folded title, kind)

    def collect(owner: str, index: int, key: str, titles: Iterable[str]) -> None:
        for i, title in enumerate(titles):
            if fold(title) in existing:
                wanted.append((f"{owner}[{index}].{key}[{i}].content", fold(title), _WANTED[key]))

    for index, template in enumerate(workspace.templates):
        if fold(template.name) in new_templates:
            collect("templates", index, "risks", (r.content or "" for r in template.risks))
            collect("templates", index, "assessments", (a.content for a in template.assessments))
    for index, client in enumerate(workspace.clients):
        if fold(client.name) in new_clients:
            collect("clients", index, "assessments", (a.content for a in client.assessments))
    reviews, sent = added  # the reviews (folded keys) and assessments (indexes) being added
    for index, review in enumerate(workspace.reviews):
        if fold(review.key) in reviews:
            for i, chosen in enumerate(review.libraries):
                if fold(chosen.content) in existing:
                    place = f"reviews[{index}].libraries[{i}].content"
                    wanted.append((place, fold(chosen.content), ContentKind.RISK_LIBRARY))
    for index, assessment in enumerate(workspace.assessments):
        if index in sent and fold(assessment.content) in existing:
            place = f"assessments[{index}].content"
            wanted.append((place, fold(assessment.content), ContentKind.ASSESSMENT_TEMPLATE))
    if not wanted:
        return
    ids = {existing[title] for _, title, _ in wanted}
    kinds: dict[str, str] = {
        item_id: kind
        for item_id, kind in session.execute(
            select(ContentItem.id, ContentItem.kind).where(ContentItem.id.in_(ids))
        )
    }
    problems = []
    for place, title, kind in wanted:
        found = ContentKind(kinds[existing[title]])
        if found is not kind:
            problems.append((place, f"this store's item is {a_kind(found)}, not {a_kind(kind)}"))
    if problems:
        raise ValidationError(problems)
