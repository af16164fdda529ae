"""Every SQLite database of Advisor Desk (the laptop's store, a server on SQLite) opened alike:
WAL, foreign keys, a busy timeout, Python's casefold, and writers that lock up front."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

# How long a connection waits for another writer before SQLite says "database is locked".
LAPTOP_BUSY_TIMEOUT_MS = 10_000  # the window's own jobs: a short wait, then a clear error
SERVER_BUSY_TIMEOUT_MS = 30_000  # several server processes on one file take turns


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    """Set up every connection `engine` opens, and how its transactions begin."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        # SQLite's lower() folds ASCII only; names are compared the way Python compares them.
        dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE), so two writers never
        # deadlock on upgrading a read lock: SQLite's version of the row lock.
        if connection.get_execution_options().get("write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")
