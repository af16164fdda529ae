"""The session token lives only in the OS keyring (`keyring`), never in a file.

With no usable keyring, `save_token` raises `NoKeyring` with a plain message: the app then
asks for the password each session and keeps the token in memory only.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from advisor_desk.sync.transport import SyncError

SERVICE = "advisor-desk"


def _key(server_url: str, device_id: str) -> str:
    """One entry per server and device (each data folder is its own device)."""
    return f"{server_url}#{device_id}"


class NoKeyring(SyncError):
    pass


def _backend_problem() -> str | None:
    try:
        backend: KeyringBackend = keyring.get_keyring()
    except Exception as error:  # a broken keyring configuration
        return f"the keyring cannot be opened ({error})"
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return (
            "this system has no usable keyring (no Secret Service, Keychain or Credential Locker)"
        )
    try:
        if float(backend.priority) <= 0:  # type: ignore[arg-type]
            return f"the keyring backend {name} is not usable here"
    except Exception:  # priority may itself fail on a broken backend
        return f"the keyring backend {name} is not usable here"
    return None


def keyring_problem() -> str | None:
    """Why there is no usable keyring, or None when there is one."""
    return _backend_problem()


def save_token(server_url: str, device_id: str, token: str) -> None:
    problem = _backend_problem()
    if problem is None:
        try:
            keyring.set_password(SERVICE, _key(server_url, device_id), token)
            return
        except KeyringError as error:
            problem = f"the keyring refused to store the token ({error})"
    raise NoKeyring(
        f"{problem}: the session token was not saved (never written to a file); "
        "you will be asked for your password each session"
    )


def load_token(server_url: str, device_id: str) -> str | None:
    if _backend_problem() is not None:
        return None
    try:
        return keyring.get_password(SERVICE, _key(server_url, device_id))
    except KeyringError:
        return None


def delete_token(server_url: str, device_id: str) -> None:
    if _backend_problem() is not None:
        return
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, _key(server_url, device_id))
