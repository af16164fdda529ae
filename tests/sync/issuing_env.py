"""A partner seeded on a pinned date and a server of its own whose clock is pinned after the
months it bills (issuing refuses a month that has not ended by the server's clock), so the
issuing tests never depend on the real date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.clock import TODAY_VARIABLE
from advisor_desk.services.people import members
from tests.server.harness import Laptop, Live, Server, Tenant, new_tenant

SEEDED = "2026-01-10"  # the partner, its administrator and agreement start in January 2026
TODAY = "2026-12-06"  # the server's and the laptops' clock: November 2026 has ended
JANUARY = dt.date(2026, 1, 10)


def seeded_tenant(live: Live, monkeypatch: pytest.MonkeyPatch) -> Tenant:
    """A partner (with `bo`, a plain advisor) whose agreement is the worked example's."""
    monkeypatch.setenv(TODAY_VARIABLE, SEEDED)
    tenant = new_tenant(live.database, advisors=("bo",))
    with open_db(live.database.owner_url) as db:
        admin.set_agreement(
            db,
            partner=tenant.name,
            advisor_fee="120.00",
            prices={"just_risk": "35.00", "risk_compliance": "79.00"},
            referral_rate="0.20",
            tax_rate="0.10",
            start=Period(2026, 1),
        )
    monkeypatch.setenv(TODAY_VARIABLE, TODAY)
    return tenant


@contextmanager
def own_server(live: Live, folder: Path, *, workers: int = 1) -> Iterator[Server]:
    """A server on the test's database, started now (so with the pinned clock)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = Server(live.database, folder, workers=workers).start()
    try:
        yield server
    finally:
        server.stop()


def laptop(folder: Path, server: Server, email: str) -> tuple[Laptop, str]:
    """A laptop logged in and synced, and its bearer token."""
    made = Laptop(folder, server, email)
    token = made.login().token
    made.sync()
    return made, token


def add_acme(store: Any, model: BillingModel = BillingModel.RESELLER) -> str:
    """Acme (created in January) with one risk & compliance member since then."""
    acme = clients.create_client(store, name="Acme", billing_model=model, created=JANUARY)
    members.add_member(
        store,
        acme.id,
        email="jo@acme.example",
        name="Jo",
        tier=LicenseTier.RISK_COMPLIANCE,
        start=JANUARY,
    )
    return acme.id


def post_issue(server: Server, token: str, document_id: str) -> requests.Response:
    return requests.post(
        server.url + "/v1/invoices/issue",
        json={"document_id": document_id},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )
