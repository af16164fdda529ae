"""template plans and what onboarding makes of them: the laptop store's step 0004

Revision ID: s0005
Revises: s0004
Create Date: 2026-11-28

The same tables as the laptop (its migration's `create`), with row-level security on
PostgreSQL like every partner-scoped table (s0003).
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0005"
down_revision = "s0004"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0004_template_plans")
    laptop.create()
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.exec_driver_sql("SELECT current_user").scalar_one()
    for table, _, _ in laptop.TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
        op.execute(f'CREATE POLICY administration ON {table} TO "{owner}" USING (true)')


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
