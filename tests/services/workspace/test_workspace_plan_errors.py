"""A bad library history or plan in a workspace file: each problem at its JSON path, and
nothing written."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.partner import has_partner
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store
from tests.services.workspace.test_workspace_errors import _drop, _set

Mutate = Callable[[dict[str, Any]], None]
CSV = b"ref,section,text\nA.1,Gov,Policies\n"


def _planned(data: dict[str, Any]) -> dict[str, Any]:
    """The rich workspace with a framework's history, a risk library, an assessment
    template, a template plan and a client's risks and assessments (valid)."""
    iso = data["content"][1]  # ISO/IEC 27001:2022, a framework
    iso["versions"] = [
        {
            "version": "2013",
            "title": "ISO/IEC 27001:2013",
            "description": "",
            "tags": ["iso"],
            "price": None,
            "replaced_at": "2025-10-01T09:00:00",
            "replaced_by": "ana@harbour.example",
        }
    ]
    iso["files"] = [
        {
            "version": "2022",
            "file_name": "iso.csv",
            "media_type": "text/csv",
            "size": len(CSV),
            "sha256": hashlib.sha256(CSV).hexdigest(),
            "uploaded_at": "2025-10-01T09:00:00",
            "data": base64.b64encode(CSV).decode(),
        }
    ]
    iso["provisions"] = [
        {
            "version": "2022",
            "position": n,
            "kind": "provision",
            "ref": f"A.{n}",
            "section": "Gov",
            "text": "Policies",
            "answer_type": "",
        }
        for n in range(2)
    ]
    iso["pushes"] = [
        {
            "version": "2022",
            "pushed_by": "ana@harbour.example",
            "pushed_at": "2025-10-02T09:00:00",
            "clients": 1,
            "templates": 0,
            "targets": ["Birch Retail"],
        }
    ]
    for title, kind in (("Cyber risks", "risk_library"), ("Gap survey", "assessment_template")):
        data["content"].append({**data["content"][1], "title": title, "kind": kind})
        for key in ("versions", "files", "provisions", "pushes"):
            data["content"][-1][key] = []
    data["content"][3]["provisions"] = [
        {
            "version": "2022",
            "position": 0,
            "kind": "question",
            "ref": "Q1",
            "section": "",
            "text": "Is there a policy?",
            "answer_type": "yes_no",
        }
    ]
    template = data["templates"][0]
    template["risks"] = [
        {"content": "Cyber risks", "title": "Ransomware", "likelihood": 4, "impact": 5}
    ]
    template["assessments"] = [{"content": "Gap survey", "due_in_days": 30}]
    template["advisors"] = ["bo@harbour.example"]
    template["revisions"] = [{"revision": 2, "snapshot": snapshot("ISO 27001 readiness")}]
    birch = data["clients"][0]
    birch["risks"] = [{"content": None, "title": "Own risk", "likelihood": 1, "impact": 1}]
    birch["assessments"] = [{"content": "Gap survey", "due": "2026-03-05"}]
    return data


def snapshot(name: str, advisor: str = "bo@harbour.example") -> dict[str, Any]:
    """A revision's snapshot as the file writes it: content by title, advisors by email."""
    return {
        "name": name,
        "description": "Gap analysis and roadmap.",
        "license_tier": "risk_compliance",
        "billing_model": "reseller",
        "content": ["Gap survey", "ISO/IEC 27001:2022"],
        "risks": ["Ransomware"],
        "assessments": [["Gap survey", 30]],
        "advisors": [advisor],
    }


ISO = "content.1"
SNAP = "templates.0.revisions.0.snapshot"
BAD: dict[str, tuple[Mutate, str, str]] = {
    "bad base64": (
        _set(f"{ISO}.files.0.data", "not base64!"),
        "content[1].files[0].data",
        "is not the file's bytes written in base64",
    ),
    "sha256 not matching": (
        _set(f"{ISO}.files.0.sha256", "0" * 64),
        "content[1].files[0].sha256",
        "does not match the data (the file is damaged or altered)",
    ),
    "sha256 not hex": (
        _set(f"{ISO}.files.0.sha256", "XYZ"),
        "content[1].files[0].sha256",
        "is not a SHA-256 written as 64 lowercase hex digits",
    ),
    "size mismatch": (
        _set(f"{ISO}.files.0.size", 3),
        "content[1].files[0].size",
        f"is 3, but the data has {len(CSV)} bytes",
    ),
    "bad upload time": (
        _set(f"{ISO}.files.0.uploaded_at", "yesterday"),
        "content[1].files[0].uploaded_at",
        '"yesterday" is not a time written YYYY-MM-DDTHH:MM:SS',
    ),
    "version without replaced_at": (
        _drop(f"{ISO}.versions.0.replaced_at"),
        "content[1].versions[0]",
        'missing key "replaced_at"',
    ),
    "version price as a float": (
        _set(f"{ISO}.versions.0.price", 10.5),
        "content[1].versions[0].price",
        '10.5 is a float; write the amount as a string, e.g. "120.00"',
    ),
    "unknown provision kind": (
        _set(f"{ISO}.provisions.1.kind", "clause"),
        "content[1].provisions[1].kind",
        '"clause" is not one of provision, question',
    ),
    "question in a framework": (
        _set(f"{ISO}.provisions.1.kind", "question"),
        "content[1].provisions[1].kind",
        '"question" does not fit a framework (it has provisions)',
    ),
    "provisions of a playbook": (
        lambda d: d["content"][0].update(provisions=d["content"][1]["provisions"][:1]),
        "content[0].provisions[0].kind",
        "a playbook has no provisions or questions",
    ),
    "duplicate position": (
        _set(f"{ISO}.provisions.1.position", 0),
        "content[1].provisions[1].position",
        'position 0 of version "2022" is already at content[1].provisions[0].position',
    ),
    "unknown answer type": (
        _set("content.3.provisions.0.answer_type", "essay"),
        "content[3].provisions[0].answer_type",
        '"essay" is not one of yes_no, text, number, choice, scale',
    ),
    "empty ref": (
        _set(f"{ISO}.provisions.0.ref", ""),
        "content[1].provisions[0].ref",
        "must not be empty",
    ),
    "push count negative": (
        _set(f"{ISO}.pushes.0.clients", -1),
        "content[1].pushes[0].clients",
        "-1 is less than 0",
    ),
    "likelihood above five": (
        _set("templates.0.risks.0.likelihood", 6),
        "templates[0].risks[0].likelihood",
        "6 is not from 1 to 5",
    ),
    "impact zero in a client": (
        _set("clients.0.risks.0.impact", 0),
        "clients[0].risks[0].impact",
        "0 is not from 1 to 5",
    ),
    "unknown risk library": (
        _set("templates.0.risks.0.content", "Old risks"),
        "templates[0].risks[0].content",
        'no content titled "Old risks" in this file',
    ),
    "risk from a framework": (
        _set("templates.0.risks.0.content", "ISO/IEC 27001:2022"),
        "templates[0].risks[0].content",
        '"ISO/IEC 27001:2022" is a framework, not a risk library',
    ),
    "client assessment of a risk library": (
        _set("clients.0.assessments.0.content", "cyber RISKS"),
        "clients[0].assessments[0].content",
        '"cyber RISKS" is a risk library, not an assessment template',
    ),
    "unknown client risk content": (
        _set("clients.0.risks.0.content", "Nope"),
        "clients[0].risks[0].content",
        'no content titled "Nope" in this file',
    ),
    "bad due date": (
        _set("clients.0.assessments.0.due", "2026-02-30"),
        "clients[0].assessments[0].due",
        "'2026-02-30' is not a valid date",
    ),
    "due in too many days": (
        _set("templates.0.assessments.0.due_in_days", 4000),
        "templates[0].assessments[0].due_in_days",
        "4000 is more than 3650",
    ),
    "assessment twice": (
        lambda d: d["templates"][0]["assessments"].append(
            {"content": "gap survey", "due_in_days": 60}
        ),
        "templates[0].assessments[1]",
        '"gap survey" is already at templates[0].assessments[0]',
    ),
    "unknown advisor": (
        _set("templates.0.advisors.0", "zed@harbour.example"),
        "templates[0].advisors[0]",
        'no advisor "zed@harbour.example" in this file',
    ),
    "revision twice": (
        lambda d: d["templates"][0]["revisions"].append(
            {"revision": 2, "snapshot": snapshot("Older")}
        ),
        "templates[0].revisions[1].revision",
        "revision 2 is already at templates[0].revisions[0].revision",
    ),
    "snapshot not an object": (
        _set("templates.0.revisions.0.snapshot", "text"),
        "templates[0].revisions[0].snapshot",
        "expected an object, got a string",
    ),
    "revision naming unknown content": (
        _set(f"{SNAP}.content.1", "ISO/IEC 27001:2013"),
        "templates[0].revisions[0].snapshot.content[1]",
        'no content titled "ISO/IEC 27001:2013" in this file',
    ),
    "revision naming an unknown assessment": (
        _set(f"{SNAP}.assessments.0", ["Old survey", 30]),
        "templates[0].revisions[0].snapshot.assessments[0][0]",
        'no content titled "Old survey" in this file',
    ),
    "revision naming an unknown advisor": (
        _set(f"{SNAP}.advisors.0", "zed@harbour.example"),
        "templates[0].revisions[0].snapshot.advisors[0]",
        'no advisor "zed@harbour.example" in this file',
    ),
    "revision with row ids": (
        _set(f"{SNAP}.content_ids", ["3f2a"]),
        "templates[0].revisions[0].snapshot.content_ids",
        "unknown key",
    ),
    "revision without its tier": (
        _drop(f"{SNAP}.license_tier"),
        "templates[0].revisions[0].snapshot",
        'missing key "license_tier"',
    ),
    "revision with an unknown model": (
        _set(f"{SNAP}.billing_model", "barter"),
        "templates[0].revisions[0].snapshot.billing_model",
        '"barter" is not one of reseller, direct',
    ),
    "revision assessment not a pair": (
        _set(f"{SNAP}.assessments.0", "Gap survey"),
        "templates[0].revisions[0].snapshot.assessments[0]",
        "expected [content title, due in days]",
    ),
    "revision assessment days negative": (
        _set(f"{SNAP}.assessments.0", ["Gap survey", -1]),
        "templates[0].revisions[0].snapshot.assessments[0][1]",
        "-1 is less than 0",
    ),
    "unknown key in a risk": (
        _set("templates.0.risks.0.colour", "red"),
        "templates[0].risks[0].colour",
        "unknown key",
    ),
}


def _problems(store: Store, data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        import_workspace(store, data)
    return caught.value.problems


def test_the_planned_workspace_itself_is_valid(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    import_workspace(store, ws_encode(_planned(ws_rich)))
    assert b'"title": "Ransomware"' in export_workspace(store)


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_plan_names_the_place_and_writes_nothing(
    store: Store,
    ws_rich: dict[str, Any],
    ws_encode: Callable[[dict[str, Any]], bytes],
    case: str,
) -> None:
    data = _planned(ws_rich)
    mutate, place, message = BAD[case]
    mutate(data)
    assert _problems(store, ws_encode(data)) == [(place, message)]
    with store.read() as session:
        assert not has_partner(session)
