"""`advisor-desk-server` as users run it: exit codes, one-line errors, idempotent issuing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.server.api import Api
from tests.server.harness import PASSWORD, Server, sqlite_database


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.server.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_admin_commands_and_issuing_a_period(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _run("--help").returncode == 0
    assert _run("serve", "--port", "x").returncode == 2
    not_migrated = _run(
        "partner",
        "create",
        "--db",
        url,
        "--name",
        "H",
        "--admin-email",
        "a@h.example",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert not_migrated.returncode == 1
    assert "migrate" in not_migrated.stderr
    assert _run("migrate", "--db", url).returncode == 0
    created = _run(
        "partner",
        "create",
        "--db",
        url,
        "--name",
        "Harbour",
        "--admin-email",
        "a@h.example",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    again = _run(
        "partner",
        "create",
        "--db",
        url,
        "--name",
        "Harbour",
        "--admin-email",
        "b@h.example",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1
    assert "already exists" in again.stderr
    bad = _run("agreement", "set", "--db", url, "--partner", "Harbour", "--advisor-fee", "1.234")
    assert bad.returncode == 1
    assert "advisor_fee" in bad.stderr
    ok = _run(
        "agreement",
        "set",
        "--db",
        url,
        "--partner",
        "Harbour",
        "--advisor-fee",
        "120.00",
        "--price",
        "risk_compliance=79.00",
        "--from",
        "2026-01",
    )
    assert ok.returncode == 0, ok.stderr
    first = _run("issue", "--db", url, "--period", "2026-11")
    second = _run("issue", "--db", url, "--period", "2026-11")
    assert first.returncode == 0, first.stderr
    assert first.stdout
    assert first.stdout == second.stdout


def test_serve_reports_health_and_the_contract(tmp_path: Path) -> None:
    server = Server(sqlite_database(tmp_path), tmp_path).start()
    try:
        api = Api(server.url)
        assert api.get("/healthz").json() == {"status": "ok", "database": True}
        spec = api.get("/openapi.json").json()
        assert {"/v1/auth/login", "/v1/sync/push", "/v1/sync/pull", "/v1/invoices/issue"} <= set(
            spec["paths"]
        )
    finally:
        server.stop()
    assert server.process is not None
    assert server.process.returncode in (0, -15)
    assert "Application shutdown complete" in server.log_text()  # graceful: requests drained
    assert '"path": "/healthz", "status": 200' in server.log_text()  # structured access log
