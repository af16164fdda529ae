"""the server's own tables: version clock, logins, devices, tokens, row index

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "srv_partner_clock",
        sa.Column("partner_id", sa.String(36), primary_key=True),
        sa.Column("last_version", sa.BigInteger(), nullable=False),
        sa.Column("tombstone_horizon", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(64), nullable=False),
    )
    op.create_table(
        "srv_login",
        sa.Column("advisor_id", sa.String(36), primary_key=True),
        sa.Column("partner_id", sa.String(36), nullable=False, index=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "srv_device",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("partner_id", sa.String(36), nullable=False, index=True),
        sa.Column("advisor_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("last_mid", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "srv_token",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("partner_id", sa.String(36), nullable=False, index=True),
        sa.Column("device_id", sa.String(36), nullable=False, index=True),
        sa.Column("advisor_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "srv_row",
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("partner_id", sa.String(36), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=True, index=True),
        sa.Column("advisor_id", sa.String(36), nullable=True),
        sa.Column("admin_only", sa.Boolean(), nullable=False),
        sa.Column("created_version", sa.BigInteger(), nullable=False),
        sa.Column("created_device", sa.String(36), nullable=True),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_srv_row_partner_version", "srv_row", ["partner_id", "version"])


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
