"""respondents: find a questionnaire by its token's hash; what was e-mailed to respondents

Revision ID: s0014_h10_respond
Revises: s0013_h6_invitations
Create Date: 2026-12-06

- PostgreSQL: policy `find_respondent` on `review_participant` and `assessment` lets a
  transaction with no partner set read only the one row whose `token_hash` is
  `app.respondent_token` (server/respond.py finds the partner of a link this way, then sets it).
- `srv_respond_mail`: per participant or assessment, whether the invitation was e-mailed and
  which reminder was last e-mailed (server/respond_mail.py), so each goes out once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0014_h10_respond"
down_revision = "s0013_h6_invitations"
branch_labels = None
depends_on = None

TENANT = "partner_id = current_setting('app.partner_id', true)"
FIND = "token_hash = current_setting('app.respondent_token', true)"


def upgrade() -> None:
    op.create_table(
        "srv_respond_mail",
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("invited", sa.Boolean(), nullable=False),
        sa.Column("reminded", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_srv_respond_mail")),
    )
    op.create_index(op.f("ix_srv_respond_mail_partner_id"), "srv_respond_mail", ["partner_id"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.exec_driver_sql("SELECT current_user").scalar_one()
    op.execute("ALTER TABLE srv_respond_mail ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE srv_respond_mail FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant ON srv_respond_mail USING ({TENANT}) WITH CHECK ({TENANT})")
    op.execute(f'CREATE POLICY administration ON srv_respond_mail TO "{owner}" USING (true)')
    for table in ("review_participant", "assessment"):
        op.execute(f"CREATE POLICY find_respondent ON {table} FOR SELECT USING ({FIND})")


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
