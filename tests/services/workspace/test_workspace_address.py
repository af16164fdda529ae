"""A client's postal address in the workspace file: always written, optional on read (older
files have none), export → import → export byte-identical, a bad one named by its path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store

pytestmark = pytest.mark.usefixtures("ws_today")

ADDRESS = "Level 3, 12 Quay Street\nAuckland 1010\nNew Zealand"
Encode = Callable[[dict[str, Any]], bytes]


def _by_name(data: bytes) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in json.loads(data)["clients"]}


def test_an_address_round_trips_byte_for_byte(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode, tmp_path: Path
) -> None:
    ws_rich["clients"][0]["address"] = ADDRESS
    name = ws_rich["clients"][0]["name"]
    import_workspace(store, ws_encode(ws_rich))
    first = export_workspace(store)
    assert _by_name(first)[name]["address"] == ADDRESS
    assert '"address": "Level 3, 12 Quay Street\\nAuckland 1010\\nNew Zealand"' in first.decode()
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
    finally:
        other.close()


def test_a_file_without_addresses_reads_and_gets_empty_ones(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode
) -> None:
    for client in ws_rich["clients"]:
        client.pop("address", None)
    import_workspace(store, ws_encode(ws_rich))
    written = _by_name(export_workspace(store))
    assert {c["address"] for c in written.values()} == {""}
    keys = list(next(iter(written.values())))
    assert keys.index("address") == keys.index("domain") + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("1 Quay St\x00", "NUL"), (["1 Quay St"], "expected a string"), ("x" * 2001, "2000")],
)
def test_a_bad_address_is_named_by_its_path(
    store: Store, ws_rich: dict[str, Any], ws_encode: Encode, value: object, message: str
) -> None:
    ws_rich["clients"][1]["address"] = value
    with pytest.raises(ValidationError) as raised:
        import_workspace(store, ws_encode(ws_rich))
    (line,) = raised.value.lines()
    assert line.startswith("clients[1].address: "), line
    assert message in line, line
