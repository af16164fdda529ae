"""a client's postal address: the laptop store's step 0008 (`create`)

Revision ID: s0010_h16_client_address
Revises: s0009_h14_content_charges
Create Date: 2026-12-08

A new column of an existing partner-scoped table: its row-level security (s0003) already
covers it.
"""

from __future__ import annotations

import importlib

revision = "s0010_h16_client_address"
down_revision = "s0009_h14_content_charges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    laptop = importlib.import_module(
        "advisor_desk.store.migrations.versions.0008_h16_client_address"
    )
    laptop.create()


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
