"""Fixtures of the sync tests: laptops against a live server per backend."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from tests.server.harness import BACKENDS, Live, MemoryKeyring, Tenant, live_server, new_tenant


@pytest.fixture(scope="session", params=BACKENDS)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    yield from live_server(request.param, tmp_path_factory.mktemp(f"server-{request.param}"))


@pytest.fixture
def tenant(live: Live) -> Tenant:
    return new_tenant(live.database, advisors=("bo", "cy"))


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(previous)
