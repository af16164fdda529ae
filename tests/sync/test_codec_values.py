"""The sync codec refuses, field by field, every value a database would refuse and every value
the domain forbids; and it takes everything a laptop itself stores."""

from __future__ import annotations

import math
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, BigInteger, Date, DateTime, Integer, String, inspect, select

from advisor_desk.services.billing import partners
from advisor_desk.services.demo import make_demo
from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.engine import open_store
from advisor_desk.store.models import ENTITY_MODELS, SYNCED_MODELS, Client
from advisor_desk.store.outbox import entity_fields
from advisor_desk.store.types import FixedDecimal
from advisor_desk.sync.apply import apply_careful, apply_changes
from advisor_desk.sync.codec import FieldError, decode_fields, decode_row, row_problem


def _columns() -> list[tuple[str, str, Any]]:
    found = []
    for entity, model in ENTITY_MODELS.items():
        for column in inspect(model).columns:
            if column.key not in SYNC_COLUMNS:
                found.append((entity, column.key, column.type))
    return found


def _unstorable(column_type: Any) -> list[Any]:
    """Values of the column's JSON type that no database column of that type takes."""
    if isinstance(column_type, FixedDecimal):
        return ["NaN", "Infinity", "1e400", str(2**63), "9" * 80, 1.5]
    if isinstance(column_type, BigInteger):
        return [2**63, True]
    if isinstance(column_type, Integer):
        return [2**31, -(2**31) - 1, 2**70, True, "1", 1.0]
    if isinstance(column_type, DateTime):
        return ["0001-01-01T00:00:00+01:00", "2026-02-30T00:00:00", "x" * 100, 5]
    if isinstance(column_type, Date):
        return ["2026-02-30", "20261101", "13/99", "2026-13-01", 20261101]
    if isinstance(column_type, JSON):
        return ["text", 5, [math.nan], ["a\x00"], {"a": math.inf}]
    if isinstance(column_type, String):
        too_long = "x" * ((column_type.length or 100_000) + 1)
        return ["a\x00b", "\ud800", too_long, 5, ["list"]]
    return []


@pytest.mark.parametrize(("entity", "name", "column_type"), _columns())
def test_every_field_refuses_what_its_column_cannot_hold(
    entity: str, name: str, column_type: Any
) -> None:
    for value in _unstorable(column_type):
        with pytest.raises(FieldError) as error:
            decode_fields(entity, {name: value})
        assert error.value.field == name, value


@pytest.mark.parametrize(
    ("entity", "fields", "field"),
    [
        ("member_license", {"tier": "gold"}, "tier"),
        ("client_billing_model", {"model": "free-beer"}, "model"),
        ("client_billing_model", {"effective_from": "13/99"}, "effective_from"),
        ("client", {"tags": {"a": "b"}}, "tags"),
        ("advisor", {"role": "superuser"}, "role"),
        ("member_license", {"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ("advisor_activity", {"start": "2026-05-01", "end": "2026-05-01"}, "end"),
        ("agreement", {"currency": "JPY", "advisor_fee": "12.5"}, "advisor_fee"),
        ("document", {"period": "2030-13"}, "period"),
        ("client", {"employees": 2**31}, "employees"),
        ("client", {"name": "Acme\x00"}, "name"),
    ],
)
def test_a_pulled_row_with_a_bad_value_is_named_not_stored(
    entity: str, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(FieldError) as error:
        decode_row(entity, fields)
    assert error.value.field == field
    problem = row_problem(entity, fields)
    assert problem is not None
    assert problem.startswith(f"{field}:")


def test_everything_a_laptop_stores_decodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-06")
    store = open_store(tmp_path)
    try:
        make_demo(store, clients=6, content=120, seed=3)
        seen: set[str] = set()
        with store.read() as session:
            for model in SYNCED_MODELS:
                for row in session.scalars(select(model).where(model.deleted.is_(False))):
                    fields = entity_fields(row)
                    assert row_problem(model.__tablename__, fields) is None, (
                        model.__tablename__,
                        row_problem(model.__tablename__, fields),
                    )
                    seen.add(model.__tablename__)
        assert {"client", "member_license", "agreement", "document", "content_item"} <= seen
    finally:
        store.close()


def test_a_pull_page_with_bad_values_keeps_the_good_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-06")
    store = open_store(tmp_path)

    def change(entity: str, **fields: Any) -> dict[str, Any]:
        row = {"entity": entity, "id": str(uuid.uuid4()), "version": 7, "deleted": False}
        return {**row, "fields": fields}

    good = change("client", name="Good", domain="", created="2026-01-10", tags=["a"])
    tagged = change("client", name="Bad", domain="", created="2026-01-10", tags={"a": 1})
    named = change("client", name="Nul\x00", domain="", created="2026-01-10", tags=[])
    gold = change("member_license", member_id=str(uuid.uuid4()), tier="gold", start="2026-01-01")
    try:
        partner = partners.create_partner(store, name="Harbour", currency="AUD")
        with store.write() as session:
            bad = apply_careful(session, [tagged, gold, good, named], partner.id)
        reasons = {c["id"]: reason for c, reason in bad}
        assert "tags" in reasons[tagged["id"]]
        assert "tier" in reasons[gold["id"]]
        assert "NUL" in reasons[named["id"]]
        assert good["id"] not in reasons
        with store.read() as session:
            assert session.get(Client, good["id"]) is not None
            assert session.get(Client, tagged["id"]) is None
    finally:
        store.close()


def test_a_pulled_row_breaking_a_rule_across_its_fields_is_parked_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each field is fine, together they are not (archived before it was created): the
    laptop's billing would choke on it, so the pull leaves it out and says why."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-06")
    store = open_store(tmp_path)
    fields = {"name": "Backwards", "domain": "", "tags": []}
    backwards = {
        "entity": "client",
        "id": str(uuid.uuid4()),
        "version": 7,
        "deleted": False,
        "fields": {**fields, "created": "2026-05-10", "archived": "2026-01-10"},
    }
    try:
        partner = partners.create_partner(store, name="Harbour", currency="AUD")
        with pytest.raises(FieldError), store.write() as session:
            apply_changes(session, [backwards], partner.id)
        with store.write() as session:
            bad = apply_careful(session, [backwards], partner.id)
        assert [c["id"] for c, _ in bad] == [backwards["id"]]
        assert "archived" in bad[0][1]
        with store.read() as session:
            assert session.get(Client, backwards["id"]) is None
    finally:
        store.close()
