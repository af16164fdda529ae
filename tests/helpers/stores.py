"""New empty stores for tests, without running the migrations for each one.

Migrating a new store (Alembic, every revision) takes about a second; hundreds of tests start
from an empty store. The first call in a test process migrates one into a private folder; each
later call copies its file into the test's data folder, where `open_store` finds the schema at
its head and migrates nothing. The copy is what `open_store` would have made: the migrations
write schema only (no ids, no rows). Tests of creating or migrating a store call `open_store`
on an empty folder themselves.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import text

from advisor_desk.store.engine import STORE_FILE, Store, open_store

_template: Path | None = None


def _template_file() -> Path:
    global _template
    if _template is None or not _template.is_file():
        folder = Path(tempfile.mkdtemp(prefix="advisor-desk-test-store-"))
        atexit.register(shutil.rmtree, folder, True)
        made = open_store(folder)
        try:
            with made.engine.connect() as connection:  # everything in the file, not the WAL
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            made.close()
        _template = folder / STORE_FILE
    return _template


def new_store(data_dir: Path) -> Store:
    """`open_store(data_dir)` for a folder that has no store yet (a copy of a migrated empty
    one); a folder that has one is opened as it is."""
    target = data_dir / STORE_FILE
    if not target.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template_file(), target)
    return open_store(data_dir)
