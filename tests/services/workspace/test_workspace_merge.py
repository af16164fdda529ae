"""`import --merge`: what the store lacks is added, what it has (by name) is left alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store


def _other_firm(ws_rich: dict[str, Any]) -> dict[str, Any]:
    """The rich workspace as another store would export it, with some new things."""
    data = ws_rich
    data["partner"]["name"] = "HARBOUR RISK ADVISORY"  # the same partner, another spelling
    data["partner"]["agreement"]["advisor_fee"] = "999.00"
    acme = data["clients"][1]
    acme["name"] = "ACME LOGISTICS"  # already in the store: skipped, members and all
    acme["members"].append(
        {"email": "new@acme.example", "name": "New", "licenses": [["free", "2026-03-01", None]]}
    )
    data["clients"].append(
        {
            "name": "Dune Energy",
            "domain": "dune.example",
            "employees": 40,
            "billing_model": [["2026-09", "direct"]],
            "created": "2026-09-01",
            "archived": None,
            "tags": [],
            "members": [
                {
                    "email": "kim@dune.example",
                    "name": "Kim",
                    "licenses": [["free", "2026-09-01", None]],
                }
            ],
            "content": ["NIST CSF 2.0", "supplier RISK playbook"],
            "template": "iso 27001 readiness",
        }
    )
    data["content"].append(
        {
            "title": "NIST CSF 2.0",
            "kind": "framework",
            "library": "open",
            "version": "2.0",
            "price": None,
            "published": True,
            "locked": False,
            "tags": [],
        }
    )
    data["content"][0]["title"] = "Supplier Risk Playbook"
    for client in data["clients"]:
        client["content"] = [
            "Supplier Risk Playbook" if t == "Supplier risk playbook" else t
            for t in client["content"]
        ]
    data["advisors"][0]["client_access"].append("Dune Energy")  # Bo: already there
    data["advisors"].append(
        {
            "email": "dee@harbour.example",
            "name": "Dee",
            "role": "advisor",
            "active": [["2026-09-01", None]],
            "client_access": ["ACME LOGISTICS", "Dune Energy"],
        }
    )
    return data


def test_merge_adds_what_is_missing_and_skips_what_is_there(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    before = json.loads(export_workspace(ws_store))
    summary = import_workspace(ws_store, ws_encode(_other_firm(ws_rich)), merge=True)
    assert summary.counts == {
        "advisors": 1,
        "clients": 1,
        "members": 1,
        "content": 1,
        "templates": 0,
        "documents": 0,
    }
    assert summary.skipped == {
        "partner": ("HARBOUR RISK ADVISORY",),
        "content": ("Supplier Risk Playbook", "ISO/IEC 27001:2022"),
        "templates": ("ISO 27001 readiness", "Old onboarding"),
        "clients": ("Birch Retail", "ACME LOGISTICS", "Cedar Health"),
        "advisors": ("bo@harbour.example", "ana@harbour.example", "cy@harbour.example"),
        "documents": (
            "INV-000001",
            "CN-000001",
            "draft consolidated_invoice 2026-11 Harbour Risk Advisory",
        ),
    }
    after = json.loads(export_workspace(ws_store))
    assert after["partner"] == before["partner"]  # the store's own partner and prices
    assert after["documents"] == before["documents"]
    clients = {c["name"]: c for c in after["clients"]}
    assert clients["Acme Logistics"] == next(
        c for c in before["clients"] if c["name"] == "Acme Logistics"
    )
    dune = clients["Dune Energy"]
    # Names resolve to the store's own content and template, whatever their case in the file.
    assert dune["content"] == ["NIST CSF 2.0", "Supplier risk playbook"]
    assert dune["template"] == "ISO 27001 readiness"
    advisors = {a["email"]: a for a in after["advisors"]}
    assert advisors["dee@harbour.example"]["client_access"] == ["Acme Logistics", "Dune Energy"]
    assert advisors["bo@harbour.example"]["client_access"] == [
        "Acme Logistics",
        "Birch Retail",
        "Dune Energy",
    ]


def test_merging_the_same_file_twice_adds_nothing_the_second_time(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    data = ws_encode(_other_firm(ws_rich))
    import_workspace(ws_store, data, merge=True)
    once = export_workspace(ws_store)
    summary = import_workspace(ws_store, data, merge=True)
    assert set(summary.counts.values()) == {0}
    assert export_workspace(ws_store) == once


def test_merge_into_an_empty_store_is_a_plain_import(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    summary = import_workspace(store, ws_encode(ws_rich), merge=True)
    assert summary.skipped == {}
    assert summary.counts["clients"] == 3
