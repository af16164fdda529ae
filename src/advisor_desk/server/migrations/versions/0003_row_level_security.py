"""PostgreSQL row-level security on every partner-scoped table (nothing on SQLite)

Revision ID: s0003
Revises: s0002
Create Date: 2026-11-28

Every partner-scoped table gets `ENABLE` and `FORCE ROW LEVEL SECURITY` and a policy that
shows a session only the rows of `current_setting('app.partner_id')`, set per transaction by
the server (`server.db.set_tenant`). Two narrow read policies let a request find its login
by e-mail and its token by hash before it knows the partner. The role that ran the
migration (the tables' owner, used by the admin commands) keeps a policy to see every
partner; the application role is granted the data by `server.db.migrate` (`--app-role`) and
must not own the tables, so the tenant policy binds it.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None

# Frozen here: later tables get their policies in their own steps.
ENTITY_TABLES = (
    "partner",
    "agreement",
    "resale_settings",
    "advisor",
    "advisor_activity",
    "content_item",
    "client_template",
    "template_content",
    "client",
    "client_billing_model",
    "advisor_access",
    "member",
    "member_license",
    "client_content",
    "document",
    "document_line",
    "number_series",
)
SERVER_TABLES = ("srv_partner_clock", "srv_login", "srv_device", "srv_token", "srv_row")
TABLES = (*ENTITY_TABLES, *SERVER_TABLES)
TENANT = "partner_id = current_setting('app.partner_id', true)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    owner = bind.execute(text("SELECT current_user")).scalar_one()
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
        op.execute(f'CREATE POLICY administration ON {table} TO "{owner}" USING (true)')
    op.execute(
        "CREATE POLICY find_login ON srv_login FOR SELECT "
        "USING (email = current_setting('app.login_email', true))"
    )
    op.execute(
        "CREATE POLICY find_token ON srv_token FOR SELECT "
        "USING (token_hash = current_setting('app.token_hash', true))"
    )


def downgrade() -> None:
    raise NotImplementedError("the server store is never downgraded; restore a backup")
