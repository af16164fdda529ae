"""changes from the server kept to apply later (sync_parked)

Revision ID: 0005_h1_sync_parked
Revises: 0004
Create Date: 2026-12-06

A pulled row that cannot be applied (it refers to a row this laptop does not have yet,
cannot be read, breaks a constraint) no longer fails the whole pull: it waits here, is
shown among the refused changes, and is tried again with every later page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_h1_sync_parked"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_parked",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change_json", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejection_id", sa.Integer(), nullable=True),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_parked")),
    )
    op.create_index("ix_sync_parked_row_id", "sync_parked", ["row_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_sync_parked_row_id", table_name="sync_parked")
    op.drop_table("sync_parked")
