"""The local store: file settings, migrations, exact money, outbox in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.store.engine import STORE_FILE, Store, StoreTooNewError, open_store
from advisor_desk.store.models import Agreement, Client, Outbox, Partner
from advisor_desk.store.types import new_id


def _partner(store: Store) -> str:
    pid = new_id()
    with store.write() as session:
        session.add(Partner(id=pid, partner_id=pid, name="Harbour Risk Advisory"))
    return pid


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_money_round_trips_exactly_and_is_stored_as_integers(store: Store, data_dir: Path) -> None:
    pid = _partner(store)
    with store.write() as session:
        session.add(
            Agreement(
                partner_id=pid,
                currency="AUD",
                advisor_fee=Decimal("120.10"),
                price_free=Decimal("0"),
                price_just_risk=Decimal("35.005"),
                price_risk_compliance=Decimal("79.00"),
                referral_rate=Decimal("0.2"),
                tax_rate=Decimal("0.1"),
                effective_from="2026-01",
            )
        )
    with store.read() as session:
        agreement = session.scalars(select(Agreement)).one()
    assert agreement.advisor_fee == Decimal("120.10")
    assert agreement.price_just_risk == Decimal("35.005")
    raw = sqlite3.connect(data_dir / STORE_FILE)
    stored = raw.execute("SELECT advisor_fee, typeof(advisor_fee) FROM agreement").fetchone()
    assert stored == (1201000, "integer")


def test_every_change_writes_its_outbox_mutation(store: Store) -> None:
    pid = _partner(store)
    with store.write() as session:
        session.add(Client(partner_id=pid, name="Acme", created=dt.date(2026, 1, 10)))
    with store.write() as session:
        session.scalars(select(Client)).one().domain = "acme.example"
    with store.write() as session:
        session.scalars(select(Client)).one().deleted = True
    with store.read() as session:
        rows = session.scalars(select(Outbox).order_by(Outbox.mid)).all()
    assert [(r.entity, r.op) for r in rows] == [
        ("partner", "insert"),
        ("client", "insert"),
        ("client", "update"),
        ("client", "delete"),
    ]
    assert json.loads(rows[2].fields_json) == {"domain": "acme.example"}
    assert [r.mid for r in rows] == [1, 2, 3, 4]


def test_a_failed_transaction_leaves_neither_row_nor_mutation(store: Store) -> None:
    pid = _partner(store)

    def add_then_fail() -> None:
        with store.write() as session:
            session.add(Client(partner_id=pid, name="Acme", created=dt.date(2026, 1, 10)))
            session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        add_then_fail()
    with store.read() as session:
        assert session.scalars(select(Client)).all() == []
        assert [r.entity for r in session.scalars(select(Outbox))] == ["partner"]


def test_rows_are_never_hard_deleted(store: Store) -> None:
    _partner(store)
    with pytest.raises(RuntimeError, match="tombstone"), store.write() as session:
        session.delete(session.scalars(select(Partner)).one())


def test_reopening_keeps_data_and_schema(data_dir: Path) -> None:
    first = open_store(data_dir)
    _partner(first)
    first.close()
    again = open_store(data_dir)
    with again.read() as session:
        assert session.scalars(select(Partner)).one().name == "Harbour Risk Advisory"
    again.close()


def test_a_store_from_a_newer_version_is_refused_and_left_alone(data_dir: Path) -> None:
    open_store(data_dir).close()
    path = data_dir / STORE_FILE
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNewError, match="newer Advisor Desk"):
        open_store(data_dir)
    assert path.read_bytes() == before


def test_the_known_schema_head_is_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from advisor_desk.store.engine import MIGRATIONS, SCHEMA_HEAD

    assert ScriptDirectory(str(MIGRATIONS)).get_heads() == [SCHEMA_HEAD]
