"""The tables row-level security covers on PostgreSQL: every partner-scoped one."""

from __future__ import annotations

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
    "content_version",
    "content_file",
    "content_provision",
    "library_push",
    "template_risk",
    "template_assessment",
    "template_advisor",
    "template_revision",
    "client_risk",
    "client_assessment",
    "content_grant",
    "content_price",
    # business development (s0011)
    "prospect",
    "prospect_contact",
    "library_risk",
    "assessment_question",
    "risk_review",
    "review_library",
    "review_risk",
    "review_participant",
    "review_response",
    "assessment",
    "assessment_answer",
    "access_event",  # the access log (s0012)
)
SERVER_TABLES = ("srv_partner_clock", "srv_login", "srv_device", "srv_token", "srv_row")
# s0013_h6: the invitation entity, invitations' tokens and mail, rows of an upload
ENTITY_TABLES += ("invitation",)
SERVER_TABLES += ("srv_invitation_token", "srv_invitation_mail", "srv_upload_row")
SERVER_TABLES += ("srv_respond_mail",)  # s0014_h10: what was e-mailed to respondents
# Not partner-scoped (no row-level security), but the application reads it: granted too.
GLOBAL_TABLES = ("platform_details",)
ALL_TABLES = (*ENTITY_TABLES, *SERVER_TABLES, *GLOBAL_TABLES)
