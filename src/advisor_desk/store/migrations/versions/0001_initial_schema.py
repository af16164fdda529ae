"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 19:17:41.297298
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisor",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisor")),
        sa.UniqueConstraint("partner_id", "email", name=op.f("uq_advisor_partner_id")),
    )
    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advisor_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "agreement",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("advisor_fee", sa.BigInteger(), nullable=False),
        sa.Column("price_free", sa.BigInteger(), nullable=False),
        sa.Column("price_just_risk", sa.BigInteger(), nullable=False),
        sa.Column("price_risk_compliance", sa.BigInteger(), nullable=False),
        sa.Column("referral_rate", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("effective_from", sa.String(length=7), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
        sa.UniqueConstraint("partner_id", "effective_from", name=op.f("uq_agreement_partner_id")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "client_template",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("license_tier", sa.String(length=32), nullable=False),
        sa.Column("billing_model", sa.String(length=16), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_template")),
    )
    with op.batch_alter_table("client_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_template_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("local_fields", sa.Text(), nullable=False),
        sa.Column("server_fields", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_table(
        "content_item",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("library", sa.String(length=16), nullable=False),
        sa.Column("item_version", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_item")),
    )
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_content_item_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_content_item_title"), ["title"], unique=False)

    op.create_table(
        "number_series",
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "key", name=op.f("pk_number_series")),
    )
    op.create_table(
        "outbox",
        sa.Column("mid", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("mid", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_row_id"), ["row_id"], unique=False)

    op.create_table(
        "partner",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "resale_settings",
        sa.Column("price_just_risk", sa.BigInteger(), nullable=False),
        sa.Column("price_risk_compliance", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=False),
        sa.Column("tax_number", sa.String(length=64), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("bank_details", sa.Text(), nullable=False),
        sa.Column("invoice_prefix", sa.String(length=16), nullable=False),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resale_settings")),
    )
    with op.batch_alter_table("resale_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resale_settings_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=64), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "advisor_activity",
        sa.Column("advisor_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["advisor_id"],
            ["advisor.id"],
            name=op.f("fk_advisor_activity_advisor_id_advisor"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisor_activity")),
    )
    with op.batch_alter_table("advisor_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advisor_activity_advisor_id"), ["advisor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_advisor_activity_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "client",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("archived", sa.Date(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["client_template.id"],
            name=op.f("fk_client_template_id_client_template"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_template_id"), ["template_id"], unique=False)
        batch_op.create_index(
            "uq_client_live_name",
            ["partner_id", "name"],
            unique=True,
            sqlite_where=sa.text("deleted = 0"),
            postgresql_where=sa.text("deleted = false"),
        )

    op.create_table(
        "template_content",
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("content_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_item.id"],
            name=op.f("fk_template_content_content_id_content_item"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["client_template.id"],
            name=op.f("fk_template_content_template_id_client_template"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_content")),
    )
    with op.batch_alter_table("template_content", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_template_content_content_id"), ["content_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_template_content_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_template_content_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "advisor_access",
        sa.Column("advisor_id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["advisor_id"],
            ["advisor.id"],
            name=op.f("fk_advisor_access_advisor_id_advisor"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_advisor_access_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisor_access")),
    )
    with op.batch_alter_table("advisor_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advisor_access_advisor_id"), ["advisor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_advisor_access_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_advisor_access_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "client_billing_model",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("effective_from", sa.String(length=7), nullable=False),
        sa.Column("model", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_billing_model_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_billing_model")),
    )
    with op.batch_alter_table("client_billing_model", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_billing_model_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_billing_model_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "client_content",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("content_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_content_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_item.id"],
            name=op.f("fk_client_content_content_id_content_item"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_content")),
    )
    with op.batch_alter_table("client_content", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_content_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_content_content_id"), ["content_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_content_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "document",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("references_id", sa.String(length=36), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("snapshot_json", sa.Text(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf_file", sa.String(length=260), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_document_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["references_id"],
            ["document.id"],
            name=op.f("fk_document_references_id_document"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            "ix_document_identity", ["partner_id", "kind", "recipient", "period"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_period"), ["period"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_references_id"), ["references_id"], unique=False
        )
        batch_op.create_index(
            "uq_document_number",
            ["partner_id", "number"],
            unique=True,
            sqlite_where=sa.text("number IS NOT NULL"),
            postgresql_where=sa.text("number IS NOT NULL"),
        )

    op.create_table(
        "member",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_member_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "document_line",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("group_name", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_line_document_id_document"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_line")),
    )
    with op.batch_alter_table("document_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_line_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_line_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "member_license",
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_license_member_id_member"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_license")),
    )
    with op.batch_alter_table("member_license", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_license_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_license_partner_id"), ["partner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_license", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_license_partner_id"))
        batch_op.drop_index(batch_op.f("ix_member_license_member_id"))

    op.drop_table("member_license")
    with op.batch_alter_table("document_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_line_partner_id"))
        batch_op.drop_index(batch_op.f("ix_document_line_document_id"))

    op.drop_table("document_line")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_partner_id"))
        batch_op.drop_index(batch_op.f("ix_member_client_id"))

    op.drop_table("member")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_document_number",
            sqlite_where=sa.text("number IS NOT NULL"),
            postgresql_where=sa.text("number IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_document_references_id"))
        batch_op.drop_index(batch_op.f("ix_document_period"))
        batch_op.drop_index(batch_op.f("ix_document_partner_id"))
        batch_op.drop_index("ix_document_identity")
        batch_op.drop_index(batch_op.f("ix_document_client_id"))

    op.drop_table("document")
    with op.batch_alter_table("client_content", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_content_partner_id"))
        batch_op.drop_index(batch_op.f("ix_client_content_content_id"))
        batch_op.drop_index(batch_op.f("ix_client_content_client_id"))

    op.drop_table("client_content")
    with op.batch_alter_table("client_billing_model", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_billing_model_partner_id"))
        batch_op.drop_index(batch_op.f("ix_client_billing_model_client_id"))

    op.drop_table("client_billing_model")
    with op.batch_alter_table("advisor_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisor_access_partner_id"))
        batch_op.drop_index(batch_op.f("ix_advisor_access_client_id"))
        batch_op.drop_index(batch_op.f("ix_advisor_access_advisor_id"))

    op.drop_table("advisor_access")
    with op.batch_alter_table("template_content", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_content_template_id"))
        batch_op.drop_index(batch_op.f("ix_template_content_partner_id"))
        batch_op.drop_index(batch_op.f("ix_template_content_content_id"))

    op.drop_table("template_content")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_client_live_name",
            sqlite_where=sa.text("deleted = 0"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.drop_index(batch_op.f("ix_client_template_id"))
        batch_op.drop_index(batch_op.f("ix_client_partner_id"))

    op.drop_table("client")
    with op.batch_alter_table("advisor_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisor_activity_partner_id"))
        batch_op.drop_index(batch_op.f("ix_advisor_activity_advisor_id"))

    op.drop_table("advisor_activity")
    op.drop_table("sync_state")
    with op.batch_alter_table("resale_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resale_settings_partner_id"))

    op.drop_table("resale_settings")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_partner_id"))

    op.drop_table("partner")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_row_id"))

    op.drop_table("outbox")
    op.drop_table("number_series")
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_item_title"))
        batch_op.drop_index(batch_op.f("ix_content_item_partner_id"))

    op.drop_table("content_item")
    op.drop_table("conflicts")
    with op.batch_alter_table("client_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_template_partner_id"))

    op.drop_table("client_template")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_partner_id"))

    op.drop_table("agreement")
    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisor_partner_id"))

    op.drop_table("advisor")
