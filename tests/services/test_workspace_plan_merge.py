"""`import --merge` with library history and plans: they come only with new items,
templates and clients, and what they name resolves to the store's own rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store
from tests.services.test_workspace_plan_errors import _planned

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
            "revisions": [{"revision": 1, "snapshot": {"name": "Privacy check"}}],
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
    assert privacy["revisions"] == [{"revision": 1, "snapshot": {"name": "Privacy check"}}]
    dune = _named(after["clients"], "name", "Dune Energy")
    assert dune["assessments"] == [{"content": "Gap survey", "due": "2026-12-01"}]
    # Merging again adds nothing.
    again = import_workspace(ws_store, file, merge=True)
    assert set(again.counts.values()) == {0}
    assert json.loads(export_workspace(ws_store)) == after


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
