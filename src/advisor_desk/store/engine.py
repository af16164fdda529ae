"""Opening a store: the SQLite file (WAL, foreign keys, busy timeout) and its migrations."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from advisor_desk.store import outbox, schema_head
from advisor_desk.store.errors import StoreError, StoreTooNewError
from advisor_desk.store.sqlite import LAPTOP_BUSY_TIMEOUT_MS, configure_sqlite

__all__ = ["STORE_FILE", "Store", "StoreError", "StoreTooNewError", "open_store"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
STORE_FILE = "advisor-desk.sqlite3"


# The newest migration this version knows (tests check it against the migration scripts),
# kept in store/schema_head.py. Comparing against it first lets an up-to-date store open
# without loading Alembic at all.
SCHEMA_HEAD = schema_head.SCHEMA_HEAD


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class Store:
    """One local store: an engine, its sessions, and where its files live."""

    def __init__(self, engine: Engine, data_dir: Path | None) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._scratch: Path | None = None
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)
        outbox.install(self._write)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @property
    def invoices_dir(self) -> Path:
        if self.data_dir is None:  # a throwaway store: never the folder the program runs in
            if self._scratch is None:
                self._scratch = Path(tempfile.mkdtemp(prefix="advisor-desk-"))
            return self._scratch / "invoices"
        return self.data_dir / "invoices"

    def close(self) -> None:
        self.engine.dispose()


def migrate(engine: Engine) -> None:
    """Bring the schema up to date; refuse (and change nothing) if it is newer than this app."""
    with engine.connect() as connection:
        current = _current_revisions(connection)
    if current == {SCHEMA_HEAD}:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    heads = set(script.get_heads())
    if current == heads:
        return
    unknown = [rev for rev in current if _lookup(script, rev) is None]
    if unknown:
        raise StoreTooNewError(
            f"this data was written by a newer Advisor Desk (schema {', '.join(unknown)}); "
            "install the newer version to open it — nothing was changed"
        )
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    log.info("store schema upgraded from %s to %s", current or "empty", heads)


def _current_revisions(connection: Any) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _lookup(script: Any, revision: str) -> object | None:
    try:
        found: object | None = script.get_revision(revision)
        return found
    except Exception:  # alembic raises several kinds for unknown revisions
        return None


def open_store(data_dir: Path) -> Store:
    """Open (creating and migrating if needed) the store in `data_dir`."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {data_dir}: {exc.strerror}") from exc
    engine = create_engine(f"sqlite:///{data_dir / STORE_FILE}")
    configure_sqlite(engine, busy_timeout_ms=LAPTOP_BUSY_TIMEOUT_MS)
    try:
        migrate(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine, data_dir)


def open_memory_store() -> Store:
    """A throwaway store for tests and benchmarks (one shared in-memory connection)."""
    from sqlalchemy.pool import StaticPool

    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    configure_sqlite(engine, busy_timeout_ms=LAPTOP_BUSY_TIMEOUT_MS)
    migrate(engine)
    return Store(engine, None)
