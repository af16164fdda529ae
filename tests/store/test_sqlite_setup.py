"""One SQLite set-up (store/sqlite.py) for the laptop's store and a server on SQLite: the same
pragmas, the same casefold, writers locking up front; only the busy timeout differs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from advisor_desk.server.db import make_engine
from advisor_desk.store.engine import Store
from advisor_desk.store.sqlite import LAPTOP_BUSY_TIMEOUT_MS, SERVER_BUSY_TIMEOUT_MS


def _settings(engine: Engine) -> tuple[str, int, int, int, str]:
    with engine.connect() as connection:
        return (
            connection.exec_driver_sql("PRAGMA journal_mode").scalar(),
            connection.exec_driver_sql("PRAGMA foreign_keys").scalar(),
            connection.exec_driver_sql("PRAGMA busy_timeout").scalar(),
            connection.exec_driver_sql("PRAGMA synchronous").scalar(),
            connection.exec_driver_sql("SELECT casefold('STRASSE Ǆ')").scalar(),
        )


def test_laptop_and_server_open_sqlite_alike(store: Store, tmp_path: Path) -> None:
    server = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        laptop_settings = _settings(store.engine)
        server_settings = _settings(server)
    finally:
        server.dispose()
    normal = 1
    assert laptop_settings == ("wal", 1, LAPTOP_BUSY_TIMEOUT_MS, normal, "strasse ǆ")
    assert server_settings == ("wal", 1, SERVER_BUSY_TIMEOUT_MS, normal, "strasse ǆ")
    assert LAPTOP_BUSY_TIMEOUT_MS < SERVER_BUSY_TIMEOUT_MS


def test_a_write_transaction_takes_the_lock_up_front(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE on both: a second writer waits at BEGIN, never deadlocks upgrading."""
    server = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        writer = server.execution_options(write=True)
        with writer.connect() as first, first.begin():
            # the write lock is held before any statement: a reserved lock shows in the
            # other connection failing at once to begin its own immediate transaction
            raw = server.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA busy_timeout=0")
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    cursor.execute("BEGIN IMMEDIATE")
            finally:
                raw.close()
    finally:
        server.dispose()
