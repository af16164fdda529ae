"""A template revision's snapshot in its three forms: the store's, the records', the file's.

The store keeps each snapshot as `template_revisions.record_revision` writes it: compact JSON
with sorted keys, naming content items and advisors by row id (`content_ids`, `assessments` as
`[content id, due in days]`, `advisor_ids`). Row ids mean nothing in another store, so the
file names them as it does everywhere else: content by title, advisors by email. Export turns
ids into names (ids of rows no longer live are left out: nothing can name them); import turns
names back into the new store's ids and writes the JSON exactly as `record_revision` does, so
the app reads an imported revision like one it recorded itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.workspace.records import RevisionRecord, fold, name_order

# The store's form ----------------------------------------------------------------------------


def from_store(
    revision: int, text: str, titles: Mapping[str, str], emails: Mapping[str, str]
) -> RevisionRecord:
    """A stored snapshot with its ids named (`titles`: live content id → title, `emails`:
    live advisor id → email); ids not in them (tombstoned or gone rows) are left out."""
    data: dict[str, Any] = json.loads(text or "{}")
    return RevisionRecord(
        revision=revision,
        name=str(data.get("name", "")),
        license_tier=LicenseTier(data.get("license_tier", LicenseTier.FREE.value)),
        billing_model=BillingModel(data.get("billing_model", BillingModel.RESELLER.value)),
        description=str(data.get("description", "")),
        content=tuple(titles[i] for i in data.get("content_ids", ()) if i in titles),
        risks=tuple(str(title) for title in data.get("risks", ())),
        assessments=tuple(
            (titles[i], int(days)) for i, days in data.get("assessments", ()) if i in titles
        ),
        advisors=tuple(emails[i] for i in data.get("advisor_ids", ()) if i in emails),
    )


def to_store(
    record: RevisionRecord, content: Mapping[str, str], advisors: Mapping[str, str]
) -> str:
    """The snapshot's JSON text as `record_revision` writes it, names resolved to ids by the
    maps (folded title / email → id; every name is in them once the file is validated)."""
    snapshot = {
        "name": record.name,
        "description": record.description,
        "license_tier": record.license_tier.value,
        "billing_model": record.billing_model.value,
        "content_ids": sorted(content[fold(title)] for title in record.content),
        "risks": sorted(record.risks),
        "assessments": sorted([content[fold(title)], days] for title, days in record.assessments),
        "advisor_ids": sorted(advisors[fold(email)] for email in record.advisors),
    }
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"))


# The file's form -----------------------------------------------------------------------------


def to_data(record: RevisionRecord) -> dict[str, Any]:
    """`{"revision", "snapshot"}` with the snapshot's keys in a fixed order, lists sorted."""
    return {
        "revision": record.revision,
        "snapshot": {
            "name": record.name,
            "description": record.description,
            "license_tier": record.license_tier.value,
            "billing_model": record.billing_model.value,
            "content": _names(record.content),
            "risks": _names(record.risks),
            "assessments": [
                [title, days]
                for title, days in sorted(
                    record.assessments, key=lambda a: (*name_order(a[0]), a[1])
                )
            ],
            "advisors": _names(record.advisors),
        },
    }


def _names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=name_order)
