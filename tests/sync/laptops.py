"""Laptops of one partner against the live server: what an advisor's store holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advisor_desk.store.models import Client, Outbox
from tests.server.harness import Laptop, Live, Tenant


@pytest.fixture
def laptops(tmp_path: Path, live: Live, tenant: Tenant) -> Iterator[dict[str, Laptop]]:
    """`a` and `b`: the administrator on two laptops; `bo`: a plain advisor. Logged in and
    synced once (the partner, its agreement and advisors downloaded)."""
    made = {
        "a": Laptop(tmp_path / "a", live.server, tenant.admin_email),
        "b": Laptop(tmp_path / "b", live.server, tenant.admin_email),
        "bo": Laptop(tmp_path / "bo", live.server, tenant.emails["bo"]),
    }
    for laptop in made.values():
        laptop.login()
        laptop.sync()
    yield made
    for laptop in made.values():
        laptop.close()


def clients_of(laptop: Laptop) -> dict[str, Client]:
    with laptop.store.read() as session:
        rows = session.scalars(select(Client).where(Client.deleted.is_(False))).all()
        return {row.name: row for row in rows}


def waiting(laptop: Laptop) -> int:
    with laptop.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)
