"""Export → import → export gives the same file, and the file holds what the store holds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import partners
from advisor_desk.services.billing.issuing import credit_note, issue_period
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.library import content
from advisor_desk.services.people import advisors, members
from advisor_desk.services.templates import catalogue as templates
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import (
    SYNCED_MODELS,
    Client,
    ClientContent,
    Member,
    MemberLicense,
    NumberSeries,
    Outbox,
)
from tests.services.conftest import RICH

pytestmark = pytest.mark.usefixtures("ws_today")


def _fresh(tmp_path: Path, name: str) -> Store:
    return open_store(tmp_path / name)


def _counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (*SYNCED_MODELS, Outbox, NumberSeries)
        }


def test_rich_workspace_round_trips_byte_for_byte(ws_store: Store, tmp_path: Path) -> None:
    first = export_workspace(ws_store)
    other = _fresh(tmp_path, "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
    finally:
        other.close()


def test_the_export_is_the_file_it_was_imported_from(ws_store: Store) -> None:
    exported = json.loads(export_workspace(ws_store))
    assert exported["partner"]["agreement"] == RICH["partner"]["agreement"]
    assert exported["partner"]["agreement_history"] == RICH["partner"]["agreement_history"]
    assert exported["partner"]["resale"] == RICH["partner"]["resale"]
    assert exported["number_series"] == sorted(RICH["number_series"], key=lambda s: s["key"])
    # Lists are sorted by name / email / title; everything else is kept as it was.
    assert [a["email"] for a in exported["advisors"]] == sorted(
        a["email"] for a in RICH["advisors"]
    )
    bo = next(a for a in exported["advisors"] if a["name"] == "Bo")
    assert bo["active"] == [["2026-01-01", "2026-03-03"], ["2026-06-01", None]]
    assert bo["client_access"] == ["Acme Logistics", "Birch Retail"]
    by_name = {c["name"]: c for c in exported["clients"]}
    assert list(by_name) == ["Acme Logistics", "Birch Retail", "Cedar Health"]
    birch = by_name["Birch Retail"]
    original = RICH["clients"][0]
    assert birch["billing_model"] == original["billing_model"]
    assert birch["members"] == sorted(original["members"], key=lambda m: m["email"])
    assert birch["content"] == ["ISO/IEC 27001:2022", "Supplier risk playbook"]
    assert (birch["template"], birch["template_revision"]) == ("ISO 27001 readiness", 2)
    assert by_name["Cedar Health"]["archived"] == "2026-05-20"
    playbook = next(c for c in exported["content"] if c["library"] == "partner")
    assert (playbook["price"], playbook["description"]) == ("450.00", "Our own playbook.")
    credit = next(d for d in exported["documents"] if d["kind"] == "credit_note")
    assert credit == {**RICH["documents"][1], "snapshot": None}
    invoice = next(d for d in exported["documents"] if d["number"] == "INV-000001")
    assert invoice == RICH["documents"][0]


def test_the_file_layout(ws_store: Store) -> None:
    text = export_workspace(ws_store).decode("utf-8")
    assert text.startswith('{\n  "format": "advisor-desk/workspace",\n  "version": 1,\n')
    assert text.endswith("}\n")
    assert '"tags": ["retail", "nsw"]' in text  # lists of plain values on one line
    assert '"name": "Ana Álvarez"' in text  # UTF-8, not \\u escapes
    assert list(json.loads(text)) == [
        "format",
        "version",
        "partner",
        "advisors",
        "clients",
        "content",
        "templates",
        "documents",
        "number_series",
        "prospects",
        "reviews",
        "assessments",
    ]


def test_values_are_written_in_their_one_canonical_form(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    agreement = ws_rich["partner"]["agreement"]
    agreement.update(advisor_fee="120", referral_rate="0.2", tax_rate="0.100")
    ws_rich["content"][0]["price"] = "450.000"  # exact, so accepted; written with 2 decimals
    import_workspace(store, ws_encode(ws_rich))
    exported = json.loads(export_workspace(store))["partner"]["agreement"]
    assert (exported["advisor_fee"], exported["referral_rate"], exported["tax_rate"]) == (
        "120.00",
        "0.20",
        "0.10",
    )


def test_import_writes_one_outbox_insert_per_row_with_the_row_fields(ws_store: Store) -> None:
    counts = _counts(ws_store)
    synced = sum(counts[model.__tablename__] for model in SYNCED_MODELS)
    assert counts["outbox"] == synced
    with ws_store.read() as session:
        client = session.scalars(select(Client).where(Client.name == "Birch Retail")).one()
        mutation = session.scalars(select(Outbox).where(Outbox.row_id == client.id)).one()
        license_row = session.scalars(select(MemberLicense).limit(1)).one()
        license_mutation = session.scalars(
            select(Outbox).where(Outbox.row_id == license_row.id)
        ).one()
    assert (mutation.entity, mutation.op, mutation.base_version) == ("client", "insert", 0)
    fields = json.loads(mutation.fields_json)
    assert fields["name"] == "Birch Retail"
    assert fields["created"] == "2026-02-03"
    assert fields["tags"] == ["retail", "nsw"]
    assert fields["template_version"] == 2
    assert set(json.loads(license_mutation.fields_json)) == {"member_id", "tier", "start", "end"}


def test_tombstoned_rows_are_left_out(ws_store: Store) -> None:
    with ws_store.write() as session:
        client = session.scalars(select(Client).where(Client.name == "Cedar Health")).one()
        client.deleted = True
        mo = session.scalars(select(Member).where(Member.email == "al@birch.example")).one()
        mo.deleted = True
        link = session.scalars(select(ClientContent).limit(1)).one()
        link.deleted = True
    exported = json.loads(export_workspace(ws_store))
    names = [c["name"] for c in exported["clients"]]
    assert "Cedar Health" not in names
    cy = next(a for a in exported["advisors"] if a["name"] == "Cy")
    assert cy["client_access"] == []
    birch = next(c for c in exported["clients"] if c["name"] == "Birch Retail")
    assert [m["email"] for m in birch["members"]] == ["jo@birch.example"]


def test_a_workspace_made_through_the_app_round_trips(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data made by the services (history, issued documents, a credit note) survives."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-01-12")
    partners.create_partner(store, name="Harbour Risk Advisory")
    partners.save_resale_settings(
        store, just_risk="49.00", risk_compliance="99.00", tax_rate="0.10", legal_name="HRA"
    )
    framework = content.add_item(
        store, title="NIST CSF 2.0", kind=ContentKind.FRAMEWORK, library=content.Library.OPEN
    )
    template = templates.create_template(
        store,
        name="Cyber uplift",
        license_tier=LicenseTier.RISK_COMPLIANCE,
        billing_model=BillingModel.DIRECT,
        content_ids=(framework.id,),
    )
    templates.edit_template(store, template.id, members=3)
    ana = advisors.add_advisor(store, email="ana@harbour.example", name="Ana")
    acme = clients.create_client(store, name="Acme", billing_model=BillingModel.DIRECT)
    mo = members.add_member(
        store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.JUST_RISK
    )
    advisors.give_access(store, ana.id, acme.id)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-02-20")
    members.change_tier(store, mo.id, LicenseTier.RISK_COMPLIANCE)
    advisors.deactivate_advisor(store, ana.id)
    clients.change_billing_model(store, acme.id, BillingModel.RESELLER)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-04-02")
    advisors.reactivate_advisor(store, ana.id)
    issued = issue_period(store, Period(2026, 2))
    invoice = next(d for d in issued if d.kind == "client_invoice")
    credit_note(store, invoice.number or "", amount="10.00")

    first = export_workspace(store)
    other = _fresh(tmp_path, "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
        # The access log is the store's own record, not part of a workspace file.
        kept = _counts(other)
        assert kept == _counts(store) | {"outbox": kept["outbox"], "access_event": 0}
    finally:
        other.close()
    data = json.loads(first)
    assert data["templates"][0]["revision"] == 2
    assert next(a for a in data["advisors"])["active"] == [
        ["2026-01-12", "2026-02-20"],
        ["2026-04-02", None],
    ]
    assert {d["number"] for d in data["documents"]} >= {invoice.number, "CN-000001"}


def test_numbering_goes_on_after_the_imported_documents(ws_store: Store) -> None:
    credited = credit_note(ws_store, "INV-000001", amount="5.00")
    assert credited.number == "CN-000002"
