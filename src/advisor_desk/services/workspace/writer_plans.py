"""The file's form of what hangs under content items, templates and clients: an item's
earlier versions, files, provisions and push log; a template's plan and revisions; a
client's risks and assessments. Every list has one documented order (docs/workspace-format.md).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from advisor_desk.domain.money import format_money
from advisor_desk.services.workspace.records import (
    AssessmentRecord,
    ContentRecord,
    FileRecord,
    ProvisionRecord,
    PushRecord,
    RiskRecord,
    TemplateRecord,
    VersionRecord,
    name_order,
)
from advisor_desk.services.workspace.revisions import to_data as revision_data


def content_children(item: ContentRecord, currency: str) -> dict[str, Any]:
    """The item's `versions`, `files`, `provisions` and `pushes`, each in its order."""
    return {
        "versions": _sorted_dicts((_version(v, currency) for v in item.versions), _version_order),
        "files": _sorted_dicts((_file(f) for f in item.files), _file_order),
        "provisions": [
            _provision(p) for p in sorted(item.provisions, key=lambda p: (p.version, p.position))
        ],
        "pushes": _sorted_dicts((_push(p) for p in item.pushes), _push_order),
    }


def template_plan(template: TemplateRecord) -> dict[str, Any]:
    """The template's `risks`, `assessments`, `advisors` and `revisions`."""
    return {
        "risks": risks(template.risks),
        "assessments": _sorted_dicts(
            ({"content": a.content, "due_in_days": a.due_in_days} for a in template.assessments),
            lambda a: (*name_order(a["content"]), a["due_in_days"]),
        ),
        "advisors": sorted(template.advisors, key=name_order),
        "revisions": [
            revision_data(r) for r in sorted(template.revisions, key=lambda r: r.revision)
        ],
    }


def risks(records: Iterable[RiskRecord]) -> list[dict[str, Any]]:
    """By title, then the item's title, then likelihood and impact."""
    return _sorted_dicts(
        (
            {"content": r.content, "title": r.title, "likelihood": r.likelihood, "impact": r.impact}
            for r in records
        ),
        lambda r: (
            *name_order(r["title"]),
            *name_order(r["content"] or ""),
            r["likelihood"],
            r["impact"],
        ),
    )


def client_assessments(records: Iterable[AssessmentRecord]) -> list[dict[str, Any]]:
    """By due date, then the assessment template's title."""
    return _sorted_dicts(
        (
            {"content": a.content, "due": None if a.due is None else a.due.isoformat()}
            for a in records
        ),
        lambda a: (a["due"] or "", *name_order(a["content"])),
    )


def _sorted_dicts(rows: Iterable[dict[str, Any]], key: Any) -> list[dict[str, Any]]:
    # The whole entry last: even twins have one order, whatever order they were read in.
    return sorted(rows, key=lambda row: (key(row), json.dumps(row, sort_keys=True)))


def _time(value: Any) -> str:
    return str(value.isoformat())


def _version(v: VersionRecord, currency: str) -> dict[str, Any]:
    return {
        "version": v.version,
        "title": v.title,
        "description": v.description,
        "tags": list(v.tags),
        "price": None if v.price is None else format_money(v.price, currency),
        "replaced_at": _time(v.replaced_at),
        "replaced_by": v.replaced_by,
    }


def _version_order(v: dict[str, Any]) -> tuple[str, str]:
    return (v["replaced_at"], v["version"])


def _file(f: FileRecord) -> dict[str, Any]:
    return {
        "version": f.version,
        "file_name": f.file_name,
        "media_type": f.media_type,
        "size": f.size,
        "sha256": f.sha256,
        "uploaded_at": _time(f.uploaded_at),
        "data": base64.b64encode(f.data).decode("ascii"),
    }


def _file_order(f: dict[str, Any]) -> tuple[str, str, str, str]:
    return (f["uploaded_at"], f["version"], f["file_name"], f["sha256"])


def _provision(p: ProvisionRecord) -> dict[str, Any]:
    return {
        "version": p.version,
        "position": p.position,
        "kind": p.kind,
        "ref": p.ref,
        "section": p.section,
        "text": p.text,
        "answer_type": p.answer_type,
    }


def _push(p: PushRecord) -> dict[str, Any]:
    return {
        "version": p.version,
        "pushed_by": p.pushed_by,
        "pushed_at": _time(p.pushed_at),
        "clients": p.clients,
        "templates": p.templates,
        "targets": list(p.targets),  # as recorded: clients, then templates, by name
    }


def _push_order(p: dict[str, Any]) -> tuple[str, str]:
    return (p["pushed_at"], p["version"])
