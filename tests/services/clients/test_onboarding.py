"""Onboarding a client from a template: the wizard's and `advisor-desk onboard`'s job."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients.onboarding import NewMember, onboard_client
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import export_workspace
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, ClientContent, Member, MemberLicense, Outbox

pytestmark = pytest.mark.usefixtures("ws_today")


def _client(store: Store, name: str) -> dict[str, object]:
    exported = json.loads(export_workspace(store))
    return next(c for c in exported["clients"] if c["name"] == name)


def test_onboarding_from_a_template(ws_store: Store) -> None:
    summary = onboard_client(
        ws_store,
        template="iso 27001 READINESS",
        name="Dune Energy",
        domain="dune.example",
        employees=40,
        tags=["energy"],
        members=[NewMember("Kim@Dune.example", "Kim"), NewMember("lee@dune.example", "Lee")],
    )
    assert (summary.name, summary.created) == ("Dune Energy", dt.date(2026, 11, 15))
    assert summary.billing_model is BillingModel.RESELLER
    assert summary.licenses[LicenseTier.RISK_COMPLIANCE] == 2
    client = _client(ws_store, "Dune Energy")
    assert client["billing_model"] == [["2026-11", "reseller"]]  # from the creation month
    assert client["content"] == ["ISO/IEC 27001:2022"]
    assert (client["template"], client["template_revision"]) == ("ISO 27001 readiness", 2)
    assert client["members"] == [
        {
            "email": "kim@dune.example",
            "name": "Kim",
            "licenses": [["risk_compliance", "2026-11-15", None]],
        },
        {
            "email": "lee@dune.example",
            "name": "Lee",
            "licenses": [["risk_compliance", "2026-11-15", None]],
        },
    ]


def test_onboarding_writes_the_outbox_in_the_same_transaction(ws_store: Store) -> None:
    with ws_store.read() as session:
        before = session.scalar(select(func.count()).select_from(Outbox)) or 0
    onboard_client(
        ws_store,
        template="ISO 27001 readiness",
        name="Dune",
        members=[NewMember("k@d.example", "K")],
    )
    with ws_store.read() as session:
        client_id = session.scalars(select(Client.id).where(Client.name == "Dune")).one()
        entities = [
            entity
            for (entity,) in session.execute(
                select(Outbox.entity).where(Outbox.mid > before).order_by(Outbox.mid)
            )
        ]
        inserted = session.scalars(
            select(Outbox.op).where(Outbox.row_id == client_id).order_by(Outbox.mid)
        ).all()
    assert inserted[0] == "insert"
    for entity in ("client", "client_billing_model", "client_content", "member", "member_license"):
        assert entity in entities


def test_member_tiers_and_billing_model_can_differ_from_the_template(ws_store: Store) -> None:
    summary = onboard_client(
        ws_store,
        template="ISO 27001 readiness",
        name="Elm",
        billing_model="direct",
        members=[NewMember("a@elm.example", "A", license_tier="just_risk")],
    )
    assert summary.billing_model is BillingModel.DIRECT
    assert summary.licenses[LicenseTier.JUST_RISK] == 1


def test_onboarding_without_a_template(ws_store: Store) -> None:
    summary = onboard_client(
        ws_store,
        template=None,
        name="Fern",
        billing_model=BillingModel.DIRECT,
        members=[NewMember("a@fern.example", "A")],
    )
    assert summary.licenses[LicenseTier.FREE] == 1
    assert _client(ws_store, "Fern")["template"] is None


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        (
            {"template": None, "name": " acme LOGISTICS "},
            [
                ("name", 'a client named "acme LOGISTICS" already exists'),
                ("billing_model", "is required when there is no template"),
            ],
        ),
        (
            {"template": "SOC 2", "name": "Gum"},
            [("template", '"SOC 2" is not a template (there are: ISO 27001 readiness)')],
        ),
        (
            {"template": "Old onboarding", "name": "Gum"},
            [("template", '"Old onboarding" is archived')],
        ),
        (
            {"template": None, "name": "", "billing_model": "barter"},
            [
                ("name", "must not be empty"),
                ("billing_model", '"barter" is not one of reseller, direct'),
            ],
        ),
        (
            {
                "template": "ISO 27001 readiness",
                "name": "Gum",
                "members": [
                    NewMember("not an email", "X"),
                    NewMember("y@gum.example", "Y", license_tier="gold"),
                    NewMember("Y@gum.example", "Y again"),
                ],
            },
            [
                ("members[0].email", "'not an email' is not an email address"),
                (
                    "members[1].license_tier",
                    '"gold" is not one of free, just_risk, risk_compliance',
                ),
                ("members[2].email", '"Y@gum.example" is listed twice'),
            ],
        ),
    ],
)
def test_bad_requests_name_every_field_and_write_nothing(
    ws_store: Store, fields: dict[str, object], problems: list[tuple[str, str]]
) -> None:
    before = export_workspace(ws_store)
    with pytest.raises(ValidationError) as caught:
        onboard_client(ws_store, **fields)  # type: ignore[arg-type]
    assert caught.value.problems == problems
    assert export_workspace(ws_store) == before


def test_a_name_freed_by_deleting_a_client_can_be_used_again(ws_store: Store) -> None:
    with ws_store.write() as session:
        client = session.scalars(select(Client).where(Client.name == "Acme Logistics")).one()
        client.deleted = True
    onboard_client(ws_store, template="ISO 27001 readiness", name="Acme Logistics")
    with ws_store.read() as session:
        live = session.scalar(
            select(func.count()).select_from(Client).where(Client.deleted.is_(False))
        )
        granted = session.scalar(select(func.count()).select_from(ClientContent))
        assert session.scalar(select(func.count()).select_from(Member)) == 3
        assert session.scalar(select(func.count()).select_from(MemberLicense)) == 6
    assert live == 3
    assert granted == 4
