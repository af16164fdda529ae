"""The server store's database: engines for SQLite or PostgreSQL, tenant-scoped sessions,
and migrations (Alembic, `server/migrations`, separate from the laptop's).

Every request runs in one transaction scoped to the token's partner twice over: the ORM adds
`partner_id = :partner` to every query of a synced entity (`with_loader_criteria`), and on
PostgreSQL the transaction sets `app.partner_id`, which row-level security enforces.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from advisor_desk.server import revocation, versioning
from advisor_desk.store.base import Synced
from advisor_desk.store.sqlite import SERVER_BUSY_TIMEOUT_MS, configure_sqlite

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
DB_FILE = "advisor-desk-server.sqlite3"
DATA_VARIABLE = "ADVISOR_DESK_SERVER_DATA"
DEFAULT_APP_ROLE = "advisor_desk_app"
PARTNER = "partner_id"
SQLITE_POOL = 40  # anyio's default number of worker threads (FastAPI's sync endpoints)
POSTGRES_POOL = 16  # per process: size max_connections for hosts × workers × 16 (deployment.md)


class DatabaseError(Exception):
    """The database cannot be used; the message says why."""


def default_db_url() -> str:
    folder = Path(
        os.environ.get(DATA_VARIABLE) or platformdirs.user_data_path("advisor-desk-server")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


def make_engine(url: str | None) -> Engine:
    url = url or default_db_url()
    if url.startswith("sqlite"):
        # A connection for each of the request threads (anyio's 40): the pool's overflow
        # connections are closed on return, so a smaller pool opens (and sets up) a new
        # connection for most requests whenever more than its size run at once.
        engine = create_engine(url, pool_size=SQLITE_POOL, max_overflow=8)
        configure_sqlite(engine, busy_timeout_ms=SERVER_BUSY_TIMEOUT_MS)
        return engine
    if url.startswith("postgresql"):
        # Kept open, never more: an overflow connection is closed on return, and PostgreSQL
        # forks a backend for each new one (under 20 pushes at once, half the connections
        # made were such; p95 11–19% higher). Requests beyond the pool wait for one.
        return create_engine(url, pool_size=POSTGRES_POOL, max_overflow=0, pool_pre_ping=True)
    raise DatabaseError(f"--db must be a SQLite file URL or postgresql+psycopg://…, not {url!r}")


def _scope_to_partner(state: ORMExecuteState) -> None:
    partner_id = state.session.info.get(PARTNER)
    if partner_id is None or not state.is_select:
        return
    if state.is_column_load or state.is_relationship_load:
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            Synced,
            lambda cls: cls.partner_id == partner_id,
            include_aliases=True,
        )
    )


class ServerDB:
    """One server store: an engine and its tenant-scoped transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)
        for factory in (self._read, self._write):
            event.listen(factory, "do_orm_execute", _scope_to_partner)
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps
        # (busy_timeout): the store stays idle between writers. This process's writers
        # queue on a lock instead, taking turns at once; other processes still poll.
        self._writers = threading.RLock()
        versioning.install(self._write)
        revocation.install(self._write)  # ending an advisor's activity ends their sessions

    @contextmanager
    def transaction(self, *, write: bool, partner_id: str | None = None) -> Iterator[Session]:
        """One transaction, committed when the block ends, rolled back on any error."""
        factory = self._write if write else self._read
        queue = self._writers if write and not self.is_postgres else nullcontext()
        with queue, factory() as session, session.begin():
            if partner_id is not None:
                self.set_tenant(session, partner_id)
            yield session

    def set_tenant(self, session: Session, partner_id: str) -> None:
        session.info[PARTNER] = partner_id
        self.set_local(session, "app.partner_id", partner_id)

    def set_local(self, session: Session, name: str, value: str) -> None:
        """A transaction-local setting the row-level security policies read (PostgreSQL)."""
        if self.is_postgres:
            session.execute(
                text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value}
            )

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure means "not reachable" for /healthz
            log.warning("database ping failed", exc_info=True)
            return False

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ServerDB:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_db(url: str | None, *, check_schema: bool = True) -> ServerDB:
    engine = make_engine(url)
    if check_schema:
        current, heads = schema_state(engine)
        if current != heads:
            engine.dispose()
            raise DatabaseError(
                "the server database is not up to date: run `advisor-desk-server migrate --db …`"
            )
    return ServerDB(engine)


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def schema_state(engine: Engine) -> tuple[set[str], set[str]]:
    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "srv_alembic_version"}
        )
        current = set(context.get_current_heads())
    return current, heads


def migrate(url: str | None, app_role: str = DEFAULT_APP_ROLE) -> str:
    """Bring the schema up to date; on PostgreSQL grant the application role its data."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), "head")
            if engine.dialect.name != "postgresql":
                return "schema up to date"
            return _grant(connection, app_role)
    finally:
        engine.dispose()


def _grant(connection: Any, app_role: str) -> str:
    from advisor_desk.server.migrations.rls import ALL_TABLES
    from advisor_desk.server.models import GLOBAL_SERVER_TABLES

    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": app_role}
    ).first()
    if exists is None:
        return (
            f"schema up to date; no role {app_role!r} yet: create it (LOGIN, not the owner) "
            "and run migrate again to grant it the data"
        )
    role = '"' + app_role.replace('"', '""') + '"'
    connection.execute(
        text(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON "
            f"{', '.join((*ALL_TABLES, *GLOBAL_SERVER_TABLES))} TO {role}"
        )
    )
    connection.execute(text(f"GRANT SELECT ON srv_alembic_version TO {role}"))
    return f"schema up to date; {app_role} granted the data (row-level security applies)"
