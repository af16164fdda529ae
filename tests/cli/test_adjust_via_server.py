"""`invoice adjust` with a server configured: the server numbers the supplementary invoice and
the credit note, on SQLite and PostgreSQL; a second run issues nothing (issue 12, 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents
from advisor_desk.services.billing.adjustments import period_adjustments
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from tests.cli.test_issue_via_server import _cli, secrets
from tests.server.harness import Laptop, Live, Tenant

__all__ = ["secrets"]  # the fixture, shared with test_issue_via_server
NOV = Period(2026, 11)


def test_adjust_goes_through_the_server_and_is_idempotent(
    tmp_path: Path, live: Live, tenant: Tenant, secrets: Path
) -> None:
    laptop = Laptop(tmp_path / "laptop", live.server, tenant.admin_email)
    laptop.login()
    laptop.sync()
    january = dt.date(2026, 1, 5)
    birch = clients.create_client(
        laptop.store, name="Birch", billing_model=BillingModel.DIRECT, created=january
    )
    for who in ("jo", "al"):
        members.add_member(
            laptop.store,
            birch.id,
            email=f"{who}@birch.example",
            name=who.title(),
            tier=LicenseTier.JUST_RISK,
            start=january,
        )
    laptop.close()
    issued = _cli(laptop.folder, secrets, "invoice", "issue", "--period", "2026-11")
    assert issued.returncode == 0, issued.stderr

    laptop.reopen()
    members.add_member(  # a late edit: one more member in November
        laptop.store,
        birch.id,
        email="late@birch.example",
        name="Late",
        tier=LicenseTier.JUST_RISK,
        start=dt.date(2026, 11, 10),
    )
    changed = period_adjustments(laptop.store, NOV)
    laptop.close()
    assert {(a.recipient, a.draft.subtotal) for a in changed} >= {("Birch", 35)}

    adjusted = _cli(laptop.folder, secrets, "invoice", "adjust", "--period", "2026-11")
    assert adjusted.returncode == 0, adjusted.stderr
    assert "(draft)" not in adjusted.stdout
    again = _cli(laptop.folder, secrets, "invoice", "adjust", "--period", "2026-11")
    assert again.returncode == 0, again.stderr
    assert "nothing to adjust" in again.stdout

    other = Laptop(tmp_path / "other", live.server, tenant.admin_email)
    other.login()
    other.sync()
    docs = documents.list_documents(other.store, period=NOV)
    left = period_adjustments(other.store, NOV)
    other.close()
    birch_invoices = sorted(
        (d.number or "", d.total, d.references) for d in docs if d.recipient == "Birch"
    )
    assert len(birch_invoices) == 2  # the invoice and its supplement, both numbered
    assert all(number for number, _, _ in birch_invoices)
    assert {total for _, total, _ in birch_invoices} == {77, 38.5}
    assert left == []
