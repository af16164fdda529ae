"""Offline work, crashes and resets: nothing queued is ever lost or applied twice."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from advisor_desk.services.clients import teams as clients
from advisor_desk.store.models import Client, ClientBillingModel, SyncState
from advisor_desk.sync import apply, local
from advisor_desk.sync.engine import SyncEngine
from advisor_desk.sync.transport import ServerUnreachable, Transport, UpdateRequired
from tests.server.harness import Laptop, Live, free_port
from tests.sync.laptops import clients_of, laptops, waiting

__all__ = ["laptops"]


def _cursor(laptop: Laptop) -> int:
    with laptop.store.read() as session:
        state = session.get(SyncState, 1)
        return state.cursor if state else 0


def test_offline_edits_wait_and_then_sync_once(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    clients.create_client(a.store, name="Offline Co")
    dead = f"http://127.0.0.1:{free_port()}"
    offline = SyncEngine(
        a.store,
        transport_factory=lambda _url, token: Transport(dead, token, retries=1, backoff=0.01),
    )
    with pytest.raises(ServerUnreachable):
        offline.sync()
    assert offline.online is False
    assert offline.retry_in() > 0
    assert waiting(a) == 2  # the client and its billing model, kept
    a.sync()
    a.sync()
    b.sync()
    assert list(clients_of(b)) == ["Offline Co"]


def test_a_crash_between_ack_and_clearing_the_outbox_changes_nothing(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops["a"], laptops["b"]
    clients.create_client(a.store, name="Once Only")

    def crash(*_args: object) -> int:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(local, "acknowledge", crash)
    with pytest.raises(KeyboardInterrupt):
        a.sync()
    monkeypatch.undo()
    assert waiting(a) == 2  # the server has applied them; the laptop never heard
    a.reopen()
    report = a.sync()
    assert report.pushed == 2
    assert report.conflicts == report.rejected == 0
    assert waiting(a) == 0
    b.sync()
    assert list(clients_of(b)) == ["Once Only"]
    with b.store.read() as session:
        assert len(session.scalars(select(Client)).all()) == 1


def test_killing_the_laptop_mid_pull_leaves_cursor_and_rows_consistent(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops["a"], laptops["b"]
    for n in range(12):
        clients.create_client(a.store, name=f"Client {n:02}")
    a.sync()
    before = _cursor(b)
    real = apply.apply_changes
    pages: list[int] = []

    def dies_on_third_page(session, changes, partner_id):  # type: ignore[no-untyped-def]
        pages.append(len(changes))
        if len(pages) == 3:
            raise KeyboardInterrupt("killed")
        return real(session, changes, partner_id)

    monkeypatch.setattr("advisor_desk.sync.engine.apply_changes", dies_on_third_page)
    with pytest.raises(KeyboardInterrupt):
        b.sync(page_limit=5)
    monkeypatch.undo()
    b.reopen()
    cursor = _cursor(b)
    with b.store.read() as session:
        got = {r.id: r.version for r in session.scalars(select(Client))}
    with a.store.read() as session:
        server = {r.id: r.version for r in session.scalars(select(Client))}
    assert before < cursor < max(server.values())
    assert set(got) == {row_id for row_id, version in server.items() if version <= cursor}
    assert all(got[row_id] == server[row_id] for row_id in got)  # whole pages, cursor with them
    b.sync(page_limit=5)
    assert len(clients_of(b)) == 12


def test_offline_past_the_tombstone_horizon_resets_keeping_unsynced_work(
    laptops: dict[str, Laptop], live: Live
) -> None:
    a, b = laptops["a"], laptops["b"]
    keep = clients.create_client(a.store, name="Keep")
    gone = clients.create_client(a.store, name="Gone")
    a.sync()
    b.sync()
    clients.edit_client(a.store, keep.id, domain="offline-edit.example")  # a goes offline
    clients.create_client(a.store, name="Made offline")
    with b.store.write() as session:  # b deletes "Gone" (and its billing-model history)
        session.get(Client, gone.id).deleted = True  # type: ignore[union-attr]
        for row in session.scalars(
            select(ClientBillingModel).where(ClientBillingModel.client_id == gone.id)
        ):
            row.deleted = True
    b.sync()
    purge = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor_desk.server.cli",
            "purge",
            "--db",
            live.database.owner_url,
            "--older-than-days",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert purge.returncode == 0, purge.stderr
    report = a.sync()
    assert report.reset
    names = clients_of(a)
    assert set(names) == {"Keep", "Made offline"}
    assert names["Keep"].domain == "offline-edit.example"
    with a.store.read() as session:
        assert session.get(Client, gone.id) is None  # its tombstone was purged: swept
    b.sync()
    assert set(clients_of(b)) == {"Keep", "Made offline"}


def test_a_laptop_below_protocol_min_is_told_to_update_and_writes_nothing(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = laptops["a"]
    clients.create_client(a.store, name="Waiting")
    cursor, queued = _cursor(a), waiting(a)
    monkeypatch.setattr("advisor_desk.sync.engine.PROTOCOL_VERSION", 0)
    with pytest.raises(UpdateRequired, match="newer Advisor Desk"):
        a.sync()
    assert (_cursor(a), waiting(a)) == (cursor, queued)
