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
from advisor_desk.services.workspace.checks import MISSING, Checker, at, json_kind
from advisor_desk.services.workspace.records import RevisionRecord, fold, name_order

SNAPSHOT_KEYS = ("name", "license_tier", "billing_model", "content")
SNAPSHOT_OPTIONAL = ("description", "risks", "assessments", "advisors")
PAIR = "[content title, due in days]"


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


def read_revision(ck: Checker, value: object, path: str) -> RevisionRecord | None:
    """A revision of the file as a record, or None (problems recorded at their paths)."""
    row = ck.obj(value, path, ("revision", "snapshot"))
    if row is None:
        return None
    mark = ck.mark()
    number = ck.integer(row, "revision", path, minimum=1, default=1)
    where = at(path, "snapshot")
    snapshot = ck.obj(row.get("snapshot", MISSING), where, SNAPSHOT_KEYS, SNAPSHOT_OPTIONAL)
    if snapshot is None:
        return None
    record = RevisionRecord(
        revision=number,
        name=ck.text(snapshot, "name", where),
        license_tier=ck.choice(
            LicenseTier, snapshot.get("license_tier", MISSING), at(where, "license_tier")
        ),
        billing_model=ck.choice(
            BillingModel, snapshot.get("billing_model", MISSING), at(where, "billing_model")
        ),
        description=ck.text(snapshot, "description", where),
        content=ck.strings(snapshot, "content", where),
        risks=ck.strings(snapshot, "risks", where),
        assessments=_assessments(ck, snapshot, where),
        advisors=ck.strings(snapshot, "advisors", where),
    )
    return record if ck.clean_since(mark) else None


def _assessments(ck: Checker, snapshot: dict[str, Any], path: str) -> tuple[tuple[str, int], ...]:
    out = []
    list_path = at(path, "assessments")
    for index, value in enumerate(ck.items(snapshot, "assessments", path)):
        where = at(list_path, index)
        pair = ck.tuple_of(value, where, 2, PAIR)
        if pair is None:
            continue
        title, days = pair
        if not isinstance(title, str):
            ck.add(at(where, 0), f"expected a content title, got {json_kind(title)}")
        elif isinstance(days, bool) or not isinstance(days, int):
            ck.add(at(where, 1), f"expected a whole number of days, got {json_kind(days)}")
        elif days < 0:
            ck.add(at(where, 1), f"{days} is less than 0")
        else:
            out.append((title, days))
    return tuple(out)


def check_revision_references(
    ck: Checker, templates: list[Any], titles: set[str], emails: set[str]
) -> None:
    """Every title and email a revision's snapshot names is in the file (`titles` and
    `emails` folded). Kinds are not checked: a snapshot is history, not a plan to run."""
    for index, template in enumerate(templates):
        revisions = template.get("revisions") if isinstance(template, dict) else None
        for r, revision in enumerate(revisions if isinstance(revisions, list) else []):
            snapshot = revision.get("snapshot") if isinstance(revision, dict) else None
            if not isinstance(snapshot, dict):
                continue
            path = f"templates[{index}].revisions[{r}].snapshot"
            for i, title in _listed(snapshot, "content"):
                _check(ck, titles, title, f"{path}.content[{i}]", "content titled")
            for i, pair in _listed(snapshot, "assessments"):
                title = pair[0] if isinstance(pair, list) and pair else None
                _check(ck, titles, title, f"{path}.assessments[{i}][0]", "content titled")
            for i, email in _listed(snapshot, "advisors"):
                _check(ck, emails, email, f"{path}.advisors[{i}]", "advisor")


def _listed(snapshot: dict[str, Any], key: str) -> Iterable[tuple[int, Any]]:
    value = snapshot.get(key)
    return enumerate(value) if isinstance(value, list) else ()


def _check(ck: Checker, known: set[str], name: object, place: str, what: str) -> None:
    if isinstance(name, str) and fold(name) not in known:
        ck.add(place, f'no {what} "{name}" in this file')
