"""the platform's legal details: the laptop store's step 0006 (`create`)

Revision ID: s0007_h4_platform_details
Revises: s0006_h1_device_batch
Create Date: 2026-12-06

One row for the whole server (not partner-scoped, so no row-level security): set by
`advisor-desk-server platform set`, printed as the supplier on every platform document.
"""

from __future__ import annotations

import importlib

revision = "s0007_h4_platform_details"
down_revision = "s0006_h1_device_batch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    laptop = importlib.import_module(
        "advisor_desk.store.migrations.versions.0006_h4_platform_details"
    )
    laptop.create()


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
