"""A client's postal address (issue 12, 17): saved on create, edit, onboarding and CSV import,
shown in the client's summary; a bad one is refused naming the `address` field."""

from __future__ import annotations

import json

import pytest

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import teams
from advisor_desk.services.clients.csv_import import import_clients_csv
from advisor_desk.services.clients.onboarding import onboard_client
from advisor_desk.services.clients.onboarding_review import DetailsCheck
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import export_workspace
from advisor_desk.store.engine import Store

ADDRESS = "Level 3, 12 Quay Street\nAuckland 1010\nNew Zealand"


@pytest.fixture
def firm(store: Store) -> Store:
    create_partner(store, name="Harbour Risk Partners")
    return store


def _problems(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return dict(raised.value.problems)


def test_the_address_is_saved_and_shown(firm: Store) -> None:
    acme = teams.create_client(firm, name="Acme", address=ADDRESS)
    assert acme.address == ADDRESS
    assert teams.get_client(firm, acme.id).address == ADDRESS
    plain = teams.create_client(firm, name="Birch")
    assert plain.address == ""


def test_editing_the_address_keeps_the_rest_and_tidies_the_lines(firm: Store) -> None:
    acme = teams.create_client(firm, name="Acme", domain="acme.example")
    typed = "\r\n  1 Dock Road   \r\nFremantle WA 6160\r\n\r\n"
    edited = teams.edit_client(firm, acme.id, address=typed)
    assert edited.address == "1 Dock Road\nFremantle WA 6160"
    assert (edited.name, edited.domain) == ("Acme", "acme.example")
    assert teams.edit_client(firm, acme.id, name="Acme Ltd").address == edited.address
    assert teams.edit_client(firm, acme.id, address="").address == ""


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("1 Quay St\x00", "NUL"),
        ("x" * 2001, "longer than 2000"),
        ("1 Quay St\x07", "control character"),
    ],
)
def test_a_bad_address_is_named_and_nothing_is_written(
    firm: Store, address: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        teams.create_client(firm, name="Acme", address=address)
    assert message in _problems(raised)["address"]
    assert teams.list_clients(firm) == []
    birch = teams.create_client(firm, name="Birch", address=ADDRESS)
    with pytest.raises(ValidationError) as raised:
        teams.edit_client(firm, birch.id, name="Birch Ltd", address=address)
    assert set(_problems(raised)) == {"address"}
    assert (teams.get_client(firm, birch.id).name, teams.get_client(firm, birch.id).address) == (
        "Birch",
        ADDRESS,
    )


def test_onboarding_takes_an_address_and_checks_it_as_you_type(firm: Store) -> None:
    assert DetailsCheck(firm).problems(
        name="Acme", domain="", employees=None, tags=(), address="a\x00"
    ) == {"address": "must not contain a NUL character"}
    acme = onboard_client(firm, template=None, name="Acme", billing_model="direct", address=ADDRESS)
    assert acme.address == ADDRESS


@pytest.mark.usefixtures("ws_today")
def test_a_csv_may_give_addresses(ws_store: Store) -> None:
    text = (
        "name,domain,billing_model,template,address\n"
        f'Dune Energy,dune.example,direct,,"{ADDRESS}"\n'
        "Elm Partners,elm.example,direct,,\n"
    )
    import_clients_csv(ws_store, text)
    clients = {c["name"]: c for c in json.loads(export_workspace(ws_store))["clients"]}
    assert clients["Dune Energy"]["address"] == ADDRESS
    assert clients["Elm Partners"]["address"] == ""


@pytest.mark.usefixtures("ws_today")
def test_a_bad_address_in_a_csv_is_named_by_its_line(ws_store: Store) -> None:
    text = 'name,domain,billing_model,template,address\nDune,,direct,,"a\x07b"\n'
    with pytest.raises(ValidationError) as raised:
        import_clients_csv(ws_store, text)
    (line,) = raised.value.lines()
    assert line.startswith("clients.csv line 2: address must not contain the control")
