"""`login`, `logout` and `sync` as advisors use them: the token only in the keyring, plain
words when there is none, exit 3 offline with every change kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
from keyring.backends import fail
from sqlalchemy import update

from advisor_desk.services.clients import teams as clients
from advisor_desk.store.models import SyncState
from advisor_desk.sync import account
from tests.server.api import Api
from tests.server.harness import PASSWORD, Laptop, Live, MemoryKeyring, Tenant, free_port


def _files_contain(folder: Path, secret: str) -> bool:
    return any(secret.encode() in path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_the_token_lives_only_in_the_keyring(
    tmp_path: Path, live: Live, tenant: Tenant, memory_keyring: MemoryKeyring
) -> None:
    laptop = Laptop(tmp_path / "a", live.server, tenant.admin_email)
    outcome = laptop.login()
    assert outcome.saved_in_keyring
    assert list(memory_keyring.secrets.values()) == [outcome.token]
    laptop.sync()
    laptop.close()
    assert not _files_contain(tmp_path, outcome.token)


def test_logout_ends_the_session_on_the_server(
    tmp_path: Path, live: Live, tenant: Tenant, memory_keyring: MemoryKeyring
) -> None:
    laptop = Laptop(tmp_path / "a", live.server, tenant.admin_email)
    token = laptop.login().token
    assert account.logout(laptop.store).startswith("logged out")
    assert memory_keyring.secrets == {}
    api = Api(live.server.url)
    api.token = token
    assert api.get("/v1/sync/meta").status_code == 401
    laptop.close()


def test_with_no_keyring_login_says_so_and_writes_no_secret(
    tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    keyring.set_keyring(fail.Keyring())
    laptop = Laptop(tmp_path / "a", live.server, tenant.admin_email)
    outcome = laptop.login()
    assert not outcome.saved_in_keyring
    assert "no usable keyring" in str(outcome.keyring_problem)
    assert "password each session" in str(outcome.keyring_problem)
    laptop.sync(token=outcome.token)  # the token of this session, kept in memory only
    laptop.close()
    assert not _files_contain(tmp_path, outcome.token)


def _cli(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", PYTHONWARNINGS="ignore"
    )
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=120,
    )


def test_the_command_line_logs_in_syncs_and_exits_3_offline(
    tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    folder = tmp_path / "cli"
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
    assert "no usable keyring" in logged.stderr
    assert "never written to a file" in logged.stderr
    synced = _cli(folder, "sync", "--password-stdin", stdin=PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    assert "received" in synced.stdout
    laptop = Laptop(folder, live.server, tenant.admin_email)
    clients.create_client(laptop.store, name="Made on the train")
    with laptop.store.write() as session:  # the server moved away: unreachable now
        session.execute(update(SyncState).values(server_url=f"http://127.0.0.1:{free_port()}"))
    laptop.close()
    offline = _cli(folder, "sync", "--password-stdin", stdin=PASSWORD + "\n")
    assert offline.returncode == 3, offline.stderr
    assert "offline" in offline.stderr
    assert "2 changes kept" in offline.stderr
    assert "Traceback" not in offline.stderr
    wrong = _cli(
        folder,
        "login",
        "--server",
        live.server.url,
        "--email",
        tenant.admin_email,
        "--password-stdin",
        stdin="wrong password\n",
    )
    assert wrong.returncode == 1
    assert "wrong e-mail or password" in wrong.stderr
