"""Validating what hangs under content items, templates and clients in a workspace file.

A content item's `versions`, `files`, `provisions` and `pushes`; a template's `risks`,
`assessments`, `advisors` and `revisions`; a client's `risks` and `assessments`. All are
optional (files written before they existed stay valid). References to content titles and
advisor emails are checked against the whole file by `check_plan_references`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any, TypeVar

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.library.parse import ANSWER_TYPES, MAX_FILE_BYTES, entry_kind
from advisor_desk.services.templates.plan import MAX_DUE_IN_DAYS, SCALE
from advisor_desk.services.workspace.checks import MISSING, Checker, at, json_kind
from advisor_desk.services.workspace.records import (
    AssessmentRecord,
    FileRecord,
    ProvisionRecord,
    PushRecord,
    RevisionRecord,
    RiskRecord,
    VersionRecord,
    fold,
)
from advisor_desk.services.workspace.revisions import check_revision_references, read_revision

R = TypeVar("R")
CONTENT_CHILDREN = ("versions", "files", "provisions", "pushes")
TEMPLATE_PLAN = ("risks", "assessments", "advisors", "revisions")
CLIENT_PLAN = ("risks", "assessments")
VERSION_KEYS = ("version", "title", "description", "tags", "price", "replaced_at", "replaced_by")
FILE_KEYS = ("version", "file_name", "media_type", "size", "sha256", "uploaded_at", "data")
PROVISION_KEYS = ("version", "position", "kind", "ref", "section", "text", "answer_type")
PUSH_KEYS = ("version", "pushed_by", "pushed_at", "clients", "templates", "targets")
RISK_KEYS = ("content", "title", "likelihood", "impact")
ENTRY_KINDS = ("provision", "question")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NO_TIME = dt.datetime(1970, 1, 1)


def _each(
    ck: Checker, data: dict[str, Any], key: str, path: str, read: Callable[[object, str], R | None]
) -> tuple[R, ...]:
    list_path = at(path, key)
    records = (read(v, at(list_path, i)) for i, v in enumerate(ck.items(data, key, path)))
    return tuple(record for record in records if record is not None)


def _time(ck: Checker, data: dict[str, Any], key: str, path: str) -> dt.datetime:
    value = data.get(key, MISSING)
    if value is MISSING:
        return _NO_TIME  # reported as a missing key
    if value is None:
        ck.add(at(path, key), "expected a time written YYYY-MM-DDTHH:MM:SS, got null")
        return _NO_TIME
    return ck.timestamp(value, at(path, key)) or _NO_TIME


def _version_text(ck: Checker, data: dict[str, Any], path: str) -> str:
    version = ck.text(data, "version", path)
    if len(version) > 32:
        ck.add(at(path, "version"), "is longer than 32 characters")
    return version


def _scale(ck: Checker, data: dict[str, Any], key: str, path: str) -> int:
    value = data.get(key, MISSING)
    if value is MISSING:
        return 3
    if isinstance(value, bool) or not isinstance(value, int):
        ck.add(at(path, key), f"expected a whole number from 1 to 5, got {json_kind(value)}")
        return 3
    if value not in SCALE:
        ck.add(at(path, key), f"{value} is not from 1 to 5")
    return value


def a_kind(kind: ContentKind) -> str:
    """ "a framework", "an assessment template"."""
    label = kind.label.lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def _once(ck: Checker, seen: dict[Any, str], key: Any, path: str, what: str) -> None:
    """Report `path` when `key` was already seen (at the path kept for it)."""
    earlier = seen.setdefault(key, path)
    if earlier != path:
        ck.add(path, f"{what} is already at {earlier}")


# Content items -------------------------------------------------------------------------------


def content_children(
    ck: Checker, data: dict[str, Any], path: str, currency: str, kind: ContentKind | None
) -> dict[str, tuple[Any, ...]]:
    """The item's `versions`, `files`, `provisions` and `pushes` as records (`kind` None:
    the item's own kind is wrong, so its entries' kinds are not checked against it)."""
    positions: dict[tuple[str, int], str] = {}

    def version(value: object, where: str) -> VersionRecord | None:
        row = ck.obj(value, where, VERSION_KEYS)
        if row is None:
            return None
        return VersionRecord(
            version=_version_text(ck, row, where),
            title=ck.text(row, "title", where, empty=False),
            replaced_at=_time(ck, row, "replaced_at", where),
            description=ck.text(row, "description", where),
            tags=ck.strings(row, "tags", where),
            price=ck.optional_money(row.get("price", MISSING), currency, at(where, "price")),
            replaced_by=ck.text(row, "replaced_by", where),
        )

    def provision(value: object, where: str) -> ProvisionRecord | None:
        row = ck.obj(value, where, PROVISION_KEYS)
        if row is None:
            return None
        mark = ck.mark()
        record = ProvisionRecord(
            version=_version_text(ck, row, where),
            position=ck.integer(row, "position", where),
            kind=ck.one_of(row.get("kind", MISSING), at(where, "kind"), ENTRY_KINDS),
            ref=ck.text(row, "ref", where, empty=False),
            text=ck.text(row, "text", where, empty=False),
            section=ck.text(row, "section", where),
            answer_type=ck.text(row, "answer_type", where),
        )
        if not ck.clean_since(mark):
            return None
        if kind is not None:
            _check_entry(ck, record, kind, where)
        key = (record.version, record.position)
        what = f'position {record.position} of version "{record.version}"'
        _once(ck, positions, key, at(where, "position"), what)
        return record

    def push(value: object, where: str) -> PushRecord | None:
        row = ck.obj(value, where, PUSH_KEYS)
        if row is None:
            return None
        return PushRecord(
            version=_version_text(ck, row, where),
            pushed_by=ck.text(row, "pushed_by", where),
            pushed_at=_time(ck, row, "pushed_at", where),
            clients=ck.integer(row, "clients", where),
            templates=ck.integer(row, "templates", where),
            targets=ck.strings(row, "targets", where),
        )

    return {
        "versions": _each(ck, data, "versions", path, version),
        "files": _each(ck, data, "files", path, lambda v, p: _file(ck, v, p)),
        "provisions": _each(ck, data, "provisions", path, provision),
        "pushes": _each(ck, data, "pushes", path, push),
    }


def _check_entry(ck: Checker, record: ProvisionRecord, kind: ContentKind, path: str) -> None:
    expected = entry_kind(kind)
    if expected is None:
        ck.add(at(path, "kind"), f"{a_kind(kind)} has no provisions or questions")
    elif record.kind != expected:
        ck.add(
            at(path, "kind"), f'"{record.kind}" does not fit {a_kind(kind)} (it has {expected}s)'
        )
    elif expected == "question" and record.answer_type not in ANSWER_TYPES:
        shown = f'"{record.answer_type}" is not one of {", ".join(ANSWER_TYPES)}'
        ck.add(at(path, "answer_type"), shown)
    elif expected == "provision" and record.answer_type:
        ck.add(at(path, "answer_type"), 'a provision has none (write "")')
    if len(record.ref) > 64:
        ck.add(at(path, "ref"), "is longer than 64 characters")


def _file(ck: Checker, value: object, path: str) -> FileRecord | None:
    row = ck.obj(value, path, FILE_KEYS)
    if row is None:
        return None
    mark = ck.mark()
    size = ck.integer(row, "size", path)
    sha256 = ck.text(row, "sha256", path)
    data = b""
    try:
        data = base64.b64decode(ck.text(row, "data", path), validate=True)
    except binascii.Error:
        ck.add(at(path, "data"), "is not the file's bytes written in base64")
    record = FileRecord(
        version=_version_text(ck, row, path),
        file_name=ck.text(row, "file_name", path, empty=False),
        media_type=ck.text(row, "media_type", path, empty=False),
        sha256=sha256,
        data=data,
        uploaded_at=_time(ck, row, "uploaded_at", path),
    )
    if not ck.clean_since(mark):
        return None
    if len(data) > MAX_FILE_BYTES:
        ck.add(at(path, "data"), f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if size != len(data):
        ck.add(at(path, "size"), f"is {size}, but the data has {len(data)} bytes")
    if not _SHA256.fullmatch(sha256):
        ck.add(at(path, "sha256"), "is not a SHA-256 written as 64 lowercase hex digits")
    elif hashlib.sha256(data).hexdigest() != sha256:
        ck.add(at(path, "sha256"), "does not match the data (the file is damaged or altered)")
    return record if ck.clean_since(mark) else None


# Templates and clients -----------------------------------------------------------------------


def _risk(ck: Checker, value: object, path: str, *, linked: bool) -> RiskRecord | None:
    row = ck.obj(value, path, RISK_KEYS)
    if row is None:
        return None
    mark = ck.mark()
    content = ck.text(row, "content", path) if linked else ck.optional_text(row, "content", path)
    record = RiskRecord(
        title=ck.text(row, "title", path, empty=False),
        content=content,
        likelihood=_scale(ck, row, "likelihood", path),
        impact=_scale(ck, row, "impact", path),
    )
    return record if ck.clean_since(mark) else None


def template_plan(ck: Checker, data: dict[str, Any], path: str) -> dict[str, tuple[Any, ...]]:
    """The template's `risks`, `assessments`, `advisors` (emails) and `revisions`."""
    seen: dict[Any, str] = {}

    def risk(value: object, where: str) -> RiskRecord | None:
        record = _risk(ck, value, where, linked=True)
        if record is not None:
            key = ("risk", fold(record.content or ""), record.title.strip())
            _once(ck, seen, key, where, f'the risk "{record.title}" of "{record.content}"')
        return record

    def assessment(value: object, where: str) -> AssessmentRecord | None:
        row = ck.obj(value, where, ("content", "due_in_days"))
        if row is None:
            return None
        mark = ck.mark()
        content = ck.text(row, "content", where, empty=False)
        days = ck.integer(row, "due_in_days", where)
        if days > MAX_DUE_IN_DAYS:
            ck.add(at(where, "due_in_days"), f"{days} is more than {MAX_DUE_IN_DAYS}")
        if not ck.clean_since(mark):
            return None
        _once(ck, seen, ("assessment", fold(content)), where, f'"{content}"')
        return AssessmentRecord(content, due_in_days=days)

    def revision(value: object, where: str) -> RevisionRecord | None:
        record = read_revision(ck, value, where)
        if record is not None:
            number = record.revision
            _once(ck, seen, ("revision", number), at(where, "revision"), f"revision {number}")
        return record

    advisors = ck.strings(data, "advisors", path)
    for index, email in enumerate(advisors):
        _once(ck, seen, ("advisor", fold(email)), at(at(path, "advisors"), index), f'"{email}"')
    return {
        "risks": _each(ck, data, "risks", path, risk),
        "assessments": _each(ck, data, "assessments", path, assessment),
        "advisors": advisors,
        "revisions": _each(ck, data, "revisions", path, revision),
    }


def client_plan(ck: Checker, data: dict[str, Any], path: str) -> dict[str, tuple[Any, ...]]:
    """The client's `risks` (content title or null) and `assessments` (title, due date)."""

    def assessment(value: object, where: str) -> AssessmentRecord | None:
        row = ck.obj(value, where, ("content", "due"))
        if row is None:
            return None
        mark = ck.mark()
        content = ck.text(row, "content", where, empty=False)
        due = ck.date(row.get("due", MISSING), at(where, "due"))
        return AssessmentRecord(content, due=due) if ck.clean_since(mark) else None

    return {
        "risks": _each(ck, data, "risks", path, lambda v, p: _risk(ck, v, p, linked=False)),
        "assessments": _each(ck, data, "assessments", path, assessment),
    }


# References ----------------------------------------------------------------------------------

_WANTED = {"risks": ContentKind.RISK_LIBRARY, "assessments": ContentKind.ASSESSMENT_TEMPLATE}


def check_plan_references(ck: Checker, raw: dict[str, list[Any]]) -> None:
    """Every content title a plan names is in the file and of the right kind (a template's
    risks come from risk libraries, assessments are assessment templates); every advisor
    email of a template is in the file; so is every title and email its revisions name."""
    kinds: dict[str, str] = {
        fold(item["title"]): item.get("kind")
        for item in raw["content"]
        if isinstance(item, dict) and isinstance(item.get("title"), str)
    }
    emails = {
        fold(a["email"])
        for a in raw["advisors"]
        if isinstance(a, dict) and isinstance(a.get("email"), str)
    }
    for owner in ("templates", "clients"):
        for index, item in enumerate(raw[owner]):
            for key in ("risks", "assessments"):
                entries = item.get(key) if isinstance(item, dict) else None
                for i, entry in enumerate(entries if isinstance(entries, list) else []):
                    title = entry.get("content") if isinstance(entry, dict) else None
                    if isinstance(title, str):
                        # a client's risk may be linked to any item; the others to one kind
                        wanted = None if (owner, key) == ("clients", "risks") else _WANTED[key]
                        place = f"{owner}[{index}].{key}[{i}].content"
                        _check_title(ck, kinds, title, wanted, place)
    for index, item in enumerate(raw["templates"]):
        advisors = item.get("advisors") if isinstance(item, dict) else None
        for i, email in enumerate(advisors if isinstance(advisors, list) else []):
            if isinstance(email, str) and fold(email) not in emails:
                ck.add(f"templates[{index}].advisors[{i}]", f'no advisor "{email}" in this file')
    check_revision_references(ck, raw["templates"], set(kinds), emails)


def _check_title(
    ck: Checker, kinds: dict[str, str], title: str, wanted: ContentKind | None, place: str
) -> None:
    if fold(title) not in kinds:
        ck.add(place, f'no content titled "{title}" in this file')
        return
    kind = kinds[fold(title)]
    if wanted is not None and kind in {k.value for k in ContentKind} and kind != wanted.value:
        ck.add(place, f'"{title}" is {a_kind(ContentKind(kind))}, not {a_kind(wanted)}')
