"""A real server process with an SMTP sink on loopback for the people-and-access tests (issue
16): the `people_mail` fixture. Its "today" is the suite's (tests/conftest.py pins
ADVISOR_DESK_TODAY for this process and the servers it starts)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.server.harness import (
    BACKENDS,
    Database,
    Server,
    postgres_database,
    sqlite_database,
)
from tests.server.mail_sink import Sink, mailing_server


@dataclass
class PeopleMail:
    database: Database
    server: Server
    sink: Sink


@pytest.fixture(scope="module", params=BACKENDS)
def people_mail(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PeopleMail]:
    """The server, its database and the mail sink."""
    folder = tmp_path_factory.mktemp(f"people-{request.param}")
    database = postgres_database() if request.param == "postgres" else sqlite_database(folder)
    try:
        with mailing_server(database, folder) as (server, sink):
            yield PeopleMail(database, server, sink)
    finally:
        database.drop()
