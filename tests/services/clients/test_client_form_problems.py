"""A client form with several wrong fields hears about all of them at once, and nothing is
written (the window marks every field, not one per Save)."""

from __future__ import annotations

import pytest

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import teams
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store


@pytest.fixture
def firm(store: Store) -> Store:
    create_partner(store, name="Harbour Risk Partners")
    return store


def test_creating_names_every_wrong_field(firm: Store) -> None:
    with pytest.raises(ValidationError) as raised:
        teams.create_client(firm, name="  ", domain="not a domain!", tags={"a": 1})
    assert {field for field, _ in raised.value.problems} == {"name", "domain", "tags"}
    assert teams.list_clients(firm) == []


def test_editing_names_every_wrong_field_and_changes_nothing(firm: Store) -> None:
    acme = teams.create_client(firm, name="Acme Logistics", domain="acme.example")
    teams.create_client(firm, name="Birch Retail")
    with pytest.raises(ValidationError) as raised:
        teams.edit_client(firm, acme.id, name="birch retail", domain="not a domain!")
    assert {field for field, _ in raised.value.problems} == {"name", "domain"}
    (kept,) = [c for c in teams.list_clients(firm) if c.id == acme.id]
    assert (kept.name, kept.domain) == ("Acme Logistics", "acme.example")
