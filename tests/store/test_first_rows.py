"""The tree's first rows read with plain sqlite3 (store/first_rows.py, issue 15 cold start):
the same rows, order and figures as the tree's own queries; anything unexpected is None."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from advisor_desk import clock as advisor_clock
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.permissions import Role
from advisor_desk.services import clock
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import tree as queries
from advisor_desk.services.clients.teams import archive_client, create_client
from advisor_desk.services.ops import run_query
from advisor_desk.services.people import members
from advisor_desk.services.people.advisors import add_advisor
from advisor_desk.store import engine, first_rows, schema_head
from advisor_desk.store.engine import Store
from advisor_desk.store.first_rows import read_first_rows

TODAY = dt.date(2026, 5, 14)
START = dt.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_VARIABLE, TODAY.isoformat())


@pytest.fixture
def firm(store: Store) -> Store:
    create_partner(store, name="Harbour Risk Partners")
    add_advisor(store, name="zoe Park", email="zoe@example.com", role=Role.POWER_USER)
    add_advisor(store, name="Ana Souza", email="ana@example.com", role=Role.ADMINISTRATOR)
    acme = create_client(store, name="Acme Logistics", created=START)
    create_client(store, name="beta Works", billing_model=BillingModel.DIRECT, created=START)
    old = create_client(store, name="Cobalt Mining", created=START)
    create_client(store, name="delta Foods", created=START)
    archive_client(store, old.id)
    for n, tier in enumerate((LicenseTier.RISK_COMPLIANCE, LicenseTier.FREE, LicenseTier.FREE)):
        members.add_member(
            store, acme.id, email=f"m{n}@acme.example", name=f"M {n}", tier=tier, start=START
        )
    return store


def test_the_constants_agree_with_the_stores() -> None:
    assert schema_head.SCHEMA_HEAD == engine.SCHEMA_HEAD
    assert first_rows.STORE_FILE == engine.STORE_FILE


def test_the_first_rows_and_the_services_share_one_clock() -> None:
    """One module (advisor_desk/clock.py) says what today is: the store's first rows and the
    services take it from there, nothing repeats it."""
    assert first_rows.today is advisor_clock.today
    assert clock.today is advisor_clock.today
    assert clock.now_utc is advisor_clock.now_utc
    assert clock.TODAY_VARIABLE == advisor_clock.TODAY_VARIABLE == "ADVISOR_DESK_TODAY"
    assert "def today" not in Path(first_rows.__file__).read_text(encoding="utf-8")


def test_today_is_the_frozen_day_or_the_zones_date(monkeypatch: pytest.MonkeyPatch) -> None:
    for zone in ("Australia/Sydney", "America/Los_Angeles", "UTC", "Not/A_Zone"):
        assert advisor_clock.today(zone) == TODAY
    assert advisor_clock.now_utc() == dt.datetime(2026, 5, 14)
    monkeypatch.delenv(clock.TODAY_VARIABLE)
    instant = dt.datetime(2026, 12, 31, 12, 30, tzinfo=dt.UTC)

    class Fixed(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Fixed:  # type: ignore[override]
            assert tz is not None
            return cls.fromtimestamp(instant.timestamp(), tz)

    frozen_module = SimpleNamespace(date=dt.date, datetime=Fixed, time=dt.time, UTC=dt.UTC)
    monkeypatch.setattr(advisor_clock, "dt", frozen_module)
    assert advisor_clock.today("Pacific/Kiritimati") == dt.date(2027, 1, 1)  # UTC+14
    assert advisor_clock.today("Pacific/Pago_Pago") == dt.date(2026, 12, 31)  # UTC-11
    assert advisor_clock.today("Not/A_Zone") == dt.date(2026, 12, 31)
    assert advisor_clock.now_utc() == dt.datetime(2026, 12, 31, 12, 30)


@pytest.mark.parametrize("include_archived", [True, False])
def test_the_rows_are_the_tree_queries_rows(
    firm: Store, data_dir: Path, include_archived: bool
) -> None:
    rows = read_first_rows(data_dir, include_archived=include_archived)
    assert rows is not None
    index = run_query(firm, queries.client_index, "", include_archived=include_archived)
    real = run_query(firm, queries.client_rows, [e.id for e in index.entries])
    advisors = run_query(firm, queries.tree_advisors)
    assert rows.partner_name == "Harbour Risk Partners"
    assert rows.client_total == index.total == (4 if include_archived else 3)
    assert [(c.id, c.name, c.archived) for c in rows.clients] == [
        (r.id, r.name, r.archived) for r in real
    ]
    assert [c.billing_model for c in rows.clients] == [
        r.billing_model.value if r.billing_model else None for r in real
    ]
    assert [c.licenses for c in rows.clients] == [
        {tier.value: n for tier, n in r.licenses.items() if n} for r in real
    ]
    assert [(a.id, a.name, a.email, a.role, a.active_now) for a in rows.advisors] == [
        (a.id, a.name, a.email, a.role.value, a.active_now) for a in advisors
    ]
    assert [a.name for a in rows.advisors] == ["Ana Souza", "zoe Park"]  # case-blind order


def test_only_the_first_page_of_clients_is_read(firm: Store, data_dir: Path) -> None:
    rows = read_first_rows(data_dir, limit=2)
    assert rows is not None
    index = run_query(firm, queries.client_index, "")
    assert [c.id for c in rows.clients] == [e.id for e in index.entries[:2]]
    assert rows.client_total == 4


def test_a_missing_file_is_none(tmp_path: Path) -> None:
    assert read_first_rows(tmp_path / "nowhere") is None
    assert not (tmp_path / "nowhere").exists()  # nothing was created


def test_a_store_without_a_partner_is_none(store: Store, data_dir: Path) -> None:
    assert read_first_rows(data_dir) is None


def test_an_older_or_newer_schema_is_none(firm: Store, data_dir: Path) -> None:
    path = data_dir / engine.STORE_FILE
    for version in ("0010_h6_invitations", "9999_from_the_future"):
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
        assert read_first_rows(data_dir) is None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (engine.SCHEMA_HEAD,))
    assert read_first_rows(data_dir) is not None


def test_a_damaged_file_is_none(tmp_path: Path) -> None:
    (tmp_path / engine.STORE_FILE).write_bytes(b"this is not a database" * 100)
    assert read_first_rows(tmp_path) is None
    (tmp_path / engine.STORE_FILE).write_bytes(b"")
    assert read_first_rows(tmp_path) is None


def test_a_missing_table_is_none(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / engine.STORE_FILE) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (engine.SCHEMA_HEAD,))
        connection.execute("CREATE TABLE partner (id, name, timezone, deleted)")
        connection.execute("INSERT INTO partner VALUES ('p', 'P', 'UTC', 0)")
    assert read_first_rows(tmp_path) is None


def test_a_locked_store_is_none(firm: Store, data_dir: Path) -> None:
    firm.close()
    holder = sqlite3.connect(data_dir / engine.STORE_FILE, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE partner SET name = name")
        assert read_first_rows(data_dir) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_reading_them_loads_neither_sqlalchemy_nor_services(firm: Store, data_dir: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from advisor_desk.store.first_rows import read_first_rows
        rows = read_first_rows(Path(sys.argv[1]))
        assert rows is not None and rows.clients, rows
        heavy = ("sqlalchemy", "alembic", "babel", "requests", "keyring", "advisor_desk.services")
        print(sorted(m for m in sys.modules if m.startswith(heavy)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_a_folder_name_that_looks_like_a_uri_is_read(firm: Store, data_dir: Path) -> None:
    """The file is opened by URI (`mode=ro`): spaces, `#`, `%` and `?` are its name's."""
    firm.close()
    odd = data_dir.parent / "my data #1 ?100% ü"
    data_dir.rename(odd)
    rows = read_first_rows(odd)
    assert rows is not None
    assert [c.name for c in rows.clients] == [
        "Acme Logistics",
        "beta Works",
        "Cobalt Mining",
        "delta Foods",
    ]
