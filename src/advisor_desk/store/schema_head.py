"""The newest store migration this version knows, in a module of its own: the window's first
rows (store/first_rows.py) compare a store against it without importing SQLAlchemy or Alembic.
store/engine.py's `SCHEMA_HEAD` is this value (tests check it against the migration scripts)."""

SCHEMA_HEAD = "0011_h5_access_log"
