"""the platform's legal details (platform_details), printed on its documents

Revision ID: 0006_h4_platform_details
Revises: 0005_h1_sync_parked
Create Date: 2026-12-06

One row, never synced. Shared with the server store's step s0007 (`create`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_h4_platform_details"
down_revision = "0005_h1_sync_parked"
branch_labels = None
depends_on = None


def create() -> None:
    op.create_table(
        "platform_details",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("address", sa.Text(), nullable=False, server_default=""),
        sa.Column("tax_number", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("email", sa.String(length=254), nullable=False, server_default=""),
        sa.Column("bank_details", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_details")),
    )


def upgrade() -> None:
    create()


def downgrade() -> None:
    op.drop_table("platform_details")
