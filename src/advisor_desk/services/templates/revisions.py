"""Every saved revision of a client template, kept as a snapshot of what it held.

Clients remember the revision they were onboarded from (`client.template_version`); the
snapshot lets the app show that version's plan after the template has moved on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.store.models import (
    ClientTemplate,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateContent,
    TemplateRevision,
    TemplateRisk,
)


@dataclass(frozen=True)
class TemplateVersion:
    revision: int
    name: str
    license_tier: str
    billing_model: str
    content_ids: tuple[str, ...]
    risks: tuple[str, ...]  # titles
    assessments: tuple[tuple[str, int], ...]  # (content id, due in days)
    advisor_ids: tuple[str, ...]

    @classmethod
    def from_json(cls, revision: int, text: str) -> TemplateVersion:
        data: dict[str, Any] = json.loads(text or "{}")
        return cls(
            revision=revision,
            name=data.get("name", ""),
            license_tier=data.get("license_tier", ""),
            billing_model=data.get("billing_model", ""),
            content_ids=tuple(data.get("content_ids", ())),
            risks=tuple(data.get("risks", ())),
            assessments=tuple((a, int(d)) for a, d in data.get("assessments", ())),
            advisor_ids=tuple(data.get("advisor_ids", ())),
        )


def live(session: Session, model: Any, template_id: str) -> list[Any]:
    """The live rows of one of a template's child tables."""
    return list(
        session.scalars(
            select(model).where(model.template_id == template_id, model.deleted.is_(False))
        )
    )


def record_revision(session: Session, row: ClientTemplate) -> None:
    """Snapshot the template as it is now under its current revision number."""
    session.flush()
    snapshot = {
        "name": row.name,
        "description": row.description,
        "license_tier": row.license_tier,
        "billing_model": row.billing_model,
        "content_ids": sorted(link.content_id for link in live(session, TemplateContent, row.id)),
        "risks": sorted(risk.title for risk in live(session, TemplateRisk, row.id)),
        "assessments": sorted(
            [a.content_id, a.due_in_days] for a in live(session, TemplateAssessment, row.id)
        ),
        "advisor_ids": sorted(a.advisor_id for a in live(session, TemplateAdvisor, row.id)),
    }
    session.add(
        TemplateRevision(
            partner_id=row.partner_id,
            template_id=row.id,
            revision=row.revision,
            snapshot_json=json.dumps(snapshot, sort_keys=True, separators=(",", ":")),
        )
    )


def versions(session: Session, template_id: str) -> list[TemplateVersion]:
    """The template's revisions, oldest first (the last one recorded for each number)."""
    found: dict[int, TemplateVersion] = {}
    for rev in session.scalars(
        select(TemplateRevision)
        .where(TemplateRevision.template_id == template_id, TemplateRevision.deleted.is_(False))
        .order_by(TemplateRevision.revision, TemplateRevision.updated_at)
    ):
        found[rev.revision] = TemplateVersion.from_json(rev.revision, rev.snapshot_json)
    return [found[number] for number in sorted(found)]
