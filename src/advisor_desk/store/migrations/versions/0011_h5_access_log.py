"""the access log (`access_event`): grants, removals, roles, (de)activations, invitations,
failed logins — who, what, when, from which device

Revision ID: 0011_h5_access_log
Revises: 0010_h6_invitations
Create Date: 2026-12-06

Shared with the server store's step s0012 (`create`), so both keep the same columns. The log
names people and clients by id and by name as they were (no foreign keys). Advisors' roles
are stored as they were ("administrator", "power_user", "advisor"): nothing to convert.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_h5_access_log"
down_revision = "0010_h6_invitations"
branch_labels = None
depends_on = None

TABLE = "access_event"


def create() -> None:
    """The synced table (laptop and server alike)."""
    op.create_table(
        TABLE,
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("subject", sa.String(length=254), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_partner_id"), TABLE, ["partner_id"], unique=False)
    op.create_index(op.f(f"ix_{TABLE}_at"), TABLE, ["at"], unique=False)


def upgrade() -> None:
    create()


def downgrade() -> None:
    op.drop_table(TABLE)
