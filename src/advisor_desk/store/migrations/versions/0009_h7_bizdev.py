"""business development: prospects, risk libraries' risks, reviews, assessments, the register

Revision ID: 0009_h7_bizdev
Revises: 0008_h16_client_address
Create Date: 2026-12-06

- `client.contact_name`, `client.contact_email`: a client's primary contact.
- New synced tables (store/models/bizdev.py): prospect, prospect_contact, library_risk,
  assessment_question, risk_review, review_library, review_risk, review_participant,
  review_response, assessment, assessment_answer.
- `client_risk` becomes a risk register: a prospect's adopted risks (`prospect_id`, so
  `client_id` may be empty until it is converted), the review it came from, ref,
  description, domain, causes, impacts, owner, treatment and plan, due date, residual
  likelihood and impact, status.

Shared with the server store's step s0011 (`TABLES`, `create`), so both keep the same columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_h7_bizdev"
down_revision = "0008_h16_client_address"
branch_labels = None
depends_on = None

S = sa.String
_TEXT = sa.Text()
_DATE = sa.Date()
_TIME = sa.DateTime()
_INT = sa.Integer()
_JSON = sa.JSON()

# (table, its own columns (name, type, nullable), its references (column, table, nullable))
Column = tuple[str, sa.types.TypeEngine, bool]
Parent = tuple[str, str, bool]
TABLES: tuple[tuple[str, tuple[Column, ...], tuple[Parent, ...]], ...] = (
    (
        "prospect",
        (
            ("name", S(200), False),
            ("domain", S(253), False),
            ("industry", S(200), False),
            ("created", _DATE, False),
            ("converted", _DATE, True),
        ),
        (("converted_client_id", "client", True),),
    ),
    (
        "prospect_contact",
        (("position", _INT, False), ("name", S(200), False), ("email", S(254), False)),
        (("prospect_id", "prospect", False),),
    ),
    (
        "library_risk",
        (
            ("item_version", S(32), False),
            ("position", _INT, False),
            ("ref", S(64), False),
            ("title", S(300), False),
            ("description", _TEXT, False),
            ("domain", S(200), False),
            ("causes", _JSON, False),
            ("impacts", _JSON, False),
        ),
        (("content_id", "content_item", False),),
    ),
    (
        "assessment_question",
        (
            ("item_version", S(32), False),
            ("position", _INT, False),
            ("ref", S(64), False),
            ("domain", S(200), False),
            ("text", _TEXT, False),
            ("answer_type", S(16), False),
            ("options", _JSON, False),
        ),
        (("content_id", "content_item", False),),
    ),
    (
        "risk_review",
        (
            ("title", S(300), False),
            ("description", _TEXT, False),
            ("due", _DATE, True),
            ("status", S(16), False),
            ("created", _DATE, False),
            ("published_at", _TIME, True),
            ("closed_at", _TIME, True),
            ("adopted_at", _TIME, True),
            ("excluded_refs", _JSON, False),
        ),
        (("client_id", "client", True), ("prospect_id", "prospect", True)),
    ),
    (
        "review_library",
        (("item_version", S(32), False), ("position", _INT, False)),
        (
            ("review_id", "risk_review", False),
            ("client_id", "client", True),
            ("content_id", "content_item", False),
        ),
    ),
    (
        "review_risk",
        (
            ("position", _INT, False),
            ("ref", S(64), False),
            ("title", S(300), False),
            ("description", _TEXT, False),
            ("domain", S(200), False),
            ("causes", _JSON, False),
            ("impacts", _JSON, False),
        ),
        (("review_id", "risk_review", False), ("client_id", "client", True)),
    ),
    (
        "review_participant",
        (
            ("email", S(254), False),
            ("name", S(200), False),
            ("status", S(16), False),
            ("token", S(64), False),
            ("token_hash", S(64), False),
            ("token_expires", _DATE, True),
            ("revoked_at", _TIME, True),
            ("invited_at", _TIME, True),
            ("reminded_at", _TIME, True),
            ("submitted_at", _TIME, True),
            ("reopen_log", _JSON, False),
        ),
        (("review_id", "risk_review", False), ("client_id", "client", True)),
    ),
    (
        "review_response",
        (
            ("ref", S(64), False),
            ("relevant", sa.Boolean(), True),
            ("likelihood", _INT, True),
            ("impact", _INT, True),
        ),
        (
            ("participant_id", "review_participant", False),
            ("review_id", "risk_review", False),
            ("client_id", "client", True),
        ),
    ),
    (
        "assessment",
        (
            ("item_version", S(32), False),
            ("title", S(300), False),
            ("respondent_email", S(254), False),
            ("respondent_name", S(200), False),
            ("created", _DATE, False),
            ("due", _DATE, False),
            ("status", S(16), False),
            ("token", S(64), False),
            ("token_hash", S(64), False),
            ("token_expires", _DATE, True),
            ("revoked_at", _TIME, True),
            ("sent_at", _TIME, True),
            ("reminded_at", _TIME, True),
            ("reminders", _INT, False),
            ("submitted_at", _TIME, True),
            ("closed_at", _TIME, True),
            ("reopen_log", _JSON, False),
        ),
        (
            ("content_id", "content_item", False),
            ("client_id", "client", True),
            ("prospect_id", "prospect", True),
        ),
    ),
    (
        "assessment_answer",
        (("ref", S(64), False), ("choice", S(300), True), ("text", _TEXT, True)),
        (("assessment_id", "assessment", False), ("client_id", "client", True)),
    ),
)
INDEXED = {"token_hash"}

# client_risk's new columns (name, type, server default or None when nullable)
RISK_COLUMNS: tuple[tuple[str, sa.types.TypeEngine, str | None], ...] = (
    ("ref", S(64), ""),
    ("description", _TEXT, ""),
    ("domain", S(200), ""),
    ("causes", _JSON, "[]"),
    ("impacts", _JSON, "[]"),
    ("owner", S(200), ""),
    ("treatment", S(16), ""),
    ("treatment_plan", _TEXT, ""),
    ("due", _DATE, None),
    ("residual_likelihood", _INT, None),
    ("residual_impact", _INT, None),
    ("status", S(16), "open"),
)
RISK_PARENTS = (("prospect_id", "prospect"), ("review_id", "risk_review"))


def _fk(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{parent}.id"],
        name=op.f(f"fk_{table}_{column}_{parent}"),
        initially="DEFERRED",
        deferrable=True,
    )


def _synced() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
    ]


def _old_client_risk() -> sa.Table:
    """client_risk as step 0004 made it (so SQLite's rebuild keeps deferred references)."""
    return sa.Table(
        "client_risk",
        sa.MetaData(),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("content_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        *_synced(),
        _fk("client_risk", "client_id", "client"),
        _fk("client_risk", "content_id", "content_item"),
        sa.PrimaryKeyConstraint("id", name="pk_client_risk"),
        sa.Index("ix_client_risk_client_id", "client_id"),
        sa.Index("ix_client_risk_content_id", "content_id"),
        sa.Index("ix_client_risk_partner_id", "partner_id"),
    )


def create() -> None:
    """The new columns and tables (laptop and server alike)."""
    with op.batch_alter_table("client") as batch_op:
        batch_op.add_column(sa.Column("contact_name", S(200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("contact_email", S(254), nullable=False, server_default=""))
    for table, columns, parents in TABLES:
        op.create_table(
            table,
            *[sa.Column(name, S(36), nullable=null) for name, _, null in parents],
            *[sa.Column(name, kind, nullable=null) for name, kind, null in columns],
            *_synced(),
            *[_fk(table, name, parent) for name, parent, _ in parents],
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        indexed = [name for name, _, _ in parents] + [
            name for name, _, _ in columns if name in INDEXED
        ]
        for name in ("partner_id", *indexed):
            op.create_index(op.f(f"ix_{table}_{name}"), table, [name], unique=False)
    with op.batch_alter_table("client_risk", copy_from=_old_client_risk()) as batch_op:
        batch_op.alter_column("client_id", existing_type=S(36), nullable=True)
        for name, _ in RISK_PARENTS:
            batch_op.add_column(sa.Column(name, S(36), nullable=True))
        for name, kind, default in RISK_COLUMNS:
            batch_op.add_column(
                sa.Column(name, kind, nullable=default is None, server_default=default)
            )
        for name, parent in RISK_PARENTS:
            batch_op.create_foreign_key(
                op.f(f"fk_client_risk_{name}_{parent}"),
                parent,
                [name],
                ["id"],
                deferrable=True,
                initially="DEFERRED",
            )
            batch_op.create_index(op.f(f"ix_client_risk_{name}"), [name], unique=False)


def upgrade() -> None:
    create()


def downgrade() -> None:
    with op.batch_alter_table("client_risk") as batch_op:
        for name, _ in RISK_PARENTS:
            batch_op.drop_index(op.f(f"ix_client_risk_{name}"))
        for name, _, _ in reversed(RISK_COLUMNS):
            batch_op.drop_column(name)
        for name, _ in reversed(RISK_PARENTS):
            batch_op.drop_column(name)
    for table, _, _ in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("client") as batch_op:
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_name")
