"""invitations and uploads: the laptop store's step 0010 (`invitation`) and the server's
`srv_invitation_token`, `srv_invitation_mail`, `srv_upload_row`

Revision ID: s0013_h6_invitations
Revises: s0012_h5_access_log
Create Date: 2026-12-06

Row-level security on PostgreSQL like every partner-scoped table (s0003), and one narrow
read policy: the invitation page finds its token by hash before it knows the partner (as a
request finds its session token).
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "s0013_h6_invitations"
down_revision = "s0012_h5_access_log"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"
TABLES = ("invitation", "srv_invitation_token", "srv_invitation_mail", "srv_upload_row")


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0010_h6_invitations")
    laptop.create()
    op.create_table(
        "srv_invitation_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("invitation_id", sa.String(length=36), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_srv_invitation_token")),
    )
    for column in ("partner_id", "invitation_id"):
        op.create_index(op.f(f"ix_srv_invitation_token_{column}"), "srv_invitation_token", [column])
    op.create_table(
        "srv_invitation_mail",
        sa.Column("invitation_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("sends_done", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("invitation_id", name=op.f("pk_srv_invitation_mail")),
    )
    op.create_index(
        op.f("ix_srv_invitation_mail_partner_id"), "srv_invitation_mail", ["partner_id"]
    )
    op.create_table(
        "srv_upload_row",
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "device_id", "page", name=op.f("pk_srv_upload_row")),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.exec_driver_sql("SELECT current_user").scalar_one()
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
        op.execute(f'CREATE POLICY administration ON {table} TO "{owner}" USING (true)')
    op.execute(
        "CREATE POLICY find_invitation ON srv_invitation_token FOR SELECT "
        "USING (token_hash = current_setting('app.invitation_token', true))"
    )


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
