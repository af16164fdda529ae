"""a client's postal address (`client.address`), printed on the documents addressed to it

Revision ID: 0008_h16_client_address
Revises: 0007_h14_content_charges
Create Date: 2026-12-08

Shared with the server store's step s0010 (`create`), so both keep the same column. Existing
clients get an empty address (nothing is printed for them, as before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_h16_client_address"
down_revision = "0007_h14_content_charges"
branch_labels = None
depends_on = None


def create() -> None:
    """The new column (laptop and server alike)."""
    op.add_column("client", sa.Column("address", sa.Text(), nullable=False, server_default=""))


def upgrade() -> None:
    create()


def downgrade() -> None:
    with op.batch_alter_table("client") as batch_op:
        batch_op.drop_column("address")
