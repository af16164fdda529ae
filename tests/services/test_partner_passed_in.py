"""The library, client and template operations work on the partner they are given, never on
"the first partner by name" (a store holding several partners, as the server's does): what
they write belongs to that partner, their name rules and queries see only its rows, and
their OpResult names what they touched."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.clients import onboarding, teams, tree, undo
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library import content, push, upload
from advisor_desk.services.ops import run_op
from advisor_desk.services.templates import catalogue, plan
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, ClientTemplate, ContentItem, Partner
from advisor_desk.store.types import new_id

SERVICES = Path(__file__).resolve().parents[2] / "src" / "advisor_desk" / "services"
PACKAGES = ("library", "clients", "templates")
OPERATION_MODULES = (content, upload, push, teams, onboarding, undo, catalogue, plan)


def _firm(session: Session, name: str) -> str:
    partner = Partner(id=new_id(), name=name)
    partner.partner_id = partner.id  # a partner's own row belongs to itself
    session.add(partner)
    return partner.id


@pytest.fixture
def two_firms(store: Store) -> tuple[Store, str, str]:
    """Alpha sorts first: a hidden first-partner lookup would pick it for Beta's work."""
    with store.write() as session:
        return store, _firm(session, "Alpha Advisory"), _firm(session, "Beta Partners")


def _in(store: Store, partner_id: str, work):  # type: ignore[no-untyped-def]
    with store.write() as session:
        partner = session.get(Partner, partner_id)
        assert partner is not None
        return work(session, partner)


def test_what_an_operation_writes_belongs_to_the_partner_given(
    two_firms: tuple[Store, str, str],
) -> None:
    store, alpha, beta = two_firms

    def write(session: Session, partner: Partner) -> tuple[str, str, str]:
        item = content.apply_add_item(session, partner, title="Toolkit", kind=ContentKind.FRAMEWORK)
        client = teams.apply_create_client(session, partner, name="Acme")
        template = catalogue.apply_create_template(
            session,
            partner,
            name="Cyber",
            license_tier=LicenseTier.FREE,
            billing_model=BillingModel.RESELLER,
        )
        return item.id, client.id, template.id

    item_id, client_id, template_id = _in(store, beta, write)
    with store.read() as session:
        for model, row_id in (
            (ContentItem, item_id),
            (Client, client_id),
            (ClientTemplate, template_id),
        ):
            row = session.get(model, row_id)
            assert row is not None
            assert row.partner_id == beta

    # Alpha may use the same names: the unique-name rule is per partner
    _in(store, alpha, write)
    with pytest.raises(ValidationError, match="already exists"):
        _in(store, beta, lambda s, p: teams.apply_create_client(s, p, name="ACME"))
    with pytest.raises(ValidationError, match="already exists"):
        _in(
            store,
            beta,
            lambda s, p: content.apply_add_item(s, p, title="toolkit", kind=ContentKind.FRAMEWORK),
        )

    # queries see only the partner's rows
    def seen(session: Session, partner: Partner) -> tuple[list[str], ...]:
        return (
            [c.id for c in teams.list_clients_in(session, partner)],
            [e.id for e in tree.client_index(session, partner).entries],
            [i.id for i in content.list_items_in(session, partner)],
            [t.id for t in catalogue.list_templates_in(session, partner)],
            [t.template.id for t in plan.list_template_plans_in(session, partner)],
        )

    assert _in(store, beta, seen) == (
        [client_id],
        [client_id],
        [item_id],
        [template_id],
        [template_id],
    )
    named = _in(
        store, beta, lambda s, p: push.resolve_names_in(s, p, ["Toolkit"], clients=["acme"])
    )
    assert (named.item_ids, named.client_ids) == ((item_id,), (client_id,))


def test_an_operation_reports_the_rows_it_touched(store: Store) -> None:
    with store.write() as session:
        _firm(session, "Only Firm")
    made = run_op(
        store,
        catalogue.apply_create_template,
        name="Cyber",
        license_tier=LicenseTier.FREE,
        billing_model=BillingModel.RESELLER,
    )
    assert ("client_template", made.value.id) in made.changes.created
    archived = run_op(store, catalogue.apply_archive_template, made.value.id)
    assert archived.value.archived
    assert archived.changes.updated == {("client_template", made.value.id)}
    client = run_op(store, teams.apply_create_client, name="Acme")
    assert ("client", client.value.id) in client.changes.created
    assert client.value.id in client.changes.ids


def test_no_library_client_or_template_module_looks_the_partner_up() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((SERVICES / package).glob("*.py")):
            tree_ = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree_):
                if isinstance(node, ast.Name | ast.Attribute | ast.alias):
                    name = getattr(node, "id", None) or getattr(node, "attr", None)
                    name = name or getattr(node, "name", None)
                    if name == "current_partner":
                        found.append(f"{package}/{path.name}:{node.lineno}")  # type: ignore[attr-defined]
    assert found == []


def test_every_operation_takes_its_session_and_partner_first() -> None:
    wrong = []
    for module in OPERATION_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or not name.startswith("apply_"):
                continue
            first = list(inspect.signature(function).parameters)[:2]
            if first != ["session", "partner"]:
                wrong.append(f"{module.__name__}.{name}{first}")
    assert wrong == []
