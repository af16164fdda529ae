"""A laptop restored from a backup: its mids restart below what the server acknowledged.
The server refuses them (409 device_rewound) instead of answering "applied" and skipping
them; the laptop starts a new device and sends its new work. Nothing is dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

from advisor_desk.services.clients import teams as clients
from advisor_desk.store.engine import STORE_FILE
from advisor_desk.sync.conflicts import list_rejections
from advisor_desk.sync.local import account
from tests.server.harness import Laptop
from tests.sync.laptops import clients_of, laptops, waiting

__all__ = ["laptops"]


def _copy_store(laptop: Laptop, to: Path) -> None:
    laptop.store.close()  # the last connection closing folds the WAL into the file
    to.mkdir(parents=True, exist_ok=True)
    for path in laptop.folder.glob(STORE_FILE + "*"):
        shutil.copy2(path, to / path.name)
    laptop.reopen()


def _restore_store(laptop: Laptop, backup: Path) -> None:
    laptop.store.close()
    for path in laptop.folder.glob(STORE_FILE + "*"):
        path.unlink()
    for path in backup.iterdir():
        shutil.copy2(path, laptop.folder / path.name)
    laptop.reopen()


def test_new_work_on_a_restored_laptop_reaches_the_server(
    laptops: dict[str, Laptop], tmp_path: Path
) -> None:
    a, b = laptops["a"], laptops["b"]
    clients.create_client(a.store, name="Before the backup")
    a.sync()
    backup = tmp_path / "backup"
    _copy_store(a, backup)
    clients.create_client(a.store, name="After the backup")
    a.sync()
    with a.store.read() as session:
        old_device = account(session).device_id
    _restore_store(a, backup)
    clients.create_client(a.store, name="After the restore")
    report = a.sync()
    assert report.new_device
    assert waiting(a) == 0
    with a.store.read() as session:
        assert account(session).device_id != old_device
    b.sync()
    assert {"Before the backup", "After the backup", "After the restore"} <= set(clients_of(b))
    assert {"After the backup", "After the restore"} <= set(clients_of(a))  # pulled back
    clients.create_client(a.store, name="Next day")  # the new device goes on as usual
    assert not a.sync().new_device
    b.sync()
    assert "Next day" in clients_of(b)
    assert list_rejections(a.store) == []


def test_changes_waiting_in_the_backup_are_sent_once(
    laptops: dict[str, Laptop], tmp_path: Path
) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    clients.edit_client(a.store, acme.id, domain="waiting.example")  # in the backup's outbox
    backup = tmp_path / "backup"
    _copy_store(a, backup)
    a.sync()  # the waiting edit goes up after the backup was taken
    _restore_store(a, backup)
    clients.create_client(a.store, name="After the restore")
    a.sync()  # the waiting edit again (a true repeat: skipped), then the new client
    assert waiting(a) == 0
    b.sync()
    assert clients_of(b)["Acme"].domain == "waiting.example"
    assert "After the restore" in clients_of(b)
    assert list_rejections(a.store) == []


def test_a_delete_older_than_an_edit_on_another_laptop_comes_back(
    laptops: dict[str, Laptop],
) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    b.sync()
    clients.edit_client(a.store, acme.id, domain="newer.example")
    a.sync()
    with b.store.write() as session:  # b deletes the version it has (before a's edit)
        from advisor_desk.store.models import Client

        row = session.get(Client, acme.id)
        assert row is not None
        row.deleted = True
    report = b.sync()
    assert report.conflicts == 1
    assert clients_of(b)["Acme"].domain == "newer.example"  # the row is back, newer values
    [refused] = list_rejections(b.store)
    assert refused.op == "delete"
    a.sync()
    assert "Acme" in clients_of(a)
