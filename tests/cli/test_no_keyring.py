"""A headless Linux with no keyring (no Secret Service on D-Bus): every command that talks to
the server says in one line what to install or set, never a traceback, and keeps the exit
codes of the contract (3 when the server cannot be reached, `invoice issue` included)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy import update

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.store.models import SyncState
from advisor_desk.sync import credentials
from tests.server.harness import PASSWORD, Laptop, Live, Tenant, free_port

ROOT = Path(__file__).resolve().parents[2]
FIX = "install gnome-keyring"
ALT = "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring"


def _cli(
    folder: Path, *args: str, stdin: str = "", backend: str = "keyring.backends.fail.Keyring"
) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND=backend,
        PYTHONWARNINGS="ignore",
        PYTHONPATH=str(ROOT),
        ADVISOR_DESK_TODAY="2026-12-06",
    )
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        input=stdin,  # not a terminal: nobody to type a password
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    return errors[0]


def _logged_in_laptop(folder: Path, live: Live, tenant: Tenant) -> None:
    logged = _cli(
        folder,
        "login",
        "--server",
        live.server.url,
        "--email",
        tenant.admin_email,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert logged.returncode == 0, logged.stderr
    assert "Traceback" not in logged.stderr
    assert FIX in logged.stderr
    assert ALT in logged.stderr
    assert "never written to a file" in logged.stderr
    assert len(logged.stderr.strip().splitlines()) == 1
    synced = _cli(folder, "sync", "--password-stdin", stdin=PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    laptop = Laptop(folder, live.server, tenant.admin_email)
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


def _move_server_away(folder: Path, live: Live, tenant: Tenant) -> None:
    laptop = Laptop(folder, live.server, tenant.admin_email)
    with laptop.store.write() as session:
        session.execute(update(SyncState).values(server_url=f"http://127.0.0.1:{free_port()}"))
    laptop.close()


def test_commands_that_talk_to_the_server_name_the_fix_and_keep_the_exit_codes(
    tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    folder = tmp_path / "headless"
    _logged_in_laptop(folder, live, tenant)

    for command in (("sync",), ("invoice", "issue", "--period", "2026-11")):
        asked = _cli(folder, *command)  # no terminal, no --password-stdin
        assert asked.returncode == 1, asked.stderr
        line = _one_line(asked)
        assert FIX in line
        assert ALT in line
        assert "--password-stdin" in line

    issued = _cli(folder, "invoice", "issue", "--period", "2026-11", "--password-stdin",
                  stdin=PASSWORD + "\n")  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert "INV-" in issued.stdout  # numbered by the server, with this command's session
    assert not any(
        b"INV-" in p.read_bytes() and PASSWORD.encode() in p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    )

    _move_server_away(folder, live, tenant)
    for command in (
        ("sync",),
        ("invoice", "issue", "--period", "2026-11"),
        ("invoice", "credit", "INV-000001", "--amount", "1.00"),
    ):
        offline = _cli(folder, *command)
        assert offline.returncode == 3, (command, offline.stderr)
        assert "offline" in _one_line(offline)


def test_a_broken_keyring_configuration_is_one_line_too(
    tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    logged = _cli(
        tmp_path / "broken",
        "login",
        "--server",
        live.server.url,
        "--email",
        tenant.admin_email,
        "--password-stdin",
        stdin=PASSWORD + "\n",
        backend="no.such.Keyring",
    )
    assert logged.returncode == 0, logged.stderr
    assert "Traceback" not in logged.stderr
    assert "the keyring cannot be opened" in logged.stderr
    assert FIX in logged.stderr


class _DbusFails(KeyringBackend):
    """A Secret Service that is there but fails as D-Bus does with no session bus."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionRefusedError("org.freedesktop.secrets: no session bus")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionRefusedError("org.freedesktop.secrets: no session bus")

    def delete_password(self, service: str, username: str) -> None:
        raise ConnectionRefusedError("org.freedesktop.secrets: no session bus")


@pytest.mark.parametrize("backend", [fail.Keyring, _DbusFails])
def test_credentials_never_raise_anything_but_no_keyring(
    backend: type[KeyringBackend],
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        assert credentials.load_token("https://x.example", "d1") is None
        credentials.delete_token("https://x.example", "d1")
        with pytest.raises(credentials.NoKeyring) as caught:
            credentials.save_token("https://x.example", "d1", "secret-token")
        assert FIX in str(caught.value)
        assert ALT in str(caught.value)
        assert "\n" not in str(caught.value)
        # kept for this process only, in memory
        assert credentials.load_token("https://x.example", "d1") == "secret-token"
    finally:
        credentials.forget_session_token("https://x.example", "d1")
        keyring.set_keyring(previous)
