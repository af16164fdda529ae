"""`advisor-desk invoice issue` with a server configured: only the server numbers (a real
`serve` process on loopback), and offline nothing is numbered (exit 3)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from tests.helpers.file_keyring import VARIABLE, FileKeyring
from tests.server.harness import Laptop, Live, Server
from tests.sync.issuing_env import seeded_tenant

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """One keyring for this test and the commands it runs (a file in tmp_path)."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(VARIABLE, str(path))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(path))
    yield path
    keyring.set_keyring(previous)


def _cli(folder: Path, secrets: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="tests.helpers.file_keyring.FileKeyring",
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
        ADVISOR_DESK_TODAY="2026-12-01",
        **{VARIABLE: str(secrets)},
    )
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_invoice_issue_goes_through_the_server(
    tmp_path: Path, live: Live, secrets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seeded in January 2026; the server (started now) and this process live on 2026-12-06.
    tenant = seeded_tenant(live, monkeypatch)
    server = Server(live.database, tmp_path).start()  # one this test may stop
    try:
        laptop = Laptop(tmp_path / "laptop", server, tenant.admin_email)
        laptop.login()
        laptop.sync()
        january = dt.date(2026, 1, 5)
        acme = clients.create_client(laptop.store, name="Acme", created=january)
        members.add_member(
            laptop.store,
            acme.id,
            email="jo@acme.example",
            name="Jo",
            tier=LicenseTier.RISK_COMPLIANCE,
            start=january,
        )
        laptop.close()

        issued = _cli(laptop.folder, secrets, "invoice", "issue", "--period", "2026-11")
        assert issued.returncode == 0, issued.stderr
        assert "issued" in issued.stdout
        assert "(draft)" not in issued.stdout

        other = Laptop(tmp_path / "other", server, tenant.admin_email)  # the server numbered
        other.login()
        other.sync()
        numbers = {d.number for d in documents.list_documents(other.store) if d.number}
        other.close()
        assert numbers
        assert all(number in issued.stdout for number in numbers)

        invoice = min(n for n in numbers if n.startswith("INV-"))
        credit = _cli(laptop.folder, secrets, "invoice", "credit", invoice, "--amount", "10.00")
        assert credit.returncode == 0, credit.stderr
        assert "CN-000001" in credit.stdout  # numbered by the server
        too_much = _cli(laptop.folder, secrets, "invoice", "credit", invoice)
        assert too_much.returncode == 1  # the rest is less than a full credit
        assert "left to credit" in too_much.stderr

        server.stop()
        offline = _cli(laptop.folder, secrets, "invoice", "issue", "--period", "2026-12")
        assert offline.returncode == 3, offline.stderr
        assert "nothing was numbered" in offline.stderr
        assert "Traceback" not in offline.stderr
        laptop.reopen()
        december = documents.list_documents(laptop.store, period=Period.parse("2026-12"))
        laptop.close()
        assert december
        assert all(d.number is None for d in december)
    finally:
        server.stop()
