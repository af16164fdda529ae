"""What hangs under content items, templates and clients in a workspace file, as models.

A content item's `versions`, `files`, `provisions` and `pushes`; a template's and a client's
`risks` and `assessments`; a template's saved `revisions`. All are optional in their owner
(files written before they existed stay valid). References to content titles and advisor
emails are checked against the whole file by `references.check_references`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.library.parse import ANSWER_TYPES, MAX_FILE_BYTES, entry_kind
from advisor_desk.services.templates.plan import MAX_DUE_IN_DAYS, SCALE
from advisor_desk.services.workspace.checks import json_kind
from advisor_desk.services.workspace.fields import (
    Bad,
    Count,
    Date,
    Model,
    Name,
    OptionalMoney,
    Time,
    VersionText,
    choice,
    once,
    one_of,
    pair_of,
    plain,
)
from advisor_desk.services.workspace.records import (
    AssessmentRecord,
    FileRecord,
    ProvisionRecord,
    PushRecord,
    RevisionRecord,
    RiskRecord,
    VersionRecord,
)

ENTRY_KINDS = ("provision", "question")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def a_kind(kind: ContentKind) -> str:
    """ "a framework", "an assessment template"."""
    label = kind.label.lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def _scale(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad(f"expected a whole number from 1 to 5, got {json_kind(value)}")
    if value not in SCALE:
        raise Bad(f"{value} is not from 1 to 5")
    return value


def _base64(what: str) -> Any:
    def decode(value: object) -> bytes:
        if not isinstance(value, str):
            raise Bad(f"expected a string, got {json_kind(value)}")
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise Bad(f"is not {what} written in base64") from None

    return plain(decode)


Scale = Annotated[int, plain(_scale)]
FileData = Annotated[bytes, _base64("the file's bytes")]


# Content items -------------------------------------------------------------------------------


class VersionModel(Model):
    RECORD = VersionRecord
    version: VersionText
    title: Name
    description: str
    tags: list[str]
    price: OptionalMoney
    replaced_at: Time
    replaced_by: str


class FileModel(Model):
    RECORD = FileRecord
    version: VersionText
    file_name: Name
    media_type: Name
    size: Count
    sha256: str
    uploaded_at: Time
    data: FileData

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        data, sha256 = self.data, self.sha256
        if len(data) > MAX_FILE_BYTES:
            yield ".data", f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
        if self.size != len(data):
            yield ".size", f"is {self.size}, but the data has {len(data)} bytes"
        if not _SHA256.fullmatch(sha256):
            yield ".sha256", "is not a SHA-256 written as 64 lowercase hex digits"
        elif hashlib.sha256(data).hexdigest() != sha256:
            yield ".sha256", "does not match the data (the file is damaged or altered)"


class ProvisionModel(Model):
    RECORD = ProvisionRecord
    version: VersionText
    position: Count
    kind: Annotated[str, one_of(ENTRY_KINDS)]
    ref: Name
    section: str
    text: Name
    answer_type: str


def entry_problems(kind: ContentKind, entries: list[ProvisionModel]) -> Iterable[tuple[str, str]]:
    """Each provision or question fits its item's kind; a position of a version is used once."""
    expected = entry_kind(kind)
    positions: dict[tuple[str, int], str] = {}
    for index, entry in enumerate(entries):
        where = f".provisions[{index}]"
        if expected is None:
            yield f"{where}.kind", f"{a_kind(kind)} has no provisions or questions"
        elif entry.kind != expected:
            shown = f'"{entry.kind}" does not fit {a_kind(kind)} (it has {expected}s)'
            yield f"{where}.kind", shown
        elif expected == "question" and entry.answer_type not in ANSWER_TYPES:
            shown = f'"{entry.answer_type}" is not one of {", ".join(ANSWER_TYPES)}'
            yield f"{where}.answer_type", shown
        elif expected == "provision" and entry.answer_type:
            yield f"{where}.answer_type", 'a provision has none (write "")'
        if len(entry.ref) > 64:
            yield f"{where}.ref", "is longer than 64 characters"
        what = f'position {entry.position} of version "{entry.version}"'
        yield from once(positions, (entry.version, entry.position), f"{where}.position", what)


class PushModel(Model):
    RECORD = PushRecord
    version: VersionText
    pushed_by: str
    pushed_at: Time
    clients: Count
    templates: Count
    targets: list[str]


# Templates and clients -----------------------------------------------------------------------


class TemplateRiskModel(Model):
    RECORD = RiskRecord
    content: str  # the risk library's title
    title: Name
    likelihood: Scale
    impact: Scale


class TemplateAssessmentModel(Model):
    RECORD = AssessmentRecord
    content: Name
    due_in_days: Count

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if self.due_in_days > MAX_DUE_IN_DAYS:
            yield ".due_in_days", f"{self.due_in_days} is more than {MAX_DUE_IN_DAYS}"


class ClientAssessmentModel(Model):
    RECORD = AssessmentRecord
    content: Name
    due: Date


def _scheduled(title: object, days: object) -> tuple[str, int]:
    if not isinstance(title, str):
        raise Bad([("[0]", f"expected a content title, got {json_kind(title)}")])
    if isinstance(days, bool) or not isinstance(days, int):
        raise Bad([("[1]", f"expected a whole number of days, got {json_kind(days)}")])
    if days < 0:
        raise Bad([("[1]", f"{days} is less than 0")])
    return title, days


class SnapshotModel(Model):
    name: str
    license_tier: Annotated[LicenseTier, choice(LicenseTier)]
    billing_model: Annotated[BillingModel, choice(BillingModel)]
    content: list[str]
    description: str = ""
    risks: list[str] = []
    assessments: list[
        Annotated[tuple[str, int], pair_of("[content title, due in days]", 2, _scheduled)]
    ] = []
    advisors: list[str] = []


class RevisionModel(Model):
    revision: Annotated[int, Field(ge=1)]
    snapshot: SnapshotModel

    def record(self) -> RevisionRecord:
        snap = self.snapshot
        return RevisionRecord(
            self.revision,
            snap.name,
            snap.license_tier,
            snap.billing_model,
            snap.description,
            tuple(snap.content),
            tuple(snap.risks),
            tuple(snap.assessments),
            tuple(snap.advisors),
        )
