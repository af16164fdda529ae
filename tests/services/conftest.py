"""Fixtures of the workspace, onboarding and CSV tests (all named `ws_…`)."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import Store

TODAY = "2026-11-15"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(32))

RICH: dict[str, Any] = {
    "format": "advisor-desk/workspace",
    "version": 1,
    "partner": {
        "name": "Harbour Risk Advisory",
        "timezone": "Australia/Sydney",
        "locale": "en_AU",
        "agreement": {
            "currency": "AUD",
            "advisor_fee": "120.00",
            "license_price": {"free": "0.00", "just_risk": "35.00", "risk_compliance": "79.00"},
            "referral_rate": "0.20",
            "tax_rate": "0.10",
            "from": "2026-01",
        },
        "agreement_history": [
            {
                "currency": "AUD",
                "advisor_fee": "125.00",
                "license_price": {"free": "0.00", "just_risk": "36.50", "risk_compliance": "82.00"},
                "referral_rate": "0.125",
                "tax_rate": "0.10",
                "from": "2026-07",
            }
        ],
        "resale": {
            "license_price": {"just_risk": "49.00", "risk_compliance": "99.00"},
            "tax_rate": "0.10",
            "legal_name": "Harbour Risk Advisory Pty Ltd",
            "tax_number": "51 824 753 556",
            "address": "1 Quay St\nSydney NSW 2000",
            "bank_details": "BSB 062-000 Acc 1234 5678",
            "invoice_prefix": "HRA-",
            "payment_terms_days": 14,
            "logo_png": base64.b64encode(PNG).decode("ascii"),
        },
    },
    "advisors": [
        {
            "email": "bo@harbour.example",
            "name": "Bo",
            "role": "advisor",
            # A gap in activity: deactivated in March, back in June.
            "active": [["2026-01-01", "2026-03-03"], ["2026-06-01", None]],
            "client_access": ["Birch Retail", "Acme Logistics"],
        },
        {
            "email": "ana@harbour.example",
            "name": "Ana Álvarez",
            "role": "administrator",
            "active": [["2026-01-01", None]],
            "client_access": [],
        },
        {
            "email": "cy@harbour.example",
            "name": "Cy",
            "role": "power_user",
            "active": [["2026-02-01", "2026-05-01"]],
            "client_access": ["Cedar Health"],
        },
    ],
    "clients": [
        {
            "name": "Birch Retail",
            "domain": "birch.example",
            "employees": None,
            "billing_model": [["2026-02", "direct"], ["2026-08", "reseller"]],
            "created": "2026-02-03",
            "archived": None,
            "tags": ["retail", "nsw"],
            "members": [
                {
                    "email": "jo@birch.example",
                    "name": "Jo",
                    "licenses": [
                        ["free", "2026-02-03", "2026-04-01"],
                        ["just_risk", "2026-04-01", "2026-09-15"],
                        ["risk_compliance", "2026-09-15", None],
                    ],
                },
                {
                    "email": "al@birch.example",
                    "name": "Al",
                    "licenses": [["just_risk", "2026-02-03", "2026-06-30"]],
                },
            ],
            "content": ["Supplier risk playbook", "ISO/IEC 27001:2022"],
            "template": "ISO 27001 readiness",
            "template_revision": 2,
        },
        {
            "name": "Acme Logistics",
            "domain": "acme.example",
            "employees": 120,
            "billing_model": [["2026-01", "reseller"]],
            "created": "2026-01-10",
            "archived": None,
            "tags": [],
            "members": [
                {
                    "email": "mo@acme.example",
                    "name": "Mo",
                    "licenses": [
                        ["just_risk", "2026-01-10", "2026-11-20"],
                        ["risk_compliance", "2026-11-20", None],
                    ],
                }
            ],
            "content": [],
            "template": None,
            "template_revision": None,
        },
        {
            "name": "Cedar Health",
            "domain": "",
            "employees": 8,
            "billing_model": [["2026-02", "reseller"]],
            "created": "2026-02-01",
            "archived": "2026-05-20",
            "tags": ["health"],
            "members": [],
            "content": ["Supplier risk playbook"],
            "template": None,
            "template_revision": None,
        },
    ],
    "content": [
        {
            "title": "Supplier risk playbook",
            "kind": "playbook",
            "library": "partner",
            "version": "3",
            "price": "450.00",
            "published": True,
            "locked": True,
            "tags": ["suppliers"],
            "description": "Our own playbook.",
        },
        {
            "title": "ISO/IEC 27001:2022",
            "kind": "framework",
            "library": "open",
            "version": "2022",
            "price": None,
            "published": True,
            "locked": False,
            "tags": ["iso"],
            "description": "",
        },
    ],
    "templates": [
        {
            "name": "ISO 27001 readiness",
            "license_tier": "risk_compliance",
            "billing_model": "reseller",
            "content": ["ISO/IEC 27001:2022"],
            "members": 5,
            "description": "Gap analysis and roadmap.",
            "revision": 2,
            "archived": False,
        },
        {
            "name": "Old onboarding",
            "license_tier": "free",
            "billing_model": "direct",
            "content": [],
            "members": 0,
            "description": "",
            "revision": 1,
            "archived": True,
        },
    ],
    "documents": [
        {
            "kind": "client_invoice",
            "number": "INV-000001",
            "status": "issued",
            "period": "2026-10",
            "recipient": "Birch Retail",
            "client": "Birch Retail",
            "currency": "AUD",
            "tax_rate": "0.10",
            "subtotal": "118.00",
            "tax": "11.80",
            "total": "129.80",
            "references": None,
            "issued_at": "2026-11-01T09:30:00",
            "pdf_sha256": "ab" * 32,
            "lines": [
                {
                    "description": "Risk & Compliance licenses",
                    "quantity": "1",
                    "unit_price": "82.00",
                    "amount": "82.00",
                    "group": None,
                },
                {
                    "description": "Advisory hours",
                    "quantity": "1.5",
                    "unit_price": "24.00",
                    "amount": "36.00",
                    "group": None,
                },
            ],
            "snapshot": {"kind": "client_invoice", "number": "INV-000001", "total": "129.80"},
        },
        {
            "kind": "credit_note",
            "number": "CN-000001",
            "status": "issued",
            "period": "2026-10",
            "recipient": "Birch Retail",
            "client": "Birch Retail",
            "currency": "AUD",
            "tax_rate": "0.10",
            "subtotal": "-10.00",
            "tax": "-1.00",
            "total": "-11.00",
            "references": "INV-000001",
            "issued_at": "2026-11-02T10:00:00.250000",
            "pdf_sha256": "cd" * 32,
            "lines": [
                {
                    "description": "Credit against INV-000001",
                    "quantity": "1",
                    "unit_price": "-10.00",
                    "amount": "-10.00",
                    "group": None,
                }
            ],
        },
        {
            "kind": "consolidated_invoice",
            "number": None,
            "status": "draft",
            "period": "2026-11",
            "recipient": "Harbour Risk Advisory",
            "client": None,
            "currency": "AUD",
            "tax_rate": "0.10",
            "subtotal": "250.00",
            "tax": "25.00",
            "total": "275.00",
            "references": None,
            "issued_at": None,
            "pdf_sha256": None,
            "lines": [
                {
                    "description": "Active advisors",
                    "quantity": "2",
                    "unit_price": "125.00",
                    "amount": "250.00",
                    "group": None,
                }
            ],
        },
    ],
    "number_series": [
        {"key": "platform-invoice", "prefix": "INV-", "width": 6, "last_number": 1},
        {"key": "platform-credit", "prefix": "CN-", "width": 6, "last_number": 1},
    ],
}


@pytest.fixture
def ws_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Freeze "today" (use with `pytestmark = pytest.mark.usefixtures("ws_today")`)."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY)
    return TODAY


@pytest.fixture
def ws_rich() -> dict[str, Any]:
    """A workspace with a bit of everything (a fresh copy: tests may change it)."""
    return copy.deepcopy(RICH)


@pytest.fixture
def ws_encode() -> Callable[[dict[str, Any]], bytes]:
    return lambda data: json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def ws_store(store: Store) -> Store:
    """A store holding the rich workspace."""
    import_workspace(store, json.dumps(RICH).encode("utf-8"))
    return store
