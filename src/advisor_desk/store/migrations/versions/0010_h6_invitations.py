"""invitations: an administrator invites an advisor to set a password (`invitation`)

Revision ID: 0010_h6_invitations
Revises: 0009_h7_bizdev
Create Date: 2026-12-06

A synced table (store/models/invitations.py). Shared with the server store's step
s0013 (`create`), so both keep the same columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_h6_invitations"
down_revision = "0009_h7_bizdev"
branch_labels = None
depends_on = None

TABLE = "invitation"


def create() -> None:
    """The synced table (laptop and server alike)."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("advisor_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("invited_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["advisor_id"],
            ["advisor.id"],
            name=op.f("fk_invitation_advisor_id_advisor"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
    )
    op.create_index(op.f("ix_invitation_advisor_id"), TABLE, ["advisor_id"], unique=False)
    op.create_index(op.f("ix_invitation_partner_id"), TABLE, ["partner_id"], unique=False)


def upgrade() -> None:
    create()


def downgrade() -> None:
    op.drop_index(op.f("ix_invitation_partner_id"), table_name=TABLE)
    op.drop_index(op.f("ix_invitation_advisor_id"), table_name=TABLE)
    op.drop_table(TABLE)
