"""template plans: starter risks, assessments, default advisors, revisions; client risks and
assessments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 20:40:00

Shared with the server store's step s0005 (`TABLES`, `create`), so both keep the same columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, its own columns (all NOT NULL), the synced rows it refers to: (column, table, null))
Columns = tuple[tuple[str, sa.types.TypeEngine], ...]
Parents = tuple[tuple[str, str, bool], ...]
TABLES: tuple[tuple[str, Columns, Parents], ...] = (
    (
        "template_risk",
        (
            ("title", sa.String(length=300)),
            ("likelihood", sa.Integer()),
            ("impact", sa.Integer()),
        ),
        (("template_id", "client_template", False), ("content_id", "content_item", False)),
    ),
    (
        "template_assessment",
        (("due_in_days", sa.Integer()),),
        (("template_id", "client_template", False), ("content_id", "content_item", False)),
    ),
    (
        "template_advisor",
        (),
        (("template_id", "client_template", False), ("advisor_id", "advisor", False)),
    ),
    (
        "template_revision",
        (
            ("revision", sa.Integer()),
            ("snapshot_json", sa.Text()),
        ),
        (("template_id", "client_template", False),),
    ),
    (
        "client_risk",
        (
            ("title", sa.String(length=300)),
            ("likelihood", sa.Integer()),
            ("impact", sa.Integer()),
        ),
        (("client_id", "client", False), ("content_id", "content_item", True)),
    ),
    (
        "client_assessment",
        (("due", sa.Date()),),
        (("client_id", "client", False), ("content_id", "content_item", False)),
    ),
)


def create() -> None:
    for table, columns, parents in TABLES:
        op.create_table(
            table,
            *[sa.Column(name, sa.String(length=36), nullable=null) for name, _, null in parents],
            *[sa.Column(name, kind, nullable=False) for name, kind in columns],
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("base_version", sa.Integer(), nullable=False),
            sa.Column("deleted", sa.Boolean(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("partner_id", sa.String(length=36), nullable=False),
            *[
                sa.ForeignKeyConstraint(
                    [name],
                    [f"{parent}.id"],
                    name=op.f(f"fk_{table}_{name}_{parent}"),
                    initially="DEFERRED",
                    deferrable=True,
                )
                for name, parent, _ in parents
            ],
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ("partner_id", *(name for name, _, _ in parents)):
                batch_op.create_index(batch_op.f(f"ix_{table}_{name}"), [name], unique=False)


def upgrade() -> None:
    create()


def downgrade() -> None:
    for table, _, _ in reversed(TABLES):
        op.drop_table(table)
