"""Reading a workspace file: the whole file is checked, every problem reported with its path.

`read_workspace_file` (bytes) and `validate_workspace` (an already-parsed JSON value) either
return a complete, consistent `Workspace` or raise one ValidationError listing every problem,
e.g. `clients[3].members[0].licenses[1]: overlaps the interval before it`. Each record is
read by its pydantic model (models*.py), so one broken record does not hide the next; then
the rules between records (references.py, validate_issued.py) run on the whole file.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace.checks import Checker, at, json_kind
from advisor_desk.services.workspace.fields import Model, read
from advisor_desk.services.workspace.models import (
    AdvisorModel,
    ContentModel,
    PartnerModel,
    TemplateModel,
)
from advisor_desk.services.workspace.models_bizdev import (
    ProspectModel,
    ReviewModel,
    SentAssessmentModel,
)
from advisor_desk.services.workspace.models_clients import ClientModel
from advisor_desk.services.workspace.models_documents import DocumentModel, SeriesModel
from advisor_desk.services.workspace.records import FORMAT, VERSION, PartnerRecord, Workspace
from advisor_desk.services.workspace.references import check_references
from advisor_desk.services.workspace.references_bizdev import check_bizdev
from advisor_desk.services.workspace.validate_issued import check_documents

M = TypeVar("M", bound=Model)
TOP_KEYS = ("format", "version", "partner", "advisors", "clients", "content", "templates")
REQUIRED = (*TOP_KEYS, "documents")
OPTIONAL = ("number_series", "prospects", "reviews", "assessments")


def read_workspace_file(data: bytes, *, source: str = "workspace.json") -> Workspace:
    """Decode and validate a workspace file's bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError([(source, f"is not UTF-8 text (byte {error.start + 1})")]) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        place = f"{source} line {error.lineno} column {error.colno}"
        raise ValidationError([(place, f"not valid JSON: {error.msg}")]) from None
    return validate_workspace(value, source=source)


def validate_workspace(value: object, *, source: str = "workspace.json") -> Workspace:
    """A Workspace from a parsed JSON value, or ValidationError with every problem."""
    ck = Checker(root=source)
    if not isinstance(value, dict):
        raise ValidationError([(source, f"expected an object, got {json_kind(value)}")])
    data: dict[str, Any] = value
    ck.problems += [(source, f'missing key "{key}"') for key in REQUIRED if key not in data]
    ck.problems += [(key, "unknown key") for key in data if key not in (*REQUIRED, *OPTIONAL)]
    if data.get("format") != FORMAT:
        ck.add("format", f'expected "{FORMAT}"; this is not an Advisor Desk workspace file')
        raise ValidationError(ck.problems)
    if data.get("version") != VERSION:
        ck.add("version", f"this Advisor Desk reads version {VERSION}, not {data.get('version')!r}")
        raise ValidationError(ck.problems)
    partner = read(PartnerModel, data["partner"], "partner", ck, {}) if "partner" in data else None
    partner_record = partner.record() if partner is not None else PartnerRecord(name="")
    documents = [
        (path, doc.record()) for path, doc in _placed(ck, data, "documents", DocumentModel)
    ]
    currency = partner_record.currency
    workspace = Workspace(
        partner=partner_record,
        advisors=_records(ck, data, "advisors", AdvisorModel),
        clients=_records(ck, data, "clients", ClientModel),
        content=_records(ck, data, "content", ContentModel, currency),
        templates=_records(ck, data, "templates", TemplateModel),
        documents=tuple(doc for _, doc in documents),
        number_series=_records(ck, data, "number_series", SeriesModel),
        prospects=_records(ck, data, "prospects", ProspectModel),
        reviews=_records(ck, data, "reviews", ReviewModel),
        assessments=_records(ck, data, "assessments", SentAssessmentModel),
    )
    check_references(ck, data)
    check_bizdev(ck, data)
    check_documents(ck, documents, workspace.number_series)
    if ck.problems:
        raise ValidationError(ck.problems)
    return workspace


def _placed(
    ck: Checker, data: dict[str, Any], key: str, model: type[M], currency: str | None = None
) -> list[tuple[str, M]]:
    """The valid records of the list at `key`, each with its JSON path."""
    items = data.get(key, [])
    if not isinstance(items, list):
        ck.add(key, f"expected a list, got {json_kind(items)}")
        return []
    placed = []
    for index, item in enumerate(items):
        path = at(key, index)
        context = {} if currency is None else {"currency": currency}
        record = read(model, item, path, ck, context)
        if record is not None:
            placed.append((path, record))
    return placed


def _records(
    ck: Checker, data: dict[str, Any], key: str, model: type[M], currency: str | None = None
) -> tuple[Any, ...]:
    return tuple(record.record() for _, record in _placed(ck, data, key, model, currency))
