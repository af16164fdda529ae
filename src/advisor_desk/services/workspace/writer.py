"""A Workspace as the file's bytes: fixed key order, sorted lists, one spelling per value.

The same Workspace always gives the same bytes, which is what makes `export → import →
export` byte-identical: every value has exactly one written form (money with the currency's
decimals, rates via `format_rate`, dates ISO) and every list has a fixed order.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

from advisor_desk.domain.agreement import Agreement, ResaleTerms
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.domain.money import format_money
from advisor_desk.domain.periods import Interval
from advisor_desk.services.workspace import writer_bizdev as bizdev
from advisor_desk.services.workspace.checks import format_quantity, format_rate
from advisor_desk.services.workspace.content_billing import write_content_billing, write_grants
from advisor_desk.services.workspace.records import (
    FORMAT,
    VERSION,
    AdvisorRecord,
    ClientRecord,
    ContentRecord,
    DocumentRecord,
    MemberRecord,
    PartnerRecord,
    TemplateRecord,
    Workspace,
    name_order,
)
from advisor_desk.services.workspace.writer_plans import (
    client_assessments,
    content_children,
    template_plan,
)


def to_json(workspace: Workspace) -> bytes:
    """The file: UTF-8 JSON, 2-space indent, lists of plain values on one line, final newline."""
    out: list[str] = []
    _encode(to_data(workspace), "", out)
    out.append("\n")
    return "".join(out).encode("utf-8")


def to_data(workspace: Workspace) -> dict[str, Any]:
    """The file's JSON value (dicts in the documented key order)."""
    currency = workspace.partner.currency
    return {
        "format": FORMAT,
        "version": VERSION,
        "partner": _partner(workspace.partner),
        "advisors": [_advisor(a) for a in sorted(workspace.advisors, key=_by_email)],
        "clients": [
            _client(c) for c in sorted(workspace.clients, key=lambda c: name_order(c.name))
        ],
        "content": [
            _content(c, currency)
            for c in sorted(workspace.content, key=lambda c: name_order(c.title))
        ],
        "templates": [
            _template(t) for t in sorted(workspace.templates, key=lambda t: name_order(t.name))
        ],
        "documents": sorted((_document(d) for d in workspace.documents), key=_document_order),
        "number_series": [
            {"key": s.key, "prefix": s.prefix, "width": s.width, "last_number": s.last_number}
            for s in sorted(workspace.number_series, key=lambda s: s.key)
        ],
        "prospects": bizdev.prospects(workspace.prospects),
        "reviews": bizdev.reviews(workspace.reviews),
        "assessments": bizdev.assessments(workspace.assessments),
    }


def _by_email(record: AdvisorRecord | MemberRecord) -> tuple[str, str]:
    return name_order(record.email)


def _names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=name_order)


def _intervals(intervals: Iterable[Interval]) -> list[list[str | None]]:
    return [[i.start.isoformat(), None if i.end is None else i.end.isoformat()] for i in intervals]


def _partner(partner: PartnerRecord) -> dict[str, Any]:
    agreements = sorted(partner.agreements, key=lambda a: a.effective_from)
    return {
        "name": partner.name,
        "timezone": partner.timezone,
        "locale": partner.locale,
        "agreement": _agreement(agreements[0]) if agreements else None,
        "agreement_history": [_agreement(a) for a in agreements[1:]],
        "resale": (
            None
            if partner.resale is None
            else _resale(partner.resale, partner.currency, partner.logo_png)
        ),
    }


def _agreement(agreement: Agreement) -> dict[str, Any]:
    currency = agreement.currency
    return {
        "currency": currency,
        "advisor_fee": format_money(agreement.advisor_fee, currency),
        "license_price": {
            tier.value: format_money(agreement.license_price[tier], currency)
            for tier in LicenseTier
        },
        "referral_rate": format_rate(agreement.referral_rate),
        "tax_rate": format_rate(agreement.tax_rate),
        "from": str(agreement.effective_from),
    }


def _resale(terms: ResaleTerms, currency: str, logo_png: bytes | None) -> dict[str, Any]:
    return {
        "license_price": {
            tier.value: format_money(terms.license_price[tier], currency)
            for tier in (LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE)
        },
        "tax_rate": format_rate(terms.tax_rate),
        "legal_name": terms.legal_name,
        "tax_number": terms.tax_number,
        "address": terms.address,
        "bank_details": terms.bank_details,
        "invoice_prefix": terms.invoice_prefix,
        "payment_terms_days": terms.payment_terms_days,
        "logo_png": None if logo_png is None else base64.b64encode(logo_png).decode("ascii"),
    }


def _advisor(advisor: AdvisorRecord) -> dict[str, Any]:
    return {
        "email": advisor.email,
        "name": advisor.name,
        "role": advisor.role,
        "active": _intervals(sorted(advisor.active, key=lambda i: i.start)),
        "client_access": _names(advisor.client_access),
    }


def _client(client: ClientRecord) -> dict[str, Any]:
    return {
        "name": client.name,
        "domain": client.domain,
        "address": client.address,
        "employees": client.employees,
        # Recorded order, not sorted: of two entries for one month the later one wins.
        "billing_model": [[str(month), model.value] for month, model in client.billing_models],
        "created": client.created.isoformat(),
        "archived": None if client.archived is None else client.archived.isoformat(),
        "tags": list(client.tags),
        "members": [
            {
                "email": m.email,
                "name": m.name,
                "licenses": [
                    [
                        t.tier.value,
                        t.start.isoformat(),
                        None if t.end is None else t.end.isoformat(),
                    ]
                    for t in sorted(m.licenses, key=lambda t: t.start)
                ],
            }
            for m in sorted(client.members, key=_by_email)
        ],
        "content": _names(client.content),
        "grants": write_grants(client),
        "template": client.template,
        "template_revision": client.template_revision,
        "risks": bizdev.register_risks(client.risks, client=True),
        "assessments": client_assessments(client.assessments),
        "contact_name": client.contact_name,
        "contact_email": client.contact_email,
    }


def _content(item: ContentRecord, currency: str) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.kind.value,
        "library": item.library,
        "version": item.version,
        "price": None if item.price is None else format_money(item.price, currency),
        "published": item.published,
        "locked": item.locked,
        "tags": list(item.tags),
        "description": item.description,
        **write_content_billing(item, currency),
        **content_children(item, currency),
        **_content_entries(item),
    }


def _content_entries(item: ContentRecord) -> dict[str, Any]:
    """A risk library's `risks`, an assessment template's `questions` (other kinds: none)."""
    if item.kind is ContentKind.RISK_LIBRARY:
        return {"risks": bizdev.library_risks(item.risks)}
    if item.kind is ContentKind.ASSESSMENT_TEMPLATE:
        return {"questions": bizdev.questions(item.questions)}
    return {}


def _template(template: TemplateRecord) -> dict[str, Any]:
    return {
        "name": template.name,
        "license_tier": template.license_tier.value,
        "billing_model": template.billing_model.value,
        "content": _names(template.content),
        "members": template.members,
        "description": template.description,
        "revision": template.revision,
        "archived": template.archived,
        **template_plan(template),
    }


def _document(doc: DocumentRecord) -> dict[str, Any]:
    currency = doc.currency
    return {
        "kind": doc.kind.value,
        "number": doc.number,
        "status": doc.status.value,
        "period": str(doc.period),
        "recipient": doc.recipient,
        "client": doc.client,
        "currency": currency,
        "tax_rate": format_rate(doc.tax_rate),
        "subtotal": format_money(doc.subtotal, currency),
        "tax": format_money(doc.tax, currency),
        "total": format_money(doc.total, currency),
        "references": doc.references,
        "issued_at": None if doc.issued_at is None else doc.issued_at.isoformat(),
        "pdf_sha256": doc.pdf_sha256,
        "lines": [
            {
                "description": line.description,
                "quantity": format_quantity(line.quantity),
                "unit_price": format_money(line.unit_price, currency),
                "amount": format_money(line.amount, currency),
                "group": line.group,
            }
            for line in doc.lines
        ],
        "snapshot": doc.snapshot,
    }


def _document_order(doc: dict[str, Any]) -> tuple[str, ...]:
    # Identity first; the whole document last, so even twin drafts have a fixed order.
    return (
        doc["period"],
        doc["kind"],
        doc["number"] or "",
        name_order(doc["recipient"])[0],
        json.dumps(doc, sort_keys=True),
    )


def _encode(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{")
        separator = "\n"
        for key, item in value.items():
            out.append(f"{separator}{inner}{encode_basestring(key)}: ")
            _encode(item, inner, out)
            separator = ",\n"
        out.append(f"\n{indent}}}")
    elif isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            out.append(f"[{', '.join(_scalar(item) for item in value)}]")
            return
        inner = indent + "  "
        out.append("[")
        separator = "\n"
        for item in value:
            out.append(separator + inner)
            _encode(item, inner, out)
            separator = ",\n"
        out.append(f"\n{indent}]")
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)
