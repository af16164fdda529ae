"""A row the server stores is a row every laptop can pull. An insert that leaves a field out
takes the column's default; a default its field rule refuses would be stored and then parked
on every laptop. Found by fuzzing the server: resale settings defaulted to the invoice prefix
"INV-" (the platform's own series), and a legal name left out was stored empty. Now a
default is one its rule accepts, or the insert leaving that field out is refused naming it."""

from __future__ import annotations

from typing import Any

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.field_rules import FIELD_RULES, check_field
from advisor_desk.server.push_checks import Rejected, omitted_defaults
from advisor_desk.store.models import ENTITY_MODELS


def _defaults() -> list[tuple[str, str, Any]]:
    found = []
    for entity, rules in FIELD_RULES.items():
        model = ENTITY_MODELS.get(entity)
        if model is None:
            continue
        for name in rules:
            column = model.__table__.columns.get(name)
            default = None if column is None else column.default
            if default is not None and default.is_scalar and default.arg is not None:
                found.append((entity, name, default.arg))
    return found


@pytest.mark.parametrize(("entity", "name", "default"), _defaults())
def test_a_left_out_field_is_stored_only_with_a_default_its_rule_accepts(
    entity: str, name: str, default: Any
) -> None:
    try:
        check_field(entity, name, default)
    except DomainError:
        with pytest.raises(Rejected) as refused:
            omitted_defaults(entity, {})
        assert refused.value.reason.startswith(f"{name}: ") or f"{name}:" in refused.value.reason
        assert "left out" in refused.value.reason
    else:
        others = {field: None for field, *_ in [d[1:] for d in _defaults() if d[0] == entity]}
        others.pop(name)
        assert name in omitted_defaults(entity, {k: v for k, v in others.items()})


def test_the_resale_prefix_default_is_the_partners_own_series() -> None:
    assert ("resale_settings", "invoice_prefix", "PI-") in _defaults()
    check_field("resale_settings", "invoice_prefix", "PI-")


def test_a_resale_insert_without_a_legal_name_is_refused_naming_it() -> None:
    with pytest.raises(Rejected) as refused:
        omitted_defaults("resale_settings", {"invoice_prefix": "HRA-"})
    assert refused.value.reason == "legal_name: must not be empty (the field was left out)"
