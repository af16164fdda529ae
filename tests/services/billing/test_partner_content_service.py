"""Issue 17 in the services: grants keep their history, re-drafts keep advisors' lines, the
library's item detail knows who pays, the onboarding review shows the content's cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.content import (
    explain_content,
    item_earnings,
    period_partner_invoices,
)
from advisor_desk.services.billing.documents import add_line, draft_documents
from advisor_desk.services.library.content import grant_to_client, revoke_from_client
from advisor_desk.services.library.push import push_items, resolve_names, take_back_push
from advisor_desk.services.workspace import import_workspace_data
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ContentGrant
from tests.cli.test_partner_content_cli import PACK, TOOLKIT, extended_example

D = Decimal
NOV, DEC = Period(2026, 11), Period(2026, 12)


def _day(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", day)


def _ids(store: Store) -> tuple[str, str, str, str]:
    found = resolve_names(store, [TOOLKIT, PACK], clients=["Acme", "Birch"])
    return (*found.item_ids, *found.client_ids)  # type: ignore[return-value]


def _grants(store: Store, client_id: str, item_id: str) -> list[tuple[dt.date, dt.date | None]]:
    with store.read() as session:
        return sorted(
            (g.start, g.end)
            for g in session.scalars(
                select(ContentGrant).where(
                    ContentGrant.client_id == client_id,
                    ContentGrant.content_id == item_id,
                    ContentGrant.deleted.is_(False),
                )
            )
        )


def _content_amounts(store: Store, period: Period) -> dict[str, list[tuple[str, D]]]:
    return {
        draft.recipient: [
            (line.description, line.amount) for line in draft.lines if " — " in line.description
        ]
        for draft in period_partner_invoices(store, period)
    }


def test_remove_and_grant_again_keep_the_history(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = extended_example()
    for client in data["clients"]:
        client["content"], client["grants"] = [], []
    import_workspace_data(store, data)
    toolkit, pack, acme, birch = _ids(store)
    _day(monkeypatch, "2026-09-30")  # last day of a month
    push_items(store, [pack], client_ids=[birch])
    _day(monkeypatch, "2026-10-01")  # removed on the first
    assert revoke_from_client(store, birch, [pack]) == 1
    _day(monkeypatch, "2026-11-20")
    grant_to_client(store, birch, [pack])  # granted again: a once item charges nothing now
    assert _grants(store, birch, pack) == [
        (dt.date(2026, 9, 30), dt.date(2026, 10, 1)),
        (dt.date(2026, 11, 20), None),
    ]
    assert _content_amounts(store, Period(2026, 9))["Birch"] == [(f"{PACK} — once", D("400.00"))]
    assert "Birch" not in _content_amounts(store, NOV)
    # granted and taken back the same day: never held
    undone = push_items(store, [toolkit], client_ids=[acme])
    take_back_push(store, undone)
    assert _grants(store, acme, toolkit) == []
    grant_to_client(store, acme, [toolkit])
    assert revoke_from_client(store, acme, [toolkit]) == 1
    assert _grants(store, acme, toolkit) == []


def test_redrafting_keeps_the_advisors_lines_and_refreshes_content(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _day(monkeypatch, "2026-12-06")
    import_workspace_data(store, extended_example())
    toolkit, _pack, acme, _birch = _ids(store)
    drafts = draft_documents(store, NOV, kind=DocumentKind.PARTNER_INVOICE)
    birch = next(d for d in drafts if d.recipient == "Birch")
    add_line(store, birch.id, "Advisory hours", "2", "180.00")
    _day(monkeypatch, "2026-12-06")
    revoke_from_client(store, acme, [toolkit])  # from Dec 6: November still charged
    again = {d.recipient: d for d in draft_documents(store, NOV, kind=DocumentKind.PARTNER_INVOICE)}
    assert again["Birch"].total == D("836.00")  # (400.00 + 2 × 180.00) × 1.10
    assert again["Acme"].total == D("600.60")
    assert _content_amounts(store, NOV)["Birch"] == [(f"{PACK} — once", D("400.00"))]


def test_item_earnings_and_explanation(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _day(monkeypatch, "2026-12-06")
    import_workspace_data(store, extended_example())
    toolkit, pack, _acme, _birch = _ids(store)
    earned = item_earnings(store, toolkit, months=3)
    assert earned.months == (
        (Period(2026, 10), (), D("0.00")),
        (NOV, ("Acme",), D("150.00")),
        (DEC, ("Acme",), D("150.00")),
    )
    assert earned.payers_now == ("Acme",)
    assert item_earnings(store, pack, months=2).total == D("400.00")
    shown = explain_content(store, NOV)
    assert shown.figure == "550.00 AUD"
    assert shown.rows == (
        ("Acme", f"{TOOLKIT} — monthly", "150.00"),
        ("Birch", f"{PACK} — once", "400.00"),
    )


def test_onboarding_review_prices_the_templates_content(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor_desk.services.clients.onboarding import NewClient, onboard_client
    from advisor_desk.services.clients.onboarding_review import review_onboarding

    _day(monkeypatch, "2026-12-06")
    data = extended_example()
    data["templates"] = [
        {
            "name": "Board pack",
            "license_tier": "risk_compliance",
            "billing_model": "direct",
            "content": [PACK, TOOLKIT],
            "members": 0,
        }
    ]
    import_workspace_data(store, data)
    review = review_onboarding(store, NewClient(name="Cove", template="Board pack"))
    assert review.content_costs == (
        (PACK, "once", D("400.00")),
        (TOOLKIT, "monthly", D("150.00")),
    )
    assert (review.content_monthly, review.content_once) == (D("150.00"), D("400.00"))
    onboard_client(store, name="Cove", template="Board pack")
    cove = resolve_names(store, [], clients=["Cove"]).client_ids[0]
    _toolkit, pack, _acme, _birch = _ids(store)
    assert _grants(store, cove, pack) == [(dt.date(2026, 12, 6), None)]
    assert _content_amounts(store, DEC)["Cove"] == [
        (f"{PACK} — once", D("400.00")),
        (f"{TOOLKIT} — monthly", D("150.00")),
    ]
