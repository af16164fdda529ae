"""failed logins in the database: `srv_login_attempt`

Revision ID: s0008_h11_login_attempts
Revises: s0007_h4_platform_details
Create Date: 2026-12-07

Login rate limiting used to count failures in each server process's memory, so N workers
(or hosts) allowed N times the attempts. One row per e-mail or address holds its recent
failures; `auth.RateLimiter` takes it under a row lock. Not partner-scoped (no row-level
security); `migrate` grants it to the application role.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0008_h11_login_attempts"
down_revision = "s0007_h4_platform_details"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "srv_login_attempt",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=254), nullable=False),
        sa.Column("failures", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("last_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_srv_login_attempt")),
    )
    op.create_index(
        op.f("ix_srv_login_attempt_last_at"), "srv_login_attempt", ["last_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_srv_login_attempt_last_at"), table_name="srv_login_attempt")
    op.drop_table("srv_login_attempt")
