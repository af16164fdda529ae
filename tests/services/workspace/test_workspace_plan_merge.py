"""`import --merge` with library history and plans: they come only with new items,
templates and clients, and what they name resolves to the store's own rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.content import list_items
from advisor_desk.services.people.advisors import list_advisors
from advisor_desk.services.templates.plan import list_template_plans, template_versions
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store
from tests.services.workspace.test_workspace_plan_errors import _planned, snapshot

Encode = Callable[[dict[str, Any]], bytes]


def _with_new_template_and_client(data: dict[str, Any]) -> dict[str, Any]:
    data = _planned(data)
    data["templates"].append(
        {
            **data["templates"][0],
            "name": "Privacy check",
            "content": [],
            "risks": [{"content": "cyber risks", "title": "Leak", "likelihood": 2, "impact": 4}],
            "assessments": [{"content": "Gap survey", "due_in_days": 10}],
            "advisors": ["ANA@harbour.example"],  # already in the store
            # names the store's ISO item and advisor (other spelling) and the file's new survey
            "revisions": [
                {
                    "revision": 1,
                    "snapshot": {
                        **snapshot("Privacy check", advisor="ANA@harbour.example"),
                        "content": ["iso/iec 27001:2022", "Gap survey"],
                    },
                }
            ],
        }
    )
    data["clients"].append(
        {
            **data["clients"][1],
            "name": "Dune Energy",
            "members": [],
            "risks": [{"content": "Cyber risks", "title": "Flood", "likelihood": 3, "impact": 3}],
            "assessments": [{"content": "Gap survey", "due": "2026-12-01"}],
        }
    )
    return data


def _named(items: list[dict[str, Any]], key: str, name: str) -> dict[str, Any]:
    return next(item for item in items if item[key] == name)


def test_merge_adds_plans_only_under_new_items_templates_and_clients(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    before = json.loads(export_workspace(ws_store))
    file = ws_encode(_with_new_template_and_client(ws_rich))
    summary = import_workspace(ws_store, file, merge=True)
    assert summary.counts["content"] == 2
    assert summary.counts["templates"] == 1
    after = json.loads(export_workspace(ws_store))
    # What the store had keeps what it had: no history, plan or risks from the file.
    iso = _named(after["content"], "title", "ISO/IEC 27001:2022")
    assert iso == _named(before["content"], "title", "ISO/IEC 27001:2022")
    assert iso["versions"] == iso["files"] == iso["provisions"] == []
    readiness = _named(after["templates"], "name", "ISO 27001 readiness")
    assert readiness == _named(before["templates"], "name", "ISO 27001 readiness")
    assert _named(after["clients"], "name", "Birch Retail")["risks"] == []
    # The new ones come with theirs; names resolve to the store's own advisor.
    survey = _named(after["content"], "title", "Gap survey")
    assert [q["ref"] for q in survey["provisions"]] == ["Q1"]
    privacy = _named(after["templates"], "name", "Privacy check")
    assert privacy["risks"] == [
        {"content": "Cyber risks", "title": "Leak", "likelihood": 2, "impact": 4}
    ]
    assert privacy["advisors"] == ["ana@harbour.example"]
    (revision,) = privacy["revisions"]
    assert revision["snapshot"]["content"] == ["Gap survey", "ISO/IEC 27001:2022"]
    assert revision["snapshot"]["assessments"] == [["Gap survey", 30]]
    assert revision["snapshot"]["advisors"] == ["ana@harbour.example"]
    dune = _named(after["clients"], "name", "Dune Energy")
    assert dune["assessments"] == [{"content": "Gap survey", "due": "2026-12-01"}]
    # Merging again adds nothing.
    again = import_workspace(ws_store, file, merge=True)
    assert set(again.counts.values()) == {0}
    assert json.loads(export_workspace(ws_store)) == after


def test_merge_resolves_revision_names_to_the_store_rows(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    """A merged template's revision names the store's own item and advisor: its snapshot
    holds their ids, as one the app recorded would."""
    import_workspace(ws_store, ws_encode(_with_new_template_and_client(ws_rich)), merge=True)
    ids = {item.title: item.id for item in list_items(ws_store)}
    ana = next(a.id for a in list_advisors(ws_store) if a.email == "ana@harbour.example")
    privacy = next(p for p in list_template_plans(ws_store) if p.template.name == "Privacy check")
    (version,) = template_versions(ws_store, privacy.template.id)
    assert set(version.content_ids) == {ids["ISO/IEC 27001:2022"], ids["Gap survey"]}
    assert version.assessments == ((ids["Gap survey"], 30),)
    assert version.advisor_ids == (ana,)


def test_merge_refuses_a_revision_naming_what_the_file_does_not_have(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    """Names resolve against the file (and then the store): one only the store has is still
    an error, reported before anything is written."""
    before = export_workspace(ws_store)
    data = _with_new_template_and_client(ws_rich)
    data["advisors"] = [a for a in data["advisors"] if a["email"] != "cy@harbour.example"]
    data["templates"][2]["revisions"][0]["snapshot"]["advisors"] = ["cy@harbour.example"]
    with pytest.raises(ValidationError) as caught:
        import_workspace(ws_store, ws_encode(data), merge=True)
    assert caught.value.problems == [
        (
            "templates[2].revisions[0].snapshot.advisors[0]",
            'no advisor "cy@harbour.example" in this file',
        )
    ]
    assert export_workspace(ws_store) == before


def test_merge_refuses_a_plan_naming_a_store_item_of_another_kind(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    """In the file "Supplier risk playbook" is a risk library; in the store it is a playbook,
    and the store's item is the one a merged template would use."""
    before = export_workspace(ws_store)
    data = _with_new_template_and_client(ws_rich)
    data["content"][0]["kind"] = "risk_library"
    data["templates"][2]["risks"][0]["content"] = "Supplier risk playbook"
    with pytest.raises(ValidationError) as caught:
        import_workspace(ws_store, ws_encode(data), merge=True)
    assert caught.value.problems == [
        (
            "templates[2].risks[0].content",
            "this store's item is a playbook, not a risk library",
        )
    ]
    assert export_workspace(ws_store) == before
