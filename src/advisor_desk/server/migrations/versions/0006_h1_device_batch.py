"""a device's last push batch: its first mid and one digest per mutation

Revision ID: s0006_h1_device_batch
Revises: s0005
Create Date: 2026-12-06

A push may repeat mids the server already applied only when it retries the device's last
batch (the answer was lost). The server keeps that batch's digests to tell such a retry
from a laptop restored from a backup, whose mids restart below the server's `last_mid`
(push.py answers 409 `device_rewound`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0006_h1_device_batch"
down_revision = "s0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("srv_device") as table:
        table.add_column(
            sa.Column("batch_first_mid", sa.BigInteger(), nullable=False, server_default="0")
        )
        table.add_column(sa.Column("batch_digests", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("srv_device") as table:
        table.drop_column("batch_digests")
        table.drop_column("batch_first_mid")
