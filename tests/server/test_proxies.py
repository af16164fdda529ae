"""Issue 12 item 9: X-Forwarded-For counts only from a configured proxy (`--trusted-proxy`).

The login rate limiter counts failures per address: a caller who could name its own address
in a header could fail forever. Each case runs its own server (the failures would otherwise
lock out the shared server's loopback callers).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from advisor_desk.server.app import PROXIES_VARIABLE
from tests.helpers.threads import run_each
from tests.server.harness import Server, sqlite_database

PER_ADDRESS = 50  # auth.RateLimiter's default


def _server(folder: Path, proxies: str | None) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        if proxies is None:
            patch.delenv(PROXIES_VARIABLE, raising=False)
        else:
            patch.setenv(PROXIES_VARIABLE, proxies)
        server = Server(sqlite_database(folder), folder).start()
    try:
        yield server
    finally:
        server.stop()


def _fail_from_many_addresses(server: Server, count: int) -> list[int]:
    def attempt(n: int) -> int:
        return requests.post(
            server.url + "/v1/auth/login",
            json={"email": f"nobody-{n}@example.com", "password": "wrong", "device_name": "t"},
            headers={"X-Forwarded-For": f"203.0.113.{n % 250 + 1}, 198.51.100.{n % 250 + 1}"},
            timeout=60,
        ).status_code

    return run_each(attempt, range(count), at_once=4)


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[Server]:
    yield from _server(tmp_path, None)


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[Server]:
    yield from _server(tmp_path, "127.0.0.1/32")


def test_forwarded_for_is_ignored_by_default(direct: Server) -> None:
    statuses = _fail_from_many_addresses(direct, PER_ADDRESS)
    assert set(statuses) == {401}
    assert _fail_from_many_addresses(direct, 3) == [429] * 3  # the peer's address counts


def test_forwarded_for_counts_from_a_trusted_proxy(behind_proxy: Server) -> None:
    statuses = _fail_from_many_addresses(behind_proxy, PER_ADDRESS + 5)
    assert set(statuses) == {401}  # each forwarded client has its own count
