"""The sync window runs no SQL: what it says about a refused row, and the firm it offers to
upload, come from sync queries as plain data (sync.row_names, sync.offline), and its words
are made from that data alone."""

from __future__ import annotations

from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.people import advisors
from advisor_desk.store.engine import Store
from advisor_desk.store.models import AdvisorAccess, Partner
from advisor_desk.sync import local
from advisor_desk.sync.offline import OfflineFirm, offline_firm
from advisor_desk.sync.row_names import RowNames, field_names, row_names
from advisor_desk.ui.sync.refusal_words import rows_of_fields, values_named, words_of_row


def test_words_are_made_from_plain_names() -> None:
    both = RowNames("", (("advisor_id", "advisor", "Bo"), ("client_id", "client", "Acme")))
    assert words_of_row("advisor_access", both) == "Bo's access to Acme"
    one = RowNames("", (("advisor_id", "advisor", "Ana Souza"),))
    assert words_of_row("advisor_activity", one) == "Ana Souza's activity"
    assert words_of_row("client", RowNames("Acme")) == "Acme"
    assert words_of_row("member_license", RowNames("", (("member_id", "member", ""),))) == (
        "a member's license"
    )
    fields = {"id": "x", "version": 3, "advisor_id": "a1", "client_id": "c9", "note": "hi"}
    pointed = {"advisor_id": ("advisor", "Bo"), "client_id": ("client", "")}
    assert rows_of_fields(fields, pointed) == [
        ("Advisor", "Bo"),
        ("Client", "(not here)"),
        ("Note", "hi"),
    ]
    assert values_named(fields, pointed) == fields | {"advisor_id": "Bo", "client_id": "(not here)"}


def test_the_names_query_reads_what_this_laptop_holds(partner_store: Store) -> None:
    bo = advisors.add_advisor(partner_store, email="bo@x.example", name="Bo")
    acme = create_client(partner_store, name="Acme")
    advisors.give_access(partner_store, bo.id, acme.id)
    with partner_store.read() as session:
        access = session.query(AdvisorAccess).filter_by(advisor_id=bo.id).one().id
    names = row_names(partner_store, "advisor_access", access, {})
    assert names.own == ""
    assert {(parent, label) for _f, parent, label in names.parents} == {
        ("advisor", "Bo"),
        ("client", "Acme"),
    }
    assert row_names(partner_store, "client", acme.id, {}) == RowNames("Acme")
    assert row_names(partner_store, "client", "gone", {"name": "Old Co"}) == RowNames("Old Co")
    assert field_names(partner_store, "advisor_access", {"client_id": acme.id, "x": 1}) == {
        "client_id": ("client", "Acme")
    }


def test_the_offline_firm_is_plain_data(partner_store: Store) -> None:
    create_client(partner_store, name="Acme")
    assert offline_firm(partner_store) == OfflineFirm("Harbour Risk Partners", 1)
    assert offline_firm(partner_store).words() == "Harbour Risk Partners (1 client)"  # type: ignore[union-attr]
    with partner_store.write() as session:
        partner_id = session.query(Partner).one().id
        local.save_account(session, partner_id=partner_id, email="ana@x.example")
    assert offline_firm(partner_store) is None  # it syncs: nothing to upload
