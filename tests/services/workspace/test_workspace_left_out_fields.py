"""Fields whose None only means "left out" (a client's `grants`, an agreement's free-license
price): leaving them out is fine, a null written in their place is refused by name. And a
document's status is read as domain's DocumentStatus."""

from __future__ import annotations

from typing import Any

import pytest

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import validate_workspace


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        validate_workspace(data)
    return caught.value.problems


def test_grants_left_out_is_fine_but_null_is_refused(ws_rich: dict[str, Any]) -> None:
    for client in ws_rich["clients"]:
        client.pop("grants", None)
    validate_workspace(ws_rich)
    ws_rich["clients"][0]["grants"] = None
    assert ("clients[0].grants", "expected a list, got null") in _problems(ws_rich)


def test_free_license_price_left_out_is_fine_but_null_is_refused(ws_rich: dict[str, Any]) -> None:
    prices = ws_rich["partner"]["agreement"]["license_price"]
    del prices["free"]
    validate_workspace(ws_rich)
    prices["free"] = None
    problems = _problems(ws_rich)
    assert [m for p, m in problems if p.endswith("license_price.free")] == [
        'expected a string such as "120.00", got null'
    ]


def test_document_statuses_are_domain_statuses(ws_rich: dict[str, Any]) -> None:
    workspace = validate_workspace(ws_rich)
    statuses = [doc.status for doc in workspace.documents]
    assert all(isinstance(status, DocumentStatus) for status in statuses)
    assert {DocumentStatus.DRAFT, DocumentStatus.ISSUED} <= set(statuses)
    ws_rich["documents"][0]["status"] = "Issued"
    assert any(place.startswith("documents[0].status") for place, _ in _problems(ws_rich))
