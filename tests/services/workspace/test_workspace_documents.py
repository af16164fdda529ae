"""Importing documents: an issued document's sums, credits, snapshot and number are checked
before anything is written; `--merge` refuses another partner's file."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.partner import has_partner
from advisor_desk.services.workspace import (
    export_workspace,
    import_workspace,
    validate_workspace,
)
from advisor_desk.store.engine import Store

Encode = Callable[[dict[str, Any]], bytes]


def _problems(store: Store, data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        import_workspace(store, data)
    with store.read() as session:
        assert not has_partner(session)  # nothing written
    return caught.value.problems


def _invoice(ws: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = ws["documents"][0]
    assert doc["number"] == "INV-000001"
    return doc


def _credit(ws: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = ws["documents"][1]
    assert doc["number"] == "CN-000001"
    return doc


def test_a_total_that_is_not_subtotal_plus_tax_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    _invoice(ws_rich)["total"] = "1100.00"
    _invoice(ws_rich)["snapshot"]["total"] = "1100.00"
    assert _problems(store, ws_encode(ws_rich)) == [
        ("documents[0].total", "1100.00 is not subtotal + tax (129.80)")
    ]


def test_a_subtotal_that_is_not_the_sum_of_the_lines_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    _invoice(ws_rich)["lines"][0]["unit_price"] = "0.01"
    _invoice(ws_rich)["lines"][0]["amount"] = "0.01"
    problems = _problems(store, ws_encode(ws_rich))
    assert ("documents[0].subtotal", "118.00 is not the sum of the lines (36.01)") in problems


def test_a_line_amount_that_is_not_quantity_times_price_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    _invoice(ws_rich)["lines"][1]["quantity"] = "2"
    assert _problems(store, ws_encode(ws_rich)) == [
        (
            "documents[0].lines[1].amount",
            "36.00 is not quantity × unit price (2 × 24.00 = 48.00)",
        )
    ]


def test_a_tax_that_is_not_the_rate_of_the_subtotal_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    doc = _invoice(ws_rich)
    doc["tax"], doc["total"] = "0.00", "118.00"
    del doc["snapshot"]
    assert _problems(store, ws_encode(ws_rich))[0] == (
        "documents[0].tax",
        "0.00 is not the subtotal × the tax rate, rounded (118.00 × 0.10 = 11.80)",
    )


def test_credit_notes_may_not_take_back_more_than_the_invoice(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    note = _credit(ws_rich)
    note["lines"][0].update(unit_price="-200.00", amount="-200.00")
    note.update(subtotal="-200.00", tax="-20.00", total="-220.00")
    problems = _problems(store, ws_encode(ws_rich))
    assert (
        "documents[1].subtotal",
        "with the credit notes before it, takes back 200.00 of INV-000001's subtotal of 118.00",
    ) in problems


def _two_partial_credits(ws: dict[str, Any], second_tax: str) -> dict[str, Any]:
    """INV-000001 (118.00 + 11.80) credited 10.05 then 107.95: rounding each note's tax
    (1.01 + 10.80) would take back 11.81, so the second is capped at the 10.79 left."""
    first = _credit(ws)
    first["lines"][0].update(unit_price="-10.05", amount="-10.05")
    first.update(subtotal="-10.05", tax="-1.01", total="-11.06")
    second = dict(first, number="CN-000002", issued_at="2026-11-03T10:00:00")
    second["lines"] = [dict(first["lines"][0], unit_price="-107.95", amount="-107.95")]
    total = str(Decimal("-107.95") + Decimal(second_tax))
    second.update(subtotal="-107.95", tax=second_tax, total=total)
    ws["documents"].insert(2, second)
    ws["number_series"][1]["last_number"] = 2
    return ws


def test_a_credit_note_capped_at_the_tax_left_is_accepted(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    import_workspace(store, ws_encode(_two_partial_credits(ws_rich, "-10.79")))
    assert len(json.loads(export_workspace(store))["documents"]) == 4


def test_credit_notes_whose_taxes_add_up_to_more_than_the_invoice_are_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    problems = _problems(store, ws_encode(_two_partial_credits(ws_rich, "-10.80")))
    assert problems == [
        (
            "documents[2].tax",
            "with the credit notes before it, takes back 11.81 of INV-000001's tax of 11.80",
        ),
        (
            "documents[2].total",
            "with the credit notes before it, takes back 129.81 of INV-000001's total of 129.80",
        ),
    ]


def test_a_credit_note_of_a_draft_or_without_reference_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    _credit(ws_rich)["references"] = None
    problems = _problems(store, ws_encode(ws_rich))
    assert ("documents[1].references", "a credit note names the invoice it credits") in problems


def test_a_snapshot_that_contradicts_the_document_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    _invoice(ws_rich)["snapshot"] = {
        "kind": "client_invoice",
        "number": "INV-000009",
        "total": "999.00",
        "recipient": {"name": "Acme Logistics"},
        "lines": [],
    }
    problems = _problems(store, ws_encode(ws_rich))
    assert problems == [
        ("documents[0].snapshot.number", '"INV-000009" is not the document\'s number (INV-000001)'),
        ("documents[0].snapshot.total", '"999.00" is not the document\'s total (129.80)'),
        (
            "documents[0].snapshot.recipient.name",
            '"Acme Logistics" is not the document\'s recipient (Birch Retail)',
        ),
        ("documents[0].snapshot.lines", "does not list the document's 2 lines"),
    ]


def test_a_number_beyond_its_series_is_refused(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    """The store would number INV-000002 next: a file's INV-000002 would be given twice."""
    doc = _invoice(ws_rich)
    doc["number"] = doc["snapshot"]["number"] = "INV-000002"
    _credit(ws_rich)["references"] = "INV-000002"
    assert _problems(store, ws_encode(ws_rich)) == [
        (
            "documents[0].number",
            "INV-000002 is beyond the platform-invoice series (its last_number is 1): "
            "the store would give this number again",
        )
    ]


def test_merge_refuses_another_partners_file(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    before = export_workspace(ws_store)
    ws_rich["partner"]["name"] = "Somebody Else"
    with pytest.raises(ServiceError) as caught:
        import_workspace(ws_store, ws_encode(ws_rich), merge=True)
    assert str(caught.value) == (
        'the file\'s partner is "Somebody Else", not this store\'s ("Harbour Risk Advisory"): '
        "--merge adds only a partner's own data"
    )
    assert export_workspace(ws_store) == before


def test_a_supplement_refers_to_an_issued_document_of_its_kind(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    supplement = dict(_invoice(ws_rich), number="INV-000002", references="INV-000001")
    del supplement["snapshot"]
    ws_rich["documents"].insert(1, supplement)
    ws_rich["number_series"][0]["last_number"] = 2
    import_workspace(store, ws_encode(ws_rich))  # a supplementary invoice (`invoice adjust`)

    ws_rich["documents"][1]["references"] = "CN-000001"
    with pytest.raises(ValidationError) as caught:
        validate_workspace(ws_rich)
    assert caught.value.problems == [
        ("documents[1].references", "a supplement refers to an issued client invoice")
    ]
