"""content library: versions, files, provisions, push log — the laptop store's step 0003

Revision ID: s0004
Revises: s0003
Create Date: 2026-11-28

The same synced tables as the laptop (its migration's `create`; the laptop's full-text
search index stays on the laptop), with row-level security on PostgreSQL like every
partner-scoped table (s0003).
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0003_content_library")
    laptop.create()
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.exec_driver_sql("SELECT current_user").scalar_one()
    for table in laptop.SYNCED_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
        op.execute(f'CREATE POLICY administration ON {table} TO "{owner}" USING (true)')


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
