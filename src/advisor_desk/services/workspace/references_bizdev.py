"""Rules between business-development records of a workspace file, on the file as written.

Prospect names and review keys are unique; a review's and an assessment's subject (client
and/or prospect), a converted prospect's client, a register risk's library, review and
prospect are in the file; a review's libraries are risk libraries and an assessment's
template an assessment template; every response names a risk its review asks about (a risk
added to the review, or one of its libraries' at the chosen version) and every answer a
question of its template's version. Paths are those of the raw lists (references.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.workspace.checks import Checker
from advisor_desk.services.workspace.records import fold
from advisor_desk.services.workspace.references import _check, _check_title, _dicts, unique_names


def _listed(item: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    return list(_dicts(item.get(key)))


def _names(data: dict[str, Any], key: str, field: str) -> list[tuple[str, str]]:
    return [
        (f"{key}[{i}].{field}", item[field])
        for i, item in _dicts(data.get(key))
        if isinstance(item.get(field), str)
    ]


def _refs(data: dict[str, Any], key: str) -> dict[tuple[str, str], set[str]]:
    """(folded item title, version) → the folded refs of its `key` (risks or questions)."""
    out: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for _, item in _dicts(data.get("content")):
        title = item.get("title")
        if not isinstance(title, str):
            continue
        for _, entry in _listed(item, key):
            version, ref = entry.get("version"), entry.get("ref")
            if isinstance(version, str) and isinstance(ref, str):
                out[(fold(title), version)].add(fold(ref))
    return out


def check_bizdev(ck: Checker, data: dict[str, Any]) -> None:
    unique_names(ck, _names(data, "prospects", "name"), "name")
    unique_names(ck, _names(data, "reviews", "key"), "key")
    clients = {fold(name) for _, name in _names(data, "clients", "name")}
    prospects = {fold(name) for _, name in _names(data, "prospects", "name")}
    reviews = {fold(name) for _, name in _names(data, "reviews", "key")}
    kinds: dict[str, object] = {
        fold(item["title"]): item.get("kind")
        for _, item in _dicts(data.get("content"))
        if isinstance(item.get("title"), str)
    }
    for index, prospect in _dicts(data.get("prospects")):
        where = f"prospects[{index}]"
        _check(
            ck,
            clients,
            prospect.get("converted_client"),
            f"{where}.converted_client",
            "client named",
        )
        _check_register(ck, prospect, where, kinds, reviews, prospects)
    for index, client in _dicts(data.get("clients")):
        _check_register(ck, client, f"clients[{index}]", kinds, reviews, prospects)
    _check_subjects(ck, data, clients, prospects)
    library_risks = _refs(data, "risks")
    for index, review in _dicts(data.get("reviews")):
        where = f"reviews[{index}]"
        asked = {
            fold(r["ref"]) for _, r in _listed(review, "risks") if isinstance(r.get("ref"), str)
        }
        for i, chosen in _listed(review, "libraries"):
            title, version = chosen.get("content"), chosen.get("version")
            if isinstance(title, str):
                place = f"{where}.libraries[{i}].content"
                _check_title(ck, kinds, title, ContentKind.RISK_LIBRARY, place)
                if isinstance(version, str):
                    asked |= library_risks.get((fold(title), version), set())
        for p, person in _listed(review, "participants"):
            for r, response in _listed(person, "responses"):
                ref = response.get("ref")
                if isinstance(ref, str) and fold(ref) not in asked:
                    place = f"{where}.participants[{p}].responses[{r}].ref"
                    ck.add(place, f'the review asks about no risk "{ref}"')
    questions = _questions(data)
    for index, sent in _dicts(data.get("assessments")):
        where = f"assessments[{index}]"
        title, version = sent.get("content"), sent.get("version")
        if not isinstance(title, str):
            continue
        _check_title(ck, kinds, title, ContentKind.ASSESSMENT_TEMPLATE, f"{where}.content")
        known = questions.get((fold(title), version if isinstance(version, str) else ""), {})
        for a, answer in _listed(sent, "answers"):
            ref = answer.get("ref")
            if not isinstance(ref, str):
                continue
            if fold(ref) not in known:
                place = f"{where}.answers[{a}].ref"
                ck.add(place, f'version "{version}" of "{title}" has no question "{ref}"')
            else:
                _check_answer(ck, f"{where}.answers[{a}]", answer, *known[fold(ref)])


def _questions(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, tuple[str, Any]]]:
    """(folded template title, version) → folded ref → (answer type, option labels)."""
    out: defaultdict[tuple[str, str], dict[str, tuple[str, Any]]] = defaultdict(dict)
    for _, item in _dicts(data.get("content")):
        title = item.get("title")
        if not isinstance(title, str):
            continue
        for _, q in _listed(item, "questions"):
            version, ref, options = q.get("version"), q.get("ref"), q.get("options", [])
            if isinstance(version, str) and isinstance(ref, str):
                labels = (
                    {o[0] for o in options if isinstance(o, list) and o}
                    if isinstance(options, list)
                    else set()
                )
                out[(fold(title), version)][fold(ref)] = (q.get("answer_type", "choice"), labels)
    return out


def _check_answer(
    ck: Checker, where: str, answer: dict[str, Any], answer_type: object, labels: set[Any]
) -> None:
    """As the respondents' API: a text question's answer is text, a choice question's one
    of its options."""
    choice, text = answer.get("choice"), answer.get("text")
    if answer_type == "text":
        if choice is not None:
            ck.add(f"{where}.choice", "is a text question: answer with text")
    elif text is not None:
        ck.add(f"{where}.text", "is a choice question: answer with one of its options")
    elif isinstance(choice, str) and choice not in labels:
        shown = ", ".join(sorted(str(label) for label in labels))
        ck.add(f"{where}.choice", f'"{choice}" is not one of its options: {shown}')


def _check_subjects(
    ck: Checker, data: dict[str, Any], clients: set[str], prospects: set[str]
) -> None:
    for key in ("reviews", "assessments"):
        for index, item in _dicts(data.get(key)):
            _check(ck, clients, item.get("client"), f"{key}[{index}].client", "client named")
            _check(
                ck, prospects, item.get("prospect"), f"{key}[{index}].prospect", "prospect named"
            )


def _check_register(
    ck: Checker,
    owner: dict[str, Any],
    where: str,
    kinds: dict[str, object],
    reviews: set[str],
    prospects: set[str],
) -> None:
    """A register's risks: the review and the prospect they name (a client's risks' titles
    are references.py's; a prospect's are checked here)."""
    for i, risk in _listed(owner, "risks"):
        place = f"{where}.risks[{i}]"
        if where.startswith("prospects"):
            title = risk.get("content")
            if isinstance(title, str):
                _check_title(ck, kinds, title, None, f"{place}.content")
        _check(ck, reviews, risk.get("review"), f"{place}.review", "review keyed")
        _check(ck, prospects, risk.get("prospect"), f"{place}.prospect", "prospect named")
