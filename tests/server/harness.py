"""A real `advisor-desk-server serve` process on loopback, on SQLite or PostgreSQL, partners
to test with, and laptops (data folders) that log in and sync — shared by tests/server and
tests/sync. PostgreSQL runs need ADVISOR_DESK_TEST_PG (a superuser URL, e.g. from
`eval "$(bash .ci/postgres.sh)"`); each run gets its own database, owner and app roles."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from keyring.backend import KeyringBackend

from advisor_desk.server import admin
from advisor_desk.server.db import migrate, open_db
from advisor_desk.store.engine import Store, open_store
from advisor_desk.sync import account
from advisor_desk.sync.engine import SyncEngine, SyncReport
from tests.helpers.clock import FOUNDED, pinned_today
from tests.helpers.stores import new_store

PG_VARIABLE = "ADVISOR_DESK_TEST_PG"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
NO_PG = f'{PG_VARIABLE} is not set: start one with `eval "$(bash .ci/postgres.sh)"`'


def _ephemeral_floor() -> int:
    """The lowest port the kernel hands out by itself (bind to port 0, outgoing connections)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


_HANDED_OUT: set[int] = set()
_RANDOM = random.SystemRandom()  # not the global one, which pytest-randomly reseeds per test


def _port_range() -> range:
    """This test process's ports: below the kernel's ephemeral range, a slice of its own per
    pytest-xdist worker."""
    floor = _ephemeral_floor()
    low = 20000 if floor > 21000 else 1024
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    size = (floor - low) // max(count, 1)
    return range(low + index * size, low + (index + 1) * size)


def free_port() -> int:
    """A loopback port free now and never handed out before in this process (so a "dead"
    URL stays dead), drawn at random from this worker's slice below the ephemeral range:
    tests run in parallel, and a port the kernel hands out itself (bind to 0, outgoing
    connections) could be taken by someone else before our server binds it."""
    ports = _port_range()
    for _ in range(500):
        port = _RANDOM.choice(ports)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket() as sock:  # a crowded range: let the kernel choose
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].rsplit(":", 1)[1] == f"{port:04X}" and fields[3] == "0A":
                inodes.add(fields[9])
    return inodes


def owns_port(pid: int, port: int) -> bool:
    """Whether process `pid` holds the socket listening on `port` (Linux; True elsewhere):
    the server that answered is ours, not another test's that got the same port."""
    if not Path("/proc/net/tcp").exists():
        return True
    inodes = _listening_inodes(port)
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return True
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            return True
    return False


@dataclass
class Database:
    kind: str
    owner_url: str  # migrations and admin commands (owns the tables)
    app_url: str  # what `serve` connects as (does not own them)
    drop: Callable[[], None] = lambda: None


def sqlite_database(folder: Path) -> Database:
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    migrate(url)
    return Database("sqlite", url, url)


def postgres_database() -> Database:
    import psycopg

    base = os.environ.get(PG_VARIABLE)
    if not base:
        pytest.skip(NO_PG)
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    suffix = uuid.uuid4().hex[:8]
    owner, app, name = f"adt_owner_{suffix}", f"adt_app_{suffix}", f"adt_{suffix}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {owner} LOGIN")
        connection.execute(f"CREATE ROLE {app} LOGIN")
        connection.execute(f"CREATE DATABASE {name} OWNER {owner}")
    host = base.split("@", 1)[1].rsplit("/", 1)[0]
    owner_url = f"postgresql+psycopg://{owner}@{host}/{name}"
    app_url = f"postgresql+psycopg://{app}@{host}/{name}"
    migrate(owner_url, app_role=app)

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"DROP ROLE IF EXISTS {app}")
            connection.execute(f"DROP ROLE IF EXISTS {owner}")

    return Database("postgres", owner_url, app_url, drop)


class PortTaken(RuntimeError):
    """The server could not bind its port: something else took it after free_port()."""


class Server:
    """`advisor-desk-server serve` as a child process on a free loopback port."""

    def __init__(self, database: Database, folder: Path, *, workers: int = 1) -> None:
        self.database = database
        self.folder = folder
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        """Start on a free port; on another if that one was taken meanwhile (tests run in
        parallel: the port is only reserved once the server binds it)."""
        for attempt in range(3):
            try:
                return self._start()
            except PortTaken:
                if attempt == 2:
                    raise
                self.port = free_port()
        raise AssertionError("unreachable")

    def _start(self) -> Server:
        log = (self.folder / f"server-{self.port}.log").open("ab")
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "advisor_desk.server.cli",
                "serve",
                "--db",
                self.database.app_url,
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=self.folder,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                text = (self.folder / f"server-{self.port}.log").read_text(errors="replace")
                if "address already in use" in text.lower():
                    raise PortTaken(self.port)
                raise RuntimeError(f"the server exited: {text[-2000:]}")
            try:
                answered = requests.get(self.url + "/healthz", timeout=1).ok
            except requests.RequestException:
                answered = False
            if answered and owns_port(self.process.pid, self.port):
                return self
            if answered:  # another test's server has the port: ours will give up on it
                self.process.wait(timeout=60)
                continue
            time.sleep(0.1)
        raise RuntimeError("the server did not start in 60 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.folder.glob("server-*.log"))


@dataclass
class Tenant:
    name: str
    partner_id: str
    admin_email: str
    emails: dict[str, str] = field(default_factory=dict)  # role name -> e-mail


def new_tenant(
    database: Database, *, advisors: tuple[str, ...] = (), role: str = "power_user"
) -> Tenant:
    """A partner with its administrator (`admin`) and advisors by name, of `role` (power
    users: they see only the clients given them, and may create clients, as the server's
    one non-administrator role could before the permission table; "advisor" for plain
    advisors)."""
    tag = uuid.uuid4().hex[:8]
    name = f"Partner {tag}"
    admin_email = f"admin-{tag}@example.com"
    with open_db(database.owner_url) as db, pinned_today(FOUNDED):
        partner_id = admin.create_partner(db, name=name, admin_email=admin_email, password=PASSWORD)
        emails = {"admin": admin_email}
        for who in advisors:
            email = f"{who}-{tag}@example.com"
            admin.add_advisor(
                db, partner=name, email=email, name=who.title(), role=role, password=PASSWORD
            )
            emails[who] = email
    return Tenant(name, partner_id, admin_email, emails)


class MemoryKeyring(KeyringBackend):
    """A keyring the tests control (installed with keyring.set_keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class Laptop:
    """One advisor's laptop: its own data folder and store, logged in to the server."""

    def __init__(self, folder: Path, server: Server, email: str) -> None:
        self.folder = folder
        self.server = server
        self.email = email
        self.store: Store = new_store(folder)

    def login(self, password: str = PASSWORD) -> account.LoginOutcome:
        return account.login(
            self.store, self.server.url, self.email, password, device_name=self.folder.name
        )

    def engine(self, **options: Any) -> SyncEngine:
        return SyncEngine(self.store, retries=0, **options)

    def sync(self, **options: Any) -> SyncReport:
        return self.engine(**options).sync()

    def reopen(self) -> None:
        self.store.close()
        self.store = open_store(self.folder)

    def close(self) -> None:
        self.store.close()


@dataclass
class Live:
    database: Database
    server: Server


def live_server(kind: str, folder: Path) -> Iterator[Live]:
    database = postgres_database() if kind == "postgres" else sqlite_database(folder)
    server = Server(database, folder).start()
    try:
        yield Live(database, server)
    finally:
        server.stop()
        database.drop()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
