"""The worked example of billing-rules.md, built through the services as a user would."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing import partners
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import advisors, members
from advisor_desk.store.engine import Store

D = dt.date


def build_worked_example(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Advisors A (all month), B (deactivated 2026-11-03), C (from 2026-12-01); Acme
    (reseller: 3 R&C, 1 JR→R&C on 2026-11-20, 4 free) and Birch (direct: 2 JR)."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-01-10")
    partners.create_partner(store, name="Harbour Risk Advisory", currency="AUD")
    a = advisors.add_advisor(store, email="ana@harbour.example", name="Ana", start=D(2026, 1, 1))
    b = advisors.add_advisor(store, email="ben@harbour.example", name="Ben", start=D(2026, 1, 1))
    advisors.deactivate_advisor(store, b.id, on=D(2026, 11, 3))
    advisors.add_advisor(store, email="cy@harbour.example", name="Cy", start=D(2026, 12, 1))
    acme = clients.create_client(store, name="Acme", billing_model=BillingModel.RESELLER)
    birch = clients.create_client(store, name="Birch", billing_model=BillingModel.DIRECT)
    for i in range(3):
        members.add_member(
            store,
            acme.id,
            email=f"rc{i}@acme.example",
            name=f"RC {i}",
            tier=LicenseTier.RISK_COMPLIANCE,
        )
    mover = members.add_member(
        store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.JUST_RISK
    )
    members.change_tier(store, mover.id, LicenseTier.RISK_COMPLIANCE, D(2026, 11, 20))
    for i in range(4):
        members.add_member(
            store, acme.id, email=f"free{i}@acme.example", name=f"Free {i}", tier=LicenseTier.FREE
        )
    for i in range(2):
        members.add_member(
            store,
            birch.id,
            email=f"jr{i}@birch.example",
            name=f"JR {i}",
            tier=LicenseTier.JUST_RISK,
        )
    return {"acme": acme.id, "birch": birch.id, "mover": mover.id, "ana": a.id, "ben": b.id}
