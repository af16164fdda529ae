"""Clients, members and advisors: validation that names the field, history that is kept."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing import partners
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library import content
from advisor_desk.services.people import advisors, members
from advisor_desk.services.templates import catalogue as templates
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, Outbox

D = dt.date


@pytest.fixture
def partner(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-03-10")
    partners.create_partner(store, name="Harbour Risk Advisory")


def _outbox_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox)) or 0


@pytest.mark.usefixtures("partner")
def test_duplicate_client_name_is_refused_case_insensitively(store: Store) -> None:
    clients.create_client(store, name="Acme Logistics")
    before = _outbox_count(store)
    with pytest.raises(ValidationError) as caught:
        clients.create_client(store, name="  acme logistics ")
    assert caught.value.problems == [("name", "a client named 'acme logistics' already exists")]
    assert _outbox_count(store) == before


@pytest.mark.usefixtures("partner")
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Birch", "domain": "not a domain"}, "domain"),
        ({"name": "Birch", "employees": -3}, "employees"),
    ],
)
def test_bad_client_input_names_the_field_and_writes_nothing(
    store: Store, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        clients.create_client(store, **fields)
    assert caught.value.problems[0][0] == field
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 0


@pytest.mark.usefixtures("partner")
def test_client_summary_shows_the_license_mix(store: Store) -> None:
    acme = clients.create_client(store, name="Acme", domain="https://www.Acme.example/")
    assert acme.domain == "acme.example"
    for i, tier in enumerate([LicenseTier.RISK_COMPLIANCE] * 4 + [LicenseTier.JUST_RISK]):
        members.add_member(store, acme.id, email=f"m{i}@acme.example", name=f"M{i}", tier=tier)
    for i in range(3):
        members.add_member(
            store, acme.id, email=f"f{i}@acme.example", name=f"F{i}", tier=LicenseTier.FREE
        )
    assert clients.get_client(store, acme.id).license_mix == "4 R&C · 1 JR · 3 free"


@pytest.mark.usefixtures("partner")
def test_tier_changes_keep_history(store: Store) -> None:
    acme = clients.create_client(store, name="Acme")
    mo = members.add_member(
        store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.FREE
    )
    members.change_tier(store, mo.id, LicenseTier.JUST_RISK, D(2026, 4, 1))
    after = members.change_tier(store, mo.id, LicenseTier.RISK_COMPLIANCE, D(2026, 5, 15))
    assert [(s.tier, s.start, s.end) for s in after.history] == [
        (LicenseTier.FREE, D(2026, 3, 10), D(2026, 4, 1)),
        (LicenseTier.JUST_RISK, D(2026, 4, 1), D(2026, 5, 15)),
        (LicenseTier.RISK_COMPLIANCE, D(2026, 5, 15), None),
    ]
    with pytest.raises(ValidationError, match="before the current tier started"):
        members.change_tier(store, mo.id, LicenseTier.FREE, D(2026, 5, 1))


@pytest.mark.usefixtures("partner")
def test_member_email_must_be_valid_and_unique_in_the_client(store: Store) -> None:
    acme = clients.create_client(store, name="Acme")
    with pytest.raises(ValidationError, match="email"):
        members.add_member(store, acme.id, email="nope", name="X", tier=LicenseTier.FREE)
    members.add_member(store, acme.id, email="x@acme.example", name="X", tier=LicenseTier.FREE)
    with pytest.raises(ValidationError, match="already a member"):
        members.add_member(store, acme.id, email="X@acme.example", name="X", tier=LicenseTier.FREE)


@pytest.mark.usefixtures("partner")
def test_advisor_activity_and_access(store: Store) -> None:
    acme = clients.create_client(store, name="Acme")
    ana = advisors.add_advisor(store, email="ana@h.example", name="Ana", start=D(2026, 1, 1))
    advisors.give_access(store, ana.id, acme.id)
    off = advisors.deactivate_advisor(store, ana.id, on=D(2026, 3, 1))
    assert not off.active_now
    with pytest.raises(ValidationError, match="already inactive"):
        advisors.deactivate_advisor(store, ana.id)
    back = advisors.reactivate_advisor(store, ana.id, on=D(2026, 3, 10))
    assert back.active_now
    assert len(back.activity) == 2
    assert back.client_ids == (acme.id,)
    assert advisors.remove_access(store, ana.id, acme.id).client_ids == ()


@pytest.mark.usefixtures("partner")
def test_every_service_edit_writes_outbox_mutations(store: Store) -> None:
    before = _outbox_count(store)
    acme = clients.create_client(store, name="Acme")
    clients.edit_client(store, acme.id, domain="acme.example")
    with store.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.mid > before)).all()
    assert [(r.entity, r.op) for r in rows] == [
        ("client", "insert"),
        ("client_billing_model", "insert"),
        ("client", "update"),
    ]
    assert json.loads(rows[-1].fields_json) == {"domain": "acme.example"}


@pytest.mark.usefixtures("partner")
def test_content_entitlements_are_checked_when_granting(store: Store) -> None:
    acme = clients.create_client(store, name="Acme")
    members.add_member(store, acme.id, email="a@acme.example", name="A", tier=LicenseTier.JUST_RISK)
    iso = content.add_item(store, title="ISO/IEC 27001:2022", kind=ContentKind.FRAMEWORK)
    risks = content.add_item(store, title="Cyber risk library", kind=ContentKind.RISK_LIBRARY)
    with pytest.raises(ValidationError) as caught:
        content.grant_to_client(store, acme.id, [iso.id, risks.id])
    assert caught.value.problems[0][0] == "ISO/IEC 27001:2022"
    assert "Risk & Compliance" in caught.value.problems[0][1]
    assert [c.title for c in content.grant_to_client(store, acme.id, [risks.id])] == [
        "Cyber risk library"
    ]


@pytest.mark.usefixtures("partner")
def test_content_price_is_money_in_the_partner_currency(store: Store) -> None:
    with pytest.raises(ValidationError, match="price"):
        content.add_item(store, title="Board pack", kind=ContentKind.POLICY, price=12.5)
    item = content.add_item(store, title="Board pack", kind=ContentKind.POLICY, price="12.50")
    assert str(item.price) == "12.50"
    with pytest.raises(ServiceError):
        content.delete_item(store, "missing")


@pytest.mark.usefixtures("partner")
def test_template_edits_make_new_revisions(store: Store) -> None:
    iso = content.add_item(store, title="ISO/IEC 27001:2022", kind=ContentKind.FRAMEWORK)
    tpl = templates.create_template(
        store,
        name="ISO 27001 readiness",
        license_tier=LicenseTier.RISK_COMPLIANCE,
        billing_model=BillingModel.RESELLER,
        content_ids=(iso.id,),
    )
    assert tpl.revision == 1
    assert tpl.content_ids == (iso.id,)
    edited = templates.edit_template(store, tpl.id, description="Gap analysis to audit")
    assert edited.revision == 2
    with pytest.raises(ValidationError, match="needs a Risk & Compliance license"):
        templates.create_template(
            store,
            name="Light",
            license_tier=LicenseTier.JUST_RISK,
            billing_model=BillingModel.DIRECT,
            content_ids=(iso.id,),
        )


@pytest.mark.usefixtures("partner")
def test_an_advisor_added_by_mistake_can_be_taken_back_but_not_billed_history(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = advisors.add_advisor(store, email="new@h.example", name="New")
    advisors.remove_advisor(store, new.id)
    assert [a.email for a in advisors.list_advisors(store)] == []
    old = advisors.add_advisor(store, email="old@h.example", name="Old", start=D(2026, 1, 5))
    with pytest.raises(ValidationError, match="deactivate instead"):
        advisors.remove_advisor(store, old.id)


@pytest.mark.usefixtures("partner")
def test_set_access_gives_exactly_the_chosen_clients(store: Store) -> None:
    a, b, c = (clients.create_client(store, name=n) for n in ("A", "B", "C"))
    ana = advisors.add_advisor(store, email="ana@h.example", name="Ana")
    advisors.set_access(store, ana.id, [a.id, b.id])
    assert set(advisors.set_access(store, ana.id, [b.id, c.id]).client_ids) == {b.id, c.id}


@pytest.mark.usefixtures("partner")
def test_resale_logo_is_kept_cleared_and_must_be_png(store: Store) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    common = {
        "just_risk": "49.00",
        "risk_compliance": "99.00",
        "tax_rate": "0.10",
        "legal_name": "Harbour Risk Advisory Pty Ltd",
    }
    assert partners.save_resale_settings(store, **common, logo_png=png).logo_png == png
    assert partners.save_resale_settings(store, **common).logo_png == png
    assert partners.save_resale_settings(store, **common, clear_logo=True).logo_png is None
    with pytest.raises(ValidationError, match="PNG"):
        partners.save_resale_settings(store, **common, logo_png=b"GIF89a")


@pytest.mark.usefixtures("partner")
def test_duplicate_names_are_found_beyond_ascii(store: Store) -> None:
    clients.create_client(store, name="Ärztekammer Süd")
    with pytest.raises(ValidationError, match="already exists"):
        clients.create_client(store, name="ärztekammer süd")
