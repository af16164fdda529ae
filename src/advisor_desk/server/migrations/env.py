"""Alembic environment of the server store: run with the connection `server.db` hands over."""

from __future__ import annotations

from alembic import context

from advisor_desk.server.models import ServerBase

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=ServerBase.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table="srv_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
