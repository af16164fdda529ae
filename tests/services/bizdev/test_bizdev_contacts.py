"""A client's primary contact: from the clients CSV (`contact_email,contact_name`), set by
hand, and used by assessments; a prospect's contacts."""

from __future__ import annotations

import pytest

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.bizdev.prospects import (
    apply_add_contact,
    apply_add_prospect,
    apply_set_client_contact,
    list_prospects,
)
from advisor_desk.services.clients.csv_import import import_clients_csv
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client

CSV = (
    "name,domain,billing_model,template,contact_email,contact_name\n"
    "Acme,acme.example,direct,,Ops@Acme.example,Ana Ops\n"
    "Bolt,,reseller,,,\n"
)


def test_the_clients_csv_takes_an_optional_contact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour Risk Partners")
    with pytest.raises(ValidationError) as bad:
        import_clients_csv(store, CSV.replace("Ops@Acme.example", "not-an-address"))
    assert bad.value.lines() == [
        "clients.csv line 2: contact_email 'not-an-address' is not an email address"
    ]
    import_clients_csv(store, CSV)
    with store.read() as session:
        contacts = {c.name: (c.contact_email, c.contact_name) for c in session.query(Client)}
    assert contacts == {"Acme": ("ops@acme.example", "Ana Ops"), "Bolt": ("", "")}
    run_op(store, apply_set_client_contact, "Bolt", name="Bo", email="bo@bolt.example")
    with pytest.raises(ValidationError, match="contact_email"):
        run_op(store, apply_set_client_contact, "Bolt", email="nope")


def test_prospects_and_their_contacts(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour Risk Partners")
    with pytest.raises(ValidationError) as bad:
        run_op(store, apply_add_prospect, " ", domain="not a domain", contact_email="x")
    assert [field for field, _ in bad.value.problems] == ["name", "domain", "contact_email"]
    run_op(store, apply_add_prospect, "Lumen Dental", industry="Dental", contact_name="Li")
    with pytest.raises(ValidationError, match="already a prospect"):
        run_op(store, apply_add_prospect, "lumen dental")
    run_op(store, apply_add_contact, "Lumen Dental", name="Max", email="max@lumen.example")
    [shown] = run_query(store, list_prospects)
    assert (shown.name, shown.industry, shown.contact_name) == ("Lumen Dental", "Dental", "Li")


def test_prospects_from_a_csv_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor_desk.services.bizdev.prospects import apply_import_prospects

    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour Risk Partners")
    bad = (
        "name,domain,contact_email\nLumen,lumen.example,ceo@lumen.example\n"
        ",x.example,\nLumen,,\nKite,,nope\n"
    )
    with pytest.raises(ValidationError) as error:
        run_op(store, apply_import_prospects, bad)
    assert [place for place, _ in error.value.problems] == [
        "prospects.csv line 3", "prospects.csv line 4", "prospects.csv line 5",
    ]  # fmt: skip
    assert run_query(store, list_prospects) == []
    good = "name,industry,contact_name,contact_email\nLumen,Dental,Li,li@lumen.example\nKite,,,\n"
    assert run_op(store, apply_import_prospects, good).value == 2
    assert [p.name for p in run_query(store, list_prospects)] == ["Kite", "Lumen"]
