"""Exporting what hangs under content items, templates and clients, grouped by owner id.

Rows of a tombstoned owner are never asked for (the owner is not exported); a row pointing
at a tombstoned content item or advisor is left out. A client's risks (its register) are
export_bizdev.py's: they keep their title and lose only the link (`content: null`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import InstrumentedAttribute

from advisor_desk.services.workspace.records import (
    AssessmentRecord,
    FileRecord,
    ProvisionRecord,
    PushRecord,
    RiskRecord,
    VersionRecord,
)
from advisor_desk.services.workspace.revisions import from_store
from advisor_desk.store.models import (
    ClientAssessment,
    ContentFile,
    ContentProvision,
    ContentVersion,
    LibraryPush,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRevision,
    TemplateRisk,
)

# A row of any columns: sqlalchemy 2.1's Row is generic over a TypeVarTuple, so `Row[Any]`
# would be a one-column row.
AnyRow = Row[*tuple[Any, ...]]
Rows = Callable[..., list[AnyRow]]  # _Reader.rows: live rows of the partner
Grouped = defaultdict[str, list[Any]]


def content_children(rows: Rows) -> dict[str, Grouped]:
    """content id → its versions, files, provisions and pushes (records)."""
    out: dict[str, Grouped] = {key: defaultdict(list) for key in _CONTENT_KEYS}
    for r in rows(*_columns(ContentVersion)):
        out["versions"][r.content_id].append(
            VersionRecord(
                version=r.item_version,
                title=r.title,
                replaced_at=r.replaced_at,
                description=r.description,
                tags=tuple(r.tags or ()),
                price=r.price,
                replaced_by=r.replaced_by,
            )
        )
    for r in rows(*_columns(ContentFile)):
        out["files"][r.content_id].append(
            FileRecord(r.item_version, r.file_name, r.media_type, r.sha256, r.data, r.uploaded_at)
        )
    for r in rows(*_columns(ContentProvision)):
        out["provisions"][r.content_id].append(
            ProvisionRecord(
                version=r.item_version,
                position=r.position,
                kind=r.kind,
                ref=r.ref,
                text=r.text,
                section=r.section,
                answer_type=r.answer_type,
            )
        )
    for r in rows(*_columns(LibraryPush)):
        out["pushes"][r.content_id].append(
            PushRecord(
                r.item_version,
                r.pushed_by,
                r.pushed_at,
                r.clients,
                r.templates,
                tuple(r.targets or ()),
            )
        )
    return out


_CONTENT_KEYS = ("versions", "files", "provisions", "pushes")


def template_plans(
    rows: Rows, recorded: Any, titles: dict[str, str], emails: dict[str, str]
) -> dict[str, Grouped]:
    """template id → its risks, assessments, advisor emails and revisions (one per number:
    the last recorded, the one the app shows; ids in it named, those of tombstoned rows
    left out)."""
    out: dict[str, Grouped] = {
        key: defaultdict(list) for key in ("risks", "assessments", "advisors", "revisions")
    }
    for r in rows(*_columns(TemplateRisk)):
        if r.content_id in titles:
            out["risks"][r.template_id].append(
                RiskRecord(r.title, titles[r.content_id], r.likelihood, r.impact)
            )
    for r in rows(*_columns(TemplateAssessment)):
        if r.content_id in titles:
            out["assessments"][r.template_id].append(
                AssessmentRecord(titles[r.content_id], due_in_days=r.due_in_days)
            )
    for template_id, advisor_id in rows(TemplateAdvisor.template_id, TemplateAdvisor.advisor_id):
        if advisor_id in emails:
            out["advisors"][template_id].append(emails[advisor_id])
    latest: dict[tuple[str, int], str] = {}
    for template_id, revision, snapshot in rows(
        TemplateRevision.template_id,
        TemplateRevision.revision,
        TemplateRevision.snapshot_json,
        order=[TemplateRevision.revision, TemplateRevision.updated_at, recorded],
    ):
        latest[(template_id, revision)] = snapshot
    for (template_id, revision), snapshot in latest.items():
        out["revisions"][template_id].append(from_store(revision, snapshot, titles, emails))
    return out


def client_plans(rows: Rows, titles: dict[str, str]) -> dict[str, Grouped]:
    """client id → its scheduled assessments (its risks: export_bizdev's register)."""
    out: dict[str, Grouped] = {"assessments": defaultdict(list)}
    for r in rows(*_columns(ClientAssessment)):
        if r.content_id in titles:
            out["assessments"][r.client_id].append(
                AssessmentRecord(titles[r.content_id], due=r.due)
            )
    return out


def _columns(model: type[Any]) -> list[InstrumentedAttribute[Any]]:
    return [getattr(model, column.key) for column in model.__table__.columns]
