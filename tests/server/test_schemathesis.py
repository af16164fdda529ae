"""A schemathesis run against the live server's /openapi.json finds no 500, and no answer
the contract does not declare (status and body).

On its own server process (SQLite): the fuzzed logins would otherwise trip the shared
server's rate limiter for every other test on loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (add it to the test extra)"
)
from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.server.api import Api  # noqa: E402
from tests.server.harness import Server, new_tenant, sqlite_database  # noqa: E402

HEADERS: dict[str, str] = {}
CONFORMANCE = [
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder: Path = tmp_path_factory.mktemp("fuzzed")
    database = sqlite_database(folder)
    server = Server(database, folder).start()
    tenant = new_tenant(database)
    HEADERS["Authorization"] = f"Bearer {Api(server.url).login(tenant.admin_email).token}"
    yield server
    server.stop()


def test_no_request_gets_a_500(fuzzed_server: Server) -> None:
    schema = schemathesis.openapi.from_url(fuzzed_server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def no_500(case: Any) -> None:
            response = case.call(headers=HEADERS)
            assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
            # Every answer is one the contract declares, in the shape it declares.
            case.validate_response(response, checks=CONFORMANCE)

        no_500()
