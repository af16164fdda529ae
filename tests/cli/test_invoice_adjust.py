"""`billing` shows what changed in a period after it was issued, and `invoice adjust` issues
a supplementary invoice or a credit note for exactly that difference, once (issue 12, 10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.store.engine import open_store
from advisor_desk.store.models import Document
from tests.cli.conftest import Run

AFTER_NOVEMBER = "2026-12-06"


def _billing(run_cli: Run) -> dict[str, Any]:
    done = run_cli("billing", "--period", "2026-11", "--format", "json", today=AFTER_NOVEMBER)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _late_edits(data_dir: Path) -> None:
    """After November was issued: a third member for Birch from 15 November, and one of
    Acme's R&C members removed back to 1 November (never active in it)."""
    store = open_store(data_dir)
    try:
        found = {c.name: c for c in clients.list_clients(store)}
        members.add_member(
            store,
            found["Birch"].id,
            email="late@birch.example",
            name="Late",
            tier=LicenseTier.JUST_RISK,
            start=dt.date(2026, 11, 15),
        )
        acme_members = members.list_members(store, found["Acme"].id)
        rc0 = next(m for m in acme_members if m.email == "rc0@acme.example")
        members.remove_member(store, rc0.id, on=dt.date(2026, 11, 1))
    finally:
        store.close()


def _documents(run_cli: Run) -> list[dict[str, Any]]:
    return json.loads(run_cli("invoice", "list", "--format", "json").stdout)  # type: ignore[no-any-return]


def test_adjust_issues_exactly_the_difference_once(
    run_cli: Run, workspace_file: Path, data_dir: Path
) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    issued = run_cli("invoice", "issue", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert issued.returncode == 0, issued.stderr
    assert "adjustments" not in _billing(run_cli)
    nothing = run_cli("invoice", "adjust", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert nothing.returncode == 0, nothing.stderr
    assert "nothing to adjust" in nothing.stdout

    _late_edits(data_dir)

    changed = {(a["kind"], a["recipient"]): a for a in _billing(run_cli)["adjustments"]}
    # Birch: +1 Just Risk × 35.00 → supplementary invoice 35.00 + 3.50 = 38.50
    birch = changed["client_invoice", "Birch"]
    assert (birch["adjusts"], birch["settled_by"]) == ("INV-000002", "supplementary_invoice")
    assert birch["lines"] == [
        {
            "description": "Just Risk licenses",
            "quantity": "1",
            "unit_price": "35.00",
            "amount": "35.00",
        }
    ]
    assert (birch["subtotal"], birch["tax"], birch["total"]) == ("35.00", "3.50", "38.50")
    # Acme: -1 R&C × 79.00 on the consolidated invoice → credit note -79.00 - 7.90 = -86.90
    consolidated = changed["consolidated_invoice", "Harbour Risk Advisory"]
    assert (consolidated["adjusts"], consolidated["settled_by"]) == ("INV-000001", "credit_note")
    assert consolidated["total"] == "-86.90"
    # referral: Acme 63.20 → 47.40, Birch 14.00 → 21.00: -15.80 + 7.00 = -8.80
    statement = changed["referral_statement", "Harbour Risk Advisory"]
    assert (statement["adjusts"], statement["subtotal"]) == ("RS-000001", "-8.80")
    table = run_cli("billing", "--period", "2026-11", today=AFTER_NOVEMBER).stdout
    assert "Changed since issued" in table
    assert "Birch (client invoice INV-000002): +35.00" in table

    adjusted = run_cli("invoice", "adjust", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert adjusted.returncode == 0, adjusted.stderr
    new = {(d["number"], d["kind"], d["recipient"], d["total"]) for d in _documents(run_cli)}
    assert ("INV-000003", "client_invoice", "Birch", "38.50") in new
    assert ("CN-000001", "credit_note", "Harbour Risk Advisory", "-86.90") in new
    assert ("RS-000002", "referral_statement", "Harbour Risk Advisory", "-8.80") in new
    assert "adjustments" not in _billing(run_cli)

    before = _documents(run_cli)
    again = run_cli("invoice", "adjust", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert again.returncode == 0, again.stderr
    assert "nothing to adjust" in again.stdout
    assert _documents(run_cli) == before
    # issuing the period again still returns the originals, nothing new
    reissued = run_cli("invoice", "issue", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert reissued.returncode == 0, reissued.stderr
    assert _documents(run_cli) == before


def test_adjust_needs_a_period(run_cli: Run) -> None:
    assert run_cli("invoice", "adjust").returncode == 2
    assert run_cli("invoice", "adjust", "--period", "2026-13").returncode == 2


def test_a_supplement_stays_linked_to_the_document_it_adds_to(
    run_cli: Run, workspace_file: Path, data_dir: Path
) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    assert run_cli("invoice", "issue", "--period", "2026-11", today=AFTER_NOVEMBER).returncode == 0
    _late_edits(data_dir)
    adjusted = run_cli("invoice", "adjust", "--period", "2026-11", today=AFTER_NOVEMBER)
    assert adjusted.returncode == 0, adjusted.stderr

    store = open_store(data_dir)
    try:
        with store.read() as session:
            by_number = {d.number: d for d in session.scalars(select(Document))}
    finally:
        store.close()
    assert by_number["INV-000003"].references_id == by_number["INV-000002"].id
    assert by_number["RS-000002"].references_id == by_number["RS-000001"].id
    assert by_number["CN-000001"].references_id == by_number["INV-000001"].id
