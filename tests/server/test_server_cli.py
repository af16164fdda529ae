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


def _one_line_error(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_no_terminal_for_the_password_says_use_password_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _run("migrate", "--db", url).returncode == 0
    for args in (
        ("partner", "create", "--name", "H", "--admin-email", "a@h.example"),
        ("advisor", "add", "--partner", "H", "--email", "b@h.example"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "advisor_desk.server.cli", *args, "--db", url],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert "--password-stdin" in _one_line_error(done, 2)
    empty = _run(
        "partner", "create", "--db", url, "--name", "H", "--admin-email", "a@h.example",
        "--password-stdin", stdin="",
    )  # fmt: skip
    assert "--password-stdin" in _one_line_error(empty)


def test_the_cli_refuses_a_password_login_would_refuse(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _run("migrate", "--db", url).returncode == 0
    create = ("partner", "create", "--db", url, "--name", "H", "--admin-email", "a@h.example")
    for weak in ("short", "Password2024!", "qwertyuiop", "x" * 1025):
        done = _run(*create, "--password-stdin", stdin=weak + "\n")
        assert "password" in _one_line_error(done)
    assert _run(*create, "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    add = ("advisor", "add", "--db", url, "--partner", "H", "--email", "b@h.example")
    assert "password" in _one_line_error(_run(*add, "--password-stdin", stdin="letmein1\n"))
    reset = ("advisor", "add", "--db", url, "--partner", "H", "--email", "a@h.example")
    assert "password" in _one_line_error(_run(*reset, "--password-stdin", stdin="1234567890\n"))
    unknown = ("advisor", "add", "--db", url, "--partner", "Nobody", "--email", "c@h.example")
    assert "Nobody" in _one_line_error(_run(*unknown, "--password-stdin", stdin=PASSWORD + "\n"))
    bad_email = ("partner", "create", "--db", url, "--name", "J", "--admin-email", "no at sign")
    assert "--admin-email" in _one_line_error(_run(*bad_email, "--password-stdin", stdin=PASSWORD))


def test_bad_database_urls_get_one_line_not_a_traceback(tmp_path: Path) -> None:
    missing_folder = tmp_path / "not" / "there" / "server.sqlite3"
    for url in (
        "nonsense",
        "mysql://u@localhost/x",
        f"sqlite:///{missing_folder}",
        "postgresql+psycopg://nobody@127.0.0.1:1/nothing",
        "postgresql://nobody@127.0.0.1:1/nothing",
    ):
        create = ("partner", "create", "--name", "H", "--admin-email", "a@h.example")
        _one_line_error(_run(*create, "--db", url, "--password-stdin", stdin=PASSWORD + "\n"))
    _one_line_error(_run("issue", "--period", "2026-01", "--db", "postgresql://x@127.0.0.1:1/x"))
    assert not missing_folder.parent.exists()  # nothing but `migrate` makes a database
    assert "migrate" in _run("purge", "--db", f"sqlite:///{missing_folder}").stderr
    made = _run("migrate", "--db", f"sqlite:///{missing_folder}")
    assert made.returncode == 0, made.stderr
    assert str(missing_folder) in made.stdout
    assert _run("purge", "--db", f"sqlite:///{missing_folder}").returncode == 0


def test_trusted_proxies_must_be_addresses() -> None:
    done = _run("serve", "--trusted-proxy", "not-an-address")
    assert done.returncode == 2
    assert "--trusted-proxy" in done.stderr
    assert "Traceback" not in done.stderr
