"""Operations report what they changed: every synced row a transaction creates, updates or
tombstones, from the outbox's flush hook — for any synced entity, with nothing listed by hand.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String, inspect, select
from sqlalchemy.orm import Session

import advisor_desk.services as services
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.demo import make_demo
from advisor_desk.services.ops import OpResult, run_op
from advisor_desk.services.people import members
from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.changes import Changes, watching
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS, Member, MemberLicense, Partner


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from advisor_desk.store.engine import open_store

    mp = pytest.MonkeyPatch()
    mp.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    store = open_store(tmp_path_factory.mktemp("ops") / "data")
    make_demo(store, clients=4, content=40, seed=1)
    yield store
    store.close()
    mp.undo()


def _value(column: Any, session: Session) -> Any:
    """A plausible value for a required column of a row the demo did not make."""
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table
        return session.scalar(select(target.c.id).limit(1))
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Date | DateTime):
        return dt.date(2026, 5, 1) if isinstance(kind, Date) else dt.datetime(2026, 5, 1)
    if isinstance(kind, Numeric):
        return Decimal("1.00")
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, String) and kind.length == 7:
        return "2026-05"
    return "x"


def _some_row(session: Session, partner: Partner, model: Any) -> Any:
    row = session.scalars(select(model).where(model.deleted.is_(False)).limit(1)).first()
    if row is None:  # an entity the demo does not make: one row, filled in generically
        fields = {
            column.key: _value(column, session)
            for column in inspect(model).columns
            if column.key not in SYNC_COLUMNS
            and column.key != "partner_id"
            and not column.nullable
            and column.default is None
        }
        row = model(partner_id=partner.id, **fields)
        session.add(row)
        session.flush()
    return row


@pytest.mark.parametrize("entity", sorted(ENTITY_MODELS))
def test_an_edit_of_any_synced_entity_is_in_the_changes(demo_store: Store, entity: str) -> None:
    model = ENTITY_MODELS[entity]
    with demo_store.write() as session:
        row_id = _some_row(session, session.scalars(select(Partner)).one(), model).id

    def tombstone(session: Session, _partner: Partner) -> str:
        session.get(model, row_id).deleted = True
        return row_id

    result = run_op(demo_store, tombstone)
    assert isinstance(result, OpResult)
    assert result.value == row_id
    assert (entity, row_id) in result.changes.deleted
    assert result.changes.touches(model)
    assert result.changes.touches(entity)
    assert row_id in result.changes.ids_of(model)
    with demo_store.write() as session:  # the next entity's test needs a live partner
        session.get(model, row_id).deleted = False


def test_changes_say_created_updated_and_the_client_they_belong_to(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor_desk.services.billing.partners import create_partner
    from advisor_desk.services.clients.teams import create_client

    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour Risk Partners")
    client = create_client(store, name="Acme", created=dt.date(2026, 5, 1))
    added = run_op(
        store,
        members.apply_add_member,
        client.id,
        email="jo@acme.example",
        name="Jo",
        tier=LicenseTier.FREE,
        start=dt.date(2026, 5, 1),
    )
    assert added.changes.entities == {"member", "member_license"}
    assert ("member", added.value.id) in added.changes.created
    assert client.id in added.changes.clients
    assert client.id in added.changes.ids
    changed = run_op(store, members.apply_change_tier, added.value.id, LicenseTier.JUST_RISK)
    assert changed.changes.touches(MemberLicense)
    assert not changed.changes.touches(Member)
    assert changed.changes.updated or changed.changes.created
    assert client.id in changed.changes.clients  # a license reports its member's client


def test_a_refused_operation_reports_nothing(store: Store) -> None:
    from advisor_desk.services.billing.partners import create_partner

    create_partner(store, name="Harbour Risk Partners")

    def refuse(session: Session, partner: Partner) -> None:
        partner.name = "Renamed"
        session.flush()
        raise RuntimeError("no")

    with watching() as seen, pytest.raises(RuntimeError):
        run_op(store, refuse)
    assert seen.changes == Changes()
    assert not seen.changes


def test_watching_collects_every_committed_transaction(store: Store) -> None:
    from advisor_desk.services.billing.partners import create_partner

    with watching() as seen:
        create_partner(store, name="Harbour Risk Partners")
    assert seen.changes.touches(Partner, "agreement")
    assert "partner" in seen.changes.entities


def test_changes_refuse_what_is_not_a_model() -> None:
    with pytest.raises(TypeError):
        Changes().touches(int)


def test_packages_point_one_way_and_never_shadow_their_modules() -> None:
    """Feature packages import only those below them (no cycles); a package's public name
    never hides a module of the same name (`from services.billing import credit_left`)."""
    below = {
        "billing": set(),
        "people": set(),
        "library": set(),
        "templates": {"library"},
        "workspace": {"billing", "library", "people", "templates"},
        "clients": {"billing", "library", "people", "workspace"},
        "demo": {"billing", "workspace"},
    }
    for name, allowed in below.items():
        package = importlib.import_module(f"advisor_desk.services.{name}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            assert isinstance(getattr(package, info.name), types.ModuleType), info.name
            source = module.__file__
            assert source is not None
            text = Path(source).read_text(encoding="utf-8")
            for other in below:
                if other != name and other not in allowed:
                    assert f"advisor_desk.services.{other}" not in text, (module.__name__, other)
    assert services.__file__ is not None
