"""An SMTP sink on loopback (aiosmtpd) and a real server process that mails to it, for the
tests of invitations and respondents' e-mail."""

from __future__ import annotations

import email
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from advisor_desk.server.smtp import SMTP_VARIABLE
from tests.server.harness import Database, Server, free_port


@dataclass
class Sink:
    """An SMTP server on loopback that keeps every message."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20) -> list[Message]:
        """Every message to `address`, once there are at least `count`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.to(address)) >= count:
                return self.to(address)
            time.sleep(0.05)
        raise AssertionError(f"no e-mail #{count} to {address} in {timeout} s")

    def message(self, address: str, count: int = 1, timeout: float = 20) -> Message:
        """The `count`-th message to `address` (waiting for it)."""
        return self.wait_for(address, count, timeout)[count - 1]


@contextmanager
def mailing_server(
    database: Database, folder: Path, environment: dict[str, str] | None = None
) -> Iterator[tuple[Server, Sink]]:
    """A server process on `database` that mails through a fresh sink (`environment`: more
    variables for the server, set only while it starts)."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    wanted = {
        SMTP_VARIABLE: f"smtp://127.0.0.1:{controller.port}?from=desk@example.com",
        **(environment or {}),
    }
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        server = Server(database, folder).start()
    except BaseException:
        controller.stop()
        raise
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    try:
        yield server, sink
    finally:
        server.stop()
        controller.stop()
