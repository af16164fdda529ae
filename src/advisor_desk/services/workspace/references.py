"""Rules between the records of a workspace file, checked on the file as written.

Names are unique (case-insensitive: clients, content titles, templates, advisor emails,
document numbers, a client's member emails); every name used refers to something in the
file, of the right kind where it matters (a template's risks come from risk libraries, its
assessments are assessment templates). Paths are those of the raw lists, so they stay right
when a record is broken, and a broken record's name still counts: it is reported once, not
again by each reference to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.workspace.checks import Checker
from advisor_desk.services.workspace.models_plans import a_kind
from advisor_desk.services.workspace.records import fold

LISTS = ("advisors", "clients", "content", "templates", "documents")
_WANTED = {"risks": ContentKind.RISK_LIBRARY, "assessments": ContentKind.ASSESSMENT_TEMPLATE}


def unique_names(ck: Checker, names: list[tuple[str, str]], what: str) -> None:
    """Report every `(path, name)` whose name (case-insensitive) an earlier one already has."""
    first: dict[str, str] = {}
    for path, name in names:
        earlier = first.setdefault(fold(name), path)
        if earlier != path:
            ck.add(path, f'"{name}" is already the {what} of {earlier.rsplit(".", 1)[0]}')


def _dicts(value: object) -> Iterable[tuple[int, dict[str, Any]]]:
    items = value if isinstance(value, list) else []
    return ((i, item) for i, item in enumerate(items) if isinstance(item, dict))


def _listed(item: dict[str, Any], key: str) -> list[Any]:
    value = item.get(key)
    return value if isinstance(value, list) else []


def check_references(ck: Checker, data: dict[str, Any]) -> None:
    raw = {key: data.get(key) for key in LISTS}

    def named(key: str, field: str) -> list[tuple[str, str]]:
        return [
            (f"{key}[{i}].{field}", item[field])
            for i, item in _dicts(raw[key])
            if isinstance(item.get(field), str)
        ]

    unique_names(ck, named("advisors", "email"), "email")
    unique_names(ck, named("clients", "name"), "name")
    for index, client in _dicts(raw["clients"]):
        emails = [
            (f"clients[{index}].members[{i}].email", member["email"])
            for i, member in _dicts(client.get("members"))
            if isinstance(member.get("email"), str)
        ]
        unique_names(ck, emails, "email")
    unique_names(ck, named("content", "title"), "title")
    unique_names(ck, named("templates", "name"), "name")
    unique_names(ck, named("documents", "number"), "number")
    clients, titles, templates, numbers = (
        {fold(name) for _, name in named(key, field)}
        for key, field in (
            ("clients", "name"),
            ("content", "title"),
            ("templates", "name"),
            ("documents", "number"),
        )
    )
    for key, field, known, what in (
        ("advisors", "client_access", clients, "client named"),
        ("clients", "content", titles, "content titled"),
        ("templates", "content", titles, "content titled"),
        ("clients", "template", templates, "template named"),
        ("documents", "client", clients, "client named"),
        ("documents", "references", numbers, "document numbered"),
    ):
        for index, item in _dicts(raw[key]):
            refs = item.get(field)
            places: Iterable[tuple[str, object]] = (
                [(f"{key}[{index}].{field}[{i}]", ref) for i, ref in enumerate(refs)]
                if isinstance(refs, list)
                else [(f"{key}[{index}].{field}", refs)]
            )
            for place, ref in places:
                _check(ck, known, ref, place, what)
    _check_plans(ck, raw)
    for index, client in _dicts(raw["clients"]):  # the days it held each item
        for i, entry in enumerate(_listed(client, "grants")):
            title = entry[0] if isinstance(entry, list) and entry else None
            _check(ck, titles, title, f"clients[{index}].grants[{i}]", "content titled")


def _check_plans(ck: Checker, raw: dict[str, Any]) -> None:
    """Every content title a plan names is in the file and of the right kind (a client's
    risk may be linked to any item); every advisor email of a template is in the file; so is
    every title and email its revisions name (kinds unchecked: a snapshot is history)."""
    kinds: dict[str, object] = {
        fold(item["title"]): item.get("kind")
        for _, item in _dicts(raw["content"])
        if isinstance(item.get("title"), str)
    }
    titles = set(kinds)
    emails = {
        fold(a["email"]) for _, a in _dicts(raw["advisors"]) if isinstance(a.get("email"), str)
    }
    for owner in ("templates", "clients"):
        for index, item in _dicts(raw[owner]):
            for key in ("risks", "assessments"):
                for i, entry in enumerate(_listed(item, key)):
                    title = entry.get("content") if isinstance(entry, dict) else None
                    if isinstance(title, str):
                        wanted = None if (owner, key) == ("clients", "risks") else _WANTED[key]
                        place = f"{owner}[{index}].{key}[{i}].content"
                        _check_title(ck, kinds, title, wanted, place)
    for index, template in _dicts(raw["templates"]):
        for i, email in enumerate(_listed(template, "advisors")):
            _check(ck, emails, email, f"templates[{index}].advisors[{i}]", "advisor")
        for r, revision in enumerate(_listed(template, "revisions")):
            snapshot = revision.get("snapshot") if isinstance(revision, dict) else None
            if not isinstance(snapshot, dict):
                continue
            path = f"templates[{index}].revisions[{r}].snapshot"
            for i, title in enumerate(_listed(snapshot, "content")):
                _check(ck, titles, title, f"{path}.content[{i}]", "content titled")
            for i, pair in enumerate(_listed(snapshot, "assessments")):
                title = pair[0] if isinstance(pair, list) and pair else None
                _check(ck, titles, title, f"{path}.assessments[{i}][0]", "content titled")
            for i, email in enumerate(_listed(snapshot, "advisors")):
                _check(ck, emails, email, f"{path}.advisors[{i}]", "advisor")


def _check(ck: Checker, known: set[str], name: object, place: str, what: str) -> None:
    if isinstance(name, str) and fold(name) not in known:
        ck.add(place, f'no {what} "{name}" in this file')


def _check_title(
    ck: Checker, kinds: dict[str, object], title: str, wanted: ContentKind | None, place: str
) -> None:
    if fold(title) not in kinds:
        ck.add(place, f'no content titled "{title}" in this file')
        return
    kind = kinds[fold(title)]  # as the file writes it: a wrong one is the item's own problem
    known = isinstance(kind, str) and kind in {k.value for k in ContentKind}
    if wanted is not None and known and kind != wanted.value:
        ck.add(place, f'"{title}" is {a_kind(ContentKind(str(kind)))}, not {a_kind(wanted)}')
