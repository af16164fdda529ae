"""Alembic environment: run with the connection `store.engine` hands over, never a URL."""

from __future__ import annotations

from alembic import context

from advisor_desk.store import models  # noqa: F401 - registers every table
from advisor_desk.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
