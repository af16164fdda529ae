"""the access log: the laptop store's step 0011 (`create`), with row-level security

Revision ID: s0012_h5_access_log
Revises: s0011_h7_bizdev
Create Date: 2026-12-06

The same columns as the laptop, row-level security on PostgreSQL like every partner-scoped
table (s0003). The server writes failed logins here itself.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0012_h5_access_log"
down_revision = "s0011_h7_bizdev"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0011_h5_access_log")
    laptop.create()
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.exec_driver_sql("SELECT current_user").scalar_one()
    table = laptop.TABLE
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
    op.execute(f'CREATE POLICY administration ON {table} TO "{owner}" USING (true)')


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
