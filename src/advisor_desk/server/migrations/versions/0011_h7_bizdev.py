"""business development: the laptop store's step 0009 (`create`)

Revision ID: s0011_h7_bizdev
Revises: s0010_h16_client_address
Create Date: 2026-12-06

Prospects, risk libraries' risks, reviews and their participants and responses, assessments
and their answers, a client's contact and the risk register's columns: the same columns as
the laptop, with row-level security on PostgreSQL like every partner-scoped table (s0003).
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0011_h7_bizdev"
down_revision = "s0010_h16_client_address"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0009_h7_bizdev")
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
