"""partner content charges: an item's charging mode, its price history, each client's grants

Revision ID: 0007_h14_content_charges
Revises: 0006_h4_platform_details
Create Date: 2026-12-07

- `content_item.charging`: "monthly" (the default, also for items already priced) or "once".
- `content_price`: one row per price change, applying from the month it names.
- `content_grant`: the days `[start, end)` a client held an item.

Shared with the server store's step s0008 (`TABLES`, `create`), so both keep the same columns.
Grants made before this step (live `client_content` rows without a grant) are read as held
since they were pushed (services/billing), so nothing is written here: a synced row made by a
migration would be made again, differently, by every laptop.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_h14_content_charges"
down_revision = "0006_h4_platform_details"
branch_labels = None
depends_on = None

# (table, its own columns (name, type, nullable), the synced rows it refers to)
TABLES: tuple[
    tuple[str, tuple[tuple[str, sa.types.TypeEngine, bool], ...], tuple[str, ...]], ...
] = (
    (
        "content_grant",
        (("start", sa.Date(), False), ("end", sa.Date(), True)),
        ("client", "content_item"),
    ),
    (
        "content_price",
        (("effective_from", sa.String(length=7), False), ("price", sa.BigInteger(), True)),
        ("content_item",),
    ),
)
_COLUMN = {"client": "client_id", "content_item": "content_id"}


def create() -> None:
    """The new column and the synced tables (laptop and server alike)."""
    op.add_column(
        "content_item",
        sa.Column("charging", sa.String(length=16), nullable=False, server_default="monthly"),
    )
    for table, columns, parents in TABLES:
        op.create_table(
            table,
            *[
                sa.Column(_COLUMN[parent], sa.String(length=36), nullable=False)
                for parent in parents
            ],
            *[sa.Column(name, kind, nullable=null) for name, kind, null in columns],
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("base_version", sa.Integer(), nullable=False),
            sa.Column("deleted", sa.Boolean(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("partner_id", sa.String(length=36), nullable=False),
            *[
                sa.ForeignKeyConstraint(
                    [_COLUMN[parent]],
                    [f"{parent}.id"],
                    name=op.f(f"fk_{table}_{_COLUMN[parent]}_{parent}"),
                    initially="DEFERRED",
                    deferrable=True,
                )
                for parent in parents
            ],
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        for name in ("partner_id", *(_COLUMN[parent] for parent in parents)):
            op.create_index(op.f(f"ix_{table}_{name}"), table, [name], unique=False)


def upgrade() -> None:
    create()


def downgrade() -> None:
    for table, _, _ in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("content_item") as batch_op:
        batch_op.drop_column("charging")
