"""partner content charges: the laptop store's step 0007 (`create`)

Revision ID: s0009_h14_content_charges
Revises: s0008_h11_login_attempts
Create Date: 2026-12-07

An item's charging mode, its price history and each client's grant intervals: the same
columns as the laptop, with row-level security on PostgreSQL like every partner-scoped
table (s0003). The numberer rebuilds partner invoices from these rows.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0009_h14_content_charges"
down_revision = "s0008_h11_login_attempts"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    laptop = importlib.import_module(
        "advisor_desk.store.migrations.versions.0007_h14_content_charges"
    )
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
