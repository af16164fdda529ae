"""Reading an uploaded file: what it is, and for CSV/XLSX/JSON the provisions or questions.

A framework or control set is a list of provisions (`ref`, `text`, optional `section`); an
assessment template a list of questions (`ref`, `question`, optional `section` and
`answer_type`). CSV and .xlsx (its first sheet) have a header row and are read by
services.tabular (UTF-8 or Excel's Windows-1252; `,`, `;` or tab); JSON is a list of objects
or `{"provisions": [...]}` / `{"questions": [...]}`. Every bad row is reported, each at its
line (CSV), row (worksheet) or JSON path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.tabular import Table, read_table

# What one synced row can carry: its bytes travel as hex, and the server takes 4 MiB of hex
# per binary field (sync/codec.py).
MAX_FILE_BYTES = 2 * 1024 * 1024
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".json": "application/json",
}
# how each kind of file starts, so a renamed file is caught
_MAGIC = {".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
ANSWER_TYPES = ("yes_no", "text", "number", "choice", "scale")
PROVISION_KINDS = frozenset({ContentKind.FRAMEWORK, ContentKind.CONTROL_SET})
QUESTION_KINDS = frozenset({ContentKind.ASSESSMENT_TEMPLATE})


@dataclass(frozen=True)
class Entry:
    """One provision or question as read from the file."""

    kind: str  # "provision" or "question"
    ref: str
    text: str
    section: str = ""
    answer_type: str = ""
    line: int = 0  # where it was in a CSV file


def media_type(file_name: str, data: bytes) -> str:
    """The file's type from its name, checked against its first bytes."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        allowed = ", ".join(s.lstrip(".").upper() for s in MEDIA_TYPES)
        raise ValidationError([("file", f"{file_name}: upload a {allowed} file")])
    if not data:
        raise ValidationError([("file", f"{file_name} is empty")])
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ValidationError([("file", f"{file_name} is larger than {limit} MB")])
    magic = _MAGIC.get(suffix)
    if magic is not None and not data.startswith(magic):
        raise ValidationError(
            [("file", f"{file_name} is not a {suffix.lstrip('.').upper()} file inside")]
        )
    return MEDIA_TYPES[suffix]


def entry_kind(kind: ContentKind) -> str | None:
    if kind in PROVISION_KINDS:
        return "provision"
    if kind in QUESTION_KINDS:
        return "question"
    return None


def parse_entries(kind: ContentKind, file_name: str, data: bytes) -> list[Entry]:
    """The provisions or questions of a CSV/XLSX/JSON file ([] for other files and kinds)."""
    if kind in (ContentKind.RISK_LIBRARY, ContentKind.ASSESSMENT_TEMPLATE):
        # business development reads their risks/questions: a bad row is refused here too
        from advisor_desk.services.bizdev.files import check_file  # lazily: bizdev uses library

        check_file(kind, file_name, data)
    what = entry_kind(kind)
    suffix = PurePath(file_name).suffix.lower()
    if what is None or suffix not in (".csv", ".xlsx", ".json"):
        return []
    if suffix in (".csv", ".xlsx"):
        return _from_table(what, read_table(data, source=file_name))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            [("file", f"{file_name} is not UTF-8 text: {error.reason}")]
        ) from None
    return _from_json(what, content)


def _text_field(what: str) -> tuple[str, ...]:
    """The names the main text may go by in a header or an object."""
    return ("text", "provision", "requirement") if what == "provision" else ("question", "text")


def _from_table(what: str, table: Table) -> list[Entry]:
    first = table.header()
    if first is None:
        raise ValidationError([("line 1", "the file is empty: it needs a header row")])
    header_at, header = first
    names = [name.strip().casefold() for name in header]
    text_name = next((n for n in _text_field(what) if n in names), None)
    missing = [
        n for n, ok in (("ref", "ref" in names), (_text_field(what)[0], text_name)) if not ok
    ]
    if missing:
        raise ValidationError(
            [
                (
                    table.place(header_at),
                    f"the header needs the column(s) {', '.join(missing)}; it has {header}",
                )
            ]
        )
    assert text_name is not None
    entries: list[Entry] = []
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for line, values in table.body():
        place = table.place(line)
        if table.unit == "row":  # a worksheet's short rows are blank cells, not missing ones
            values = values + [""] * (len(names) - len(values))
        if len(values) != len(names):
            problems.append((place, f"has {len(values)} values; the header has {len(names)}"))
            continue
        row = dict(zip(names, (v.strip() for v in values), strict=True))
        entry = _entry(what, row, text_name, place, problems, seen, line)
        if entry is not None:
            entries.append(entry)
    _finish(entries, problems)
    return entries


def _from_json(what: str, content: str) -> list[Entry]:
    try:
        value = json.loads(content)
    except json.JSONDecodeError as error:
        raise ValidationError([(f"line {error.lineno}", f"not valid JSON: {error.msg}")]) from None
    key = "provisions" if what == "provision" else "questions"
    path = key
    if isinstance(value, dict):
        value = value.get(key)
    else:
        path = ""
    if not isinstance(value, list):
        raise ValidationError([(key, f"expected a list of {key} (or an object with {key!r})")])
    entries: list[Entry] = []
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(value):
        place = f"{path}[{index}]"
        if not isinstance(item, dict):
            problems.append((place, "must be an object"))
            continue
        row = {str(k).casefold(): "" if v is None else str(v).strip() for k, v in item.items()}
        text_name = next((n for n in _text_field(what) if n in row), _text_field(what)[0])
        entry = _entry(what, row, text_name, place, problems, seen, index + 1)
        if entry is not None:
            entries.append(entry)
    _finish(entries, problems)
    return entries


def _entry(
    what: str,
    row: dict[str, str],
    text_name: str,
    place: str,
    problems: list[tuple[str, str]],
    seen: dict[str, str],
    line: int,
) -> Entry | None:
    ref, body = row.get("ref", ""), row.get(text_name, "")
    answer = row.get("answer_type", "").casefold() if what == "question" else ""
    found = []
    if not ref:
        found.append("ref is empty")
    elif len(ref) > 64:
        found.append("ref is longer than 64 characters")
    elif ref.casefold() in seen:
        found.append(f"ref {ref} repeats the one at {seen[ref.casefold()]}")
    if not body:
        found.append(f"{text_name} is empty")
    if answer and answer not in ANSWER_TYPES:
        found.append(f"answer_type {answer!r} is not one of {', '.join(ANSWER_TYPES)}")
    if found:
        problems.append((place, "; ".join(found)))
        return None
    seen[ref.casefold()] = place
    return Entry(
        kind=what,
        ref=ref,
        text=body,
        section=row.get("section", "")[:300],
        answer_type=(answer or "yes_no") if what == "question" else "",
        line=line,
    )


def _finish(entries: list[Entry], problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationError(problems)
    if not entries:
        raise ValidationError([("file", "it has no rows after the header")])
