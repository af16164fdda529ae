"""A keyring backend for tests that run `advisor-desk` as a subprocess: the secrets live in
the JSON file named by ADVISOR_DESK_TEST_KEYRING (a temporary folder), so a login made in the
test and the command it starts share them. Select it with
PYTHON_KEYRING_BACKEND=tests.helpers.file_keyring.FileKeyring. Never for real use."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties

VARIABLE = "ADVISOR_DESK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        """Never chosen on its own: only when named by PYTHON_KEYRING_BACKEND with the file
        set, or installed with keyring.set_keyring."""
        if not os.environ.get(VARIABLE):
            raise RuntimeError(f"{VARIABLE} is not set")
        return 0.5

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path or Path(os.environ.get(VARIABLE, "keyring.json"))

    def _read(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._read()
        secrets[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(secrets))

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._read()
        secrets.pop(f"{service}/{username}", None)
        self.path.write_text(json.dumps(secrets))
