"""the synced entity tables, the same columns as the laptop store's first schema

Revision ID: s0001
Revises:
Create Date: 2026-11-28

The server keeps the laptop's entity tables column for column (one set of models, one
domain), so this step runs the laptop store's frozen first migration and drops the tables
only a laptop has (outbox, sync_state, conflicts).
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None

LAPTOP_ONLY = ("outbox", "sync_state", "conflicts")


def upgrade() -> None:
    laptop = importlib.import_module("advisor_desk.store.migrations.versions.0001_initial_schema")
    laptop.upgrade()
    for table in LAPTOP_ONLY:
        op.drop_table(table)


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
