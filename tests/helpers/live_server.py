"""Fixtures for tests against a real `advisor-desk-server serve` on loopback.

Registered for the whole suite (tests/conftest.py), so server, sync, CLI and window tests
share one server process per backend, and every test runs with an in-memory keyring: no
test ever reads or writes the real one.
"""

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
