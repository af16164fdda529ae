"""What the server numbers (issue 12, items 4, 10, 13, 16): what its own rows and the billing
rules give, never the amounts a laptop pushed; only ended months, by the server's clock;
partner-level documents only by administrators; malformed drafts get a 4xx with a reason;
after issuing, no draft of the period stays beside the issued documents on any laptop."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from advisor_desk.services.billing import documents
from advisor_desk.services.billing.draft_scope import PartialDraftRefused
from advisor_desk.services.billing.issuing_remote import issue_via_server
from advisor_desk.services.clock import TODAY_VARIABLE
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people import advisors
from advisor_desk.store.models import Document, DocumentLine
from tests.server.harness import ROOT, Live
from tests.sync.issuing_env import add_acme, laptop, own_server, post_issue, seeded_tenant

NOVEMBER = Period(2026, 11)
D = Decimal


def _consolidated(store: object, period: Period = NOVEMBER) -> str:
    (draft,) = documents.draft_documents(
        store,  # type: ignore[arg-type]
        period,
        kind=DocumentKind.CONSOLIDATED_INVOICE,
    )
    return draft.id


def test_the_server_issues_what_the_rules_give_not_what_was_pushed(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, _token = laptop(tmp_path / "a", server, tenant.admin_email)
        add_acme(a.store)
        document_id = _consolidated(a.store)
        with a.store.write() as session:  # a laptop that lies about the amounts
            row = session.get(Document, document_id)
            assert row is not None
            row.subtotal, row.tax, row.total = D("1000.00"), D("100.00"), D("1100.00")
            for line in session.scalars(
                select(DocumentLine).where(DocumentLine.document_id == document_id)
            ):
                line.quantity, line.unit_price, line.amount = D(1), D("0.01"), D("1000.00")
        [issued] = issue_via_server(a.store, [document_id])
        a.close()
    # 2 advisors (the administrator and bo) × 120.00 + Acme 1 × 79.00 = 319.00; tax 31.90
    assert (issued.subtotal, issued.tax, issued.total) == (D("319.00"), D("31.90"), D("350.90"))
    with (
        open_db(live.database.owner_url) as db,
        db.transaction(write=False, partner_id=tenant.partner_id) as session,
    ):
        amounts = session.scalars(
            select(DocumentLine.amount).where(
                DocumentLine.document_id == document_id, DocumentLine.deleted.is_(False)
            )
        ).all()
    assert sorted(amounts) == [D("79.00"), D("240.00")]


def test_the_server_refuses_a_month_that_has_not_ended_by_its_clock(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)  # the server's clock: 2026-12-06
    with own_server(live, tmp_path / "server") as server:
        a, token = laptop(tmp_path / "a", server, tenant.admin_email)
        add_acme(a.store)
        this_month = _consolidated(a.store, Period(2026, 12))
        next_year = _consolidated(a.store, Period(2027, 12))
        a.sync()
        monkeypatch.setenv(TODAY_VARIABLE, "2028-02-29")  # the laptop's clock does not count
        for document_id, month in ((this_month, "2026-12"), (next_year, "2027-12")):
            response = post_issue(server, token, document_id)
            assert response.status_code == 422, response.text
            assert f"{month} has not ended" in response.json()["detail"]
        with pytest.raises(ServiceError, match="has not ended"):
            issue_via_server(a.store, [this_month])
        a.sync()
        assert all(d.number is None for d in documents.list_documents(a.store))
        a.close()


def test_malformed_drafts_get_a_4xx_with_a_reason(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, token = laptop(tmp_path / "a", server, tenant.admin_email)
        add_acme(a.store)
        good = _consolidated(a.store)
        broken = {
            "kind": {"kind": "gift_voucher"},
            "currency": {"currency": "ZZZ"},
            "period": {"period": "2030-13"},
            "reference": {"kind": "credit_note", "references_id": None},
        }
        ids = {}
        with a.store.write() as session:
            source = session.get(Document, good)
            assert source is not None
            for name, values in broken.items():
                row = Document(
                    partner_id=source.partner_id,
                    kind=source.kind,
                    status="draft",
                    period=source.period,
                    recipient=f"{source.recipient} {name}",
                    currency=source.currency,
                    tax_rate=source.tax_rate,
                    subtotal=D("10.00"),
                    tax=D("1.00"),
                    total=D("11.00"),
                )
                for field, value in values.items():
                    setattr(row, field, value)
                session.add(row)
                session.flush()
                session.add(
                    DocumentLine(
                        partner_id=row.partner_id,
                        document_id=row.id,
                        position=0,
                        description="Anything",
                        quantity=D(1),
                        unit_price=D("10.00"),
                        amount=D("10.00"),
                    )
                )
                ids[name] = row.id
        a.sync()  # the server may refuse some of them already: then it has no such draft
        for name, document_id in ids.items():
            response = post_issue(server, token, document_id)
            assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
            assert response.json()["detail"], name
        assert post_issue(server, token, good).status_code == 200  # the server is fine
        a.close()


def test_only_administrators_issue_partner_level_documents(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, _ = laptop(tmp_path / "a", server, tenant.admin_email)
        acme = add_acme(a.store)
        bo_id = next(x.id for x in advisors.list_advisors(a.store) if x.email.startswith("bo-"))
        advisors.give_access(a.store, bo_id, acme)
        a.sync()
        admins_draft = _consolidated(a.store)
        a.sync()
        bo, bo_token = laptop(tmp_path / "bo", server, tenant.emails["bo"])
        # A partner-level draft is refused on an advisor's laptop: it would be partial.
        with pytest.raises(PartialDraftRefused, match="administrators"):
            documents.draft_documents(bo.store, NOVEMBER)
        with pytest.raises(PartialDraftRefused):
            documents.draft_documents(bo.store, NOVEMBER, kind=DocumentKind.REFERRAL_STATEMENT)
        # A consolidated invoice pushed by the advisor under a client it may see.
        with bo.store.write() as session:
            row = Document(
                partner_id=tenant.partner_id,
                kind=DocumentKind.CONSOLIDATED_INVOICE.value,
                status="draft",
                period=str(NOVEMBER),
                recipient="Acme",
                client_id=acme,
                currency="AUD",
                tax_rate=D("0.10"),
                subtotal=D("79.00"),
                tax=D("7.90"),
                total=D("86.90"),
            )
            session.add(row)
            session.flush()
            session.add(
                DocumentLine(
                    partner_id=row.partner_id,
                    document_id=row.id,
                    position=0,
                    description="Acme — Risk & compliance",
                    quantity=D(1),
                    unit_price=D("79.00"),
                    amount=D("79.00"),
                    group_name="Acme",
                )
            )
            pushed = row.id
        bo.sync()
        for document_id in (pushed, admins_draft):
            response = post_issue(server, bo_token, document_id)
            assert response.status_code in (403, 404), response.text
        bo.close()
        a.close()


def test_no_draft_of_an_issued_period_stays_on_any_laptop(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, _ = laptop(tmp_path / "a", server, tenant.admin_email)
        b, _ = laptop(tmp_path / "b", server, tenant.admin_email)
        add_acme(a.store)
        a.sync()
        b.sync()
        b_drafts = documents.draft_documents(b.store, NOVEMBER)  # b drafts the month too
        b.sync()
        a_drafts = documents.draft_documents(a.store, NOVEMBER)
        ids = [d.id for d in a_drafts if d.total]
        issued = issue_via_server(a.store, ids)
        assert issued
        assert all(d.number for d in issued)
        b.sync()
        for store in (a.store, b.store):
            left = documents.list_documents(store, period=NOVEMBER)
            assert sorted(d.number or "draft" for d in left) == sorted(d.number for d in issued)
        assert not {d.id for d in b_drafts} & {d.id for d in documents.list_documents(b.store)}
        a.close()
        b.close()


def _server_cli(live: Live, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore", **{TODAY_VARIABLE: "2026-12-06"})
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.server.cli", *args, "--db", live.database.owner_url],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_server_issue_command(live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    billed = seeded_tenant(live, monkeypatch)
    empty = seeded_tenant(live, monkeypatch)
    with open_db(live.database.owner_url) as db:  # nothing to bill: advisors are free
        admin.set_agreement(
            db,
            partner=empty.name,
            advisor_fee="0.00",
            prices={},
            referral_rate=None,
            tax_rate=None,
            start=Period(2026, 1),
        )
    with own_server(live, tmp_path / "server") as server:
        a, _ = laptop(tmp_path / "a", server, billed.admin_email)
        add_acme(a.store)
        a.sync()
        a.close()
    done = _server_cli(live, "issue", "--period", "2026-11", "--partner", billed.name)
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [row[1:] for row in rows] == [
        ["INV-000001", "consolidated_invoice", billed.name, "350.90"],
        ["RS-000001", "referral_statement", billed.name, "15.80"],
    ]
    again = _server_cli(live, "issue", "--period", "2026-11", "--partner", billed.name)
    assert again.stdout == done.stdout  # idempotent

    zero = _server_cli(live, "issue", "--period", "2026-11", "--partner", empty.name)
    assert zero.returncode == 0, zero.stderr
    assert "INV-" not in zero.stdout
    assert "RS-" not in zero.stdout
    assert zero.stdout.count("skipped") == 2  # the consolidated invoice and the statement
    assert "0.00" in zero.stdout

    early = _server_cli(live, "issue", "--period", "2026-12", "--partner", billed.name)
    assert early.returncode == 1
    assert "2026-12 has not ended" in early.stderr
    assert "Traceback" not in early.stderr
