"""A real server process with an SMTP sink on loopback for the people-and-access tests (issue
16): the `people_mail` fixture. Its "today" is the suite's (tests/conftest.py pins
ADVISOR_DESK_TODAY for this process and the servers it starts)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from advisor_desk.server.smtp import SMTP_VARIABLE
from tests.server.harness import (
    BACKENDS,
    Database,
    Server,
    free_port,
    postgres_database,
    sqlite_database,
)
from tests.server.test_invitations import Sink


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
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    previous = os.environ.get(SMTP_VARIABLE)
    os.environ[SMTP_VARIABLE] = f"smtp://127.0.0.1:{controller.port}?from=desk@example.com"
    try:
        server = Server(database, folder).start()
    finally:
        if previous is None:
            os.environ.pop(SMTP_VARIABLE, None)
        else:
            os.environ[SMTP_VARIABLE] = previous
    try:
        yield PeopleMail(database, server, sink)
    finally:
        server.stop()
        controller.stop()
        database.drop()
