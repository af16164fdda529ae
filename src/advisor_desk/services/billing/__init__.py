"""Billing: what a period costs, its draft and issued documents, and the partner's terms.

Modules: `charges` (a period's charges), `explain` (why a line costs what it does),
`history` (month totals), `documents` / `document_detail` (drafts, lines, listing),
`issuing` / `issuing_remote` / `issue_rules` / `draft_scope` (issuing and credit notes),
`adjustments`, `credit_left`, `platform_details`, `partners` + `resale_check` (the partner,
its agreement and resale settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.billing.adjustments import adjust_period, period_adjustments
    from advisor_desk.services.billing.charges import charges_for_period
    from advisor_desk.services.billing.document_detail import DocumentDetail
    from advisor_desk.services.billing.documents import DocumentSummary, list_documents
    from advisor_desk.services.billing.history import MonthTotals, monthly_totals
    from advisor_desk.services.billing.issuing import credit_note, issue_documents, issue_period
    from advisor_desk.services.billing.partners import PartnerSummary, create_partner, get_partner
    from advisor_desk.services.billing.platform_details import get_platform, set_platform

__all__ = [
    "DocumentDetail",
    "DocumentSummary",
    "MonthTotals",
    "PartnerSummary",
    "adjust_period",
    "charges_for_period",
    "create_partner",
    "credit_note",
    "get_partner",
    "get_platform",
    "issue_documents",
    "issue_period",
    "list_documents",
    "monthly_totals",
    "period_adjustments",
    "set_platform",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".adjustments": ("adjust_period", "period_adjustments"),
        ".charges": ("charges_for_period",),
        ".document_detail": ("DocumentDetail",),
        ".documents": ("DocumentSummary", "list_documents"),
        ".history": ("MonthTotals", "monthly_totals"),
        ".issuing": ("credit_note", "issue_documents", "issue_period"),
        ".partners": ("PartnerSummary", "create_partner", "get_partner"),
        ".platform_details": ("get_platform", "set_platform"),
    },
)
