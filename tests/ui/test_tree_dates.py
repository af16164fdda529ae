"""The tree writes dates as the rest of the window does ("6 Dec 2025", not "06 Dec 2025")."""

from __future__ import annotations

import datetime as dt

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services.clients.tree import ClientRow
from advisor_desk.ui.tree.nodes import describe_client


def test_an_archived_clients_date_reads_like_every_other_date() -> None:
    row = ClientRow("c1", "Easterly", dt.date(2025, 12, 6), BillingModel.RESELLER, {})
    detail, tip = describe_client(row)
    assert detail.endswith("archived 6 Dec 2025")
    assert "Archived since 6 Dec 2025" in tip
