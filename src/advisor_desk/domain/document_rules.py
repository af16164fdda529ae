"""What a document says beside its amounts, as data: its title, the platform's payment terms,
and which lines of a partner invoice the billing rules make (billing-rules.md, "Issuing").
"""

from __future__ import annotations

from .content_charges import ChargingMode
from .licenses import LicenseTier

# By kind (domain.documents.DocumentKind's values; DocumentKind.document_title reads it).
TITLES = {
    "consolidated_invoice": "Tax invoice — consolidated",
    "client_invoice": "Tax invoice",
    "resale_invoice": "Tax invoice",
    "referral_statement": "Referral statement",
    "credit_note": "Credit note",
}

# Payment terms: the platform's documents are due 14 days after issue; a partner's invoices
# after the days of its resale settings (`ResaleSettings.payment_terms_days`).
PLATFORM_TERMS_DAYS = 14


def license_line(tier: LicenseTier) -> str:
    """The description of the line the rules make for a license tier ("Just Risk licenses")."""
    return f"{tier.label} licenses"


# The descriptions of the license lines the billing rules make, exactly (an advisor's own
# line is any line whose description is not one of these, nor a content line).
LICENSE_LINES = frozenset(license_line(tier) for tier in LicenseTier)
# A content line is "<item title> — <charging mode>" (domain.content_charges.ContentLine).
CONTENT_LINE_SUFFIXES = tuple(f" — {mode.value}" for mode in ChargingMode)


def is_rules_line(description: str) -> bool:
    """Whether a line of a partner invoice is one the rules make (a license line, or a content
    line), not one the advisor added (advisory hours, a fixed fee): re-drafting and issuing
    make the rules' lines again and keep the advisor's."""
    return description in LICENSE_LINES or description.endswith(CONTENT_LINE_SUFFIXES)
