"""Reading a risk library's or an assessment template's file (business-development.md).

- Risk library: CSV/.xlsx with the header `ref,title,description,domain,causes,impacts`
  (causes and impacts separated by `|`), or JSON: a list of objects, or `{"risks": [...]}`,
  where causes and impacts are lists (or `|`-separated text).
- Assessment template: CSV/.xlsx `ref,domain,text,type,options` (type `choice` or `text`;
  options `label=rating` separated by `|`, an empty rating not rated), or JSON: a list or
  `{"questions": [...]}` with the same names (options as text, or `[[label, rating]]`).
  Files in the library's older question format (`ref,question,section,answer_type`) are
  read too: `section` is the domain, a yes/no question is rated Yes=1|No=5, others are text.

Every bad row is reported, each at its line (CSV), row (worksheet) or JSON path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from advisor_desk.domain.assessment_scoring import parse_options
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.tabular import read_table

READABLE = (".csv", ".xlsx", ".json")
RISK_COLUMNS = ("ref", "title", "description", "domain", "causes", "impacts")
YES_NO = (("Yes", 1), ("No", 5))


@dataclass(frozen=True)
class RiskEntry:
    ref: str
    title: str
    description: str = ""
    domain: str = ""
    causes: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionEntry:
    ref: str
    domain: str
    text: str
    answer_type: str  # choice | text
    options: tuple[tuple[str, int | None], ...] = ()


def readable(file_name: str) -> bool:
    return PurePath(file_name).suffix.lower() in READABLE


def check_file(kind: ContentKind, file_name: str, data: bytes) -> None:
    """The library's upload hook: refuse a bad risk library or assessment template."""
    if not readable(file_name):
        return
    if kind == ContentKind.RISK_LIBRARY:
        parse_risks(file_name, data)
    elif kind == ContentKind.ASSESSMENT_TEMPLATE:
        parse_questions(file_name, data)


def _records(file_name: str, data: bytes, key: str) -> list[tuple[str, dict[str, Any] | None]]:
    """(place, {column: value}) of every row of the file (None: a JSON entry not an object)."""
    if PurePath(file_name).suffix.lower() == ".json":
        try:
            content = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise ValidationError([("file", f"{file_name} is not UTF-8: {error.reason}")]) from None
        except json.JSONDecodeError as error:
            raise ValidationError(
                [(f"line {error.lineno}", f"{file_name} is not JSON: {error.msg}")]
            ) from None
        if isinstance(content, dict):
            content = content.get(key)
        if not isinstance(content, list):
            raise ValidationError([("file", f'{file_name}: expected a list or {{"{key}": [...]}}')])
        out: list[tuple[str, dict[str, Any] | None]] = []
        for index, entry in enumerate(content):
            place = f"{key}[{index}]"
            if not isinstance(entry, dict):
                out.append((place, None))  # reported with the other rows' problems
                continue
            out.append((place, {str(k).strip().casefold(): v for k, v in entry.items()}))
        return out
    table = read_table(data, source=file_name)
    first = table.header()
    if first is None:
        raise ValidationError([("line 1", "the file is empty: it needs a header row")])
    names = [name.strip().casefold() for name in first[1]]
    return [
        (table.place(number), dict(zip(names, cells, strict=False)))
        for number, cells in table.body()
    ]


def _text(value: Any, place: str, name: str, *, required: bool = False, limit: int = 300) -> str:
    if value is None:
        value = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DomainError(name, "must be text")
    text = value.strip()
    if required and not text:
        raise DomainError(name, "is missing")
    if len(text) > limit:
        raise DomainError(name, f"is longer than {limit} characters")
    if "\x00" in text:
        raise DomainError(name, "must not contain a NUL character")
    return text


def _words(value: Any, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    parts = value.split("|") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple) or not all(isinstance(p, str) for p in parts):
        raise DomainError(name, "must be text separated by | (or a list of text)")
    return tuple(p.strip() for p in parts if p.strip())


def parse_risks(file_name: str, data: bytes) -> list[RiskEntry]:
    records = _records(file_name, data, "risks")
    if PurePath(file_name).suffix.lower() != ".json" and records:
        missing = [c for c in ("ref", "title") if c not in (records[0][1] or {})]
        if missing:
            raise ValidationError([("line 1", f"the header needs {', '.join(missing)}")])
    problems: list[tuple[str, str]] = []
    risks: list[RiskEntry] = []
    seen: dict[str, str] = {}
    for place, row in records:
        if row is None:
            problems.append((place, "is not an object"))
            continue
        try:
            ref = _text(row.get("ref"), place, "ref", required=True, limit=64)
            entry = RiskEntry(
                ref=ref,
                title=_text(row.get("title"), place, "title", required=True),
                description=_text(row.get("description"), place, "description", limit=5000),
                domain=_text(row.get("domain"), place, "domain", limit=200),
                causes=_words(row.get("causes"), "causes"),
                impacts=_words(row.get("impacts"), "impacts"),
            )
        except DomainError as error:
            problems.append((place, f"{error.field} {error.message}"))
            continue
        if ref.casefold() in seen:
            problems.append((place, f"ref {ref} is already at {seen[ref.casefold()]}"))
            continue
        seen[ref.casefold()] = place
        risks.append(entry)
    if problems:
        raise ValidationError(problems)
    if not risks:
        raise ValidationError([("file", f"{file_name} has no risks")])
    return risks


def _pair(pair: Any) -> str:
    if isinstance(pair, list | tuple) and len(pair) == 2:
        label, rating = pair
    elif isinstance(pair, dict):
        label, rating = pair.get("label", ""), pair.get("rating")
    else:
        raise DomainError("options", f"{pair!r} is not a [label, rating] pair")
    return f"{label}={'' if rating is None else rating}"


def _options(value: Any) -> tuple[tuple[str, int | None], ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return parse_options(value, "options")
    if isinstance(value, list):
        return parse_options("|".join(_pair(pair) for pair in value), "options")
    raise DomainError("options", "must be text like Yes=1|No=5")


def _question(row: dict[str, Any], place: str) -> QuestionEntry:
    ref = _text(row.get("ref"), place, "ref", required=True, limit=64)
    text = _text(row.get("text", row.get("question")), place, "text", required=True, limit=5000)
    domain = _text(row.get("domain", row.get("section")), place, "domain", limit=200)
    kind = _text(row.get("type"), place, "type", limit=16).casefold()
    options = _options(row.get("options"))
    if not kind:  # the library's older format
        old = _text(row.get("answer_type"), place, "answer_type", limit=16).casefold()
        if options:
            kind = "choice"
        elif old in ("", "yes_no"):
            kind, options = "choice", YES_NO
        else:
            kind = "text"
    if kind not in ("choice", "text"):
        raise DomainError("type", f"{kind!r} is not one of: choice, text")
    if kind == "choice" and not options:
        raise DomainError("options", "a choice question needs options like Yes=1|No=5")
    if kind == "text":
        options = ()
    return QuestionEntry(ref, domain, text, kind, options)


def parse_questions(file_name: str, data: bytes) -> list[QuestionEntry]:
    records = _records(file_name, data, "questions")
    problems: list[tuple[str, str]] = []
    questions: list[QuestionEntry] = []
    seen: dict[str, str] = {}
    for place, row in records:
        if row is None:
            problems.append((place, "is not an object"))
            continue
        try:
            entry = _question(row, place)
        except DomainError as error:
            problems.append((place, f"{error.field} {error.message}"))
            continue
        if entry.ref.casefold() in seen:
            problems.append((place, f"ref {entry.ref} is already at {seen[entry.ref.casefold()]}"))
            continue
        seen[entry.ref.casefold()] = place
        questions.append(entry)
    if problems:
        raise ValidationError(problems)
    if not questions:
        raise ValidationError([("file", f"{file_name} has no questions")])
    return questions
