"""The session token lives only in the OS keyring (`keyring`), never in a file.

With no usable keyring (a headless Linux with no Secret Service on D-Bus, a broken keyring
configuration), `save_token` raises `NoKeyring` with one plain line that names the fix; the
token then lives in this process's memory only (`use_session_token`) and the password is
asked each session. No keyring error ever escapes as a traceback.
"""

from __future__ import annotations

import contextlib
import sys

import keyring
from keyring.backend import KeyringBackend

from advisor_desk.sync.transport import SyncError

SERVICE = "advisor-desk"
_SESSION: dict[str, str] = {}  # tokens of this process only (no keyring): memory, not disk


def _key(server_url: str, device_id: str) -> str:
    """One entry per server and device (each data folder is its own device)."""
    return f"{server_url}#{device_id}"


class NoKeyring(SyncError):
    pass


def keyring_fix() -> str:
    """What to install or set so that the token can be kept, for this platform."""
    if sys.platform.startswith("linux"):
        return (
            "install gnome-keyring (apt install gnome-keyring, with a D-Bus session: "
            "dbus-run-session) or KeePassXC with its Secret Service, "
            "or pip install keyrings.alt and set "
            "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring "
            "(the token is then kept unencrypted in a file)"
        )
    if sys.platform == "darwin":
        return "unlock the login Keychain, or unset PYTHON_KEYRING_BACKEND"
    return "unset PYTHON_KEYRING_BACKEND to use the Windows Credential Locker"


def _backend_problem() -> str | None:
    try:
        backend: KeyringBackend = keyring.get_keyring()
    except Exception as error:  # a broken keyring configuration (PYTHON_KEYRING_BACKEND…)
        return f"the keyring cannot be opened ({type(error).__name__}: {error})"
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return "no usable keyring (no Secret Service, Keychain or Credential Locker)"
    try:
        if float(backend.priority) <= 0:
            return f"the keyring backend {name} is not usable here"
    except Exception:  # priority may itself fail on a broken backend
        return f"the keyring backend {name} is not usable here"
    return None


def keyring_problem() -> str | None:
    """Why there is no usable keyring and how to get one (one line), or None."""
    problem = _backend_problem()
    return None if problem is None else f"{problem}: {keyring_fix()}"


def save_token(server_url: str, device_id: str, token: str) -> None:
    problem = _backend_problem()
    if problem is None:
        try:
            keyring.set_password(SERVICE, _key(server_url, device_id), token)
            return
        except Exception as error:  # D-Bus, a locked collection, a refused prompt…
            problem = f"the keyring refused to store the token ({type(error).__name__}: {error})"
    use_session_token(server_url, device_id, token)
    raise NoKeyring(
        f"{problem}: {keyring_fix()}; until then the token is not saved (never written to a "
        "file by Advisor Desk) and you will be asked for your password each session"
    )


def use_session_token(server_url: str, device_id: str, token: str) -> None:
    """Keep a token for this process only (what a command uses when there is no keyring)."""
    _SESSION[_key(server_url, device_id)] = token


def forget_session_token(server_url: str, device_id: str) -> None:
    _SESSION.pop(_key(server_url, device_id), None)


def load_token(server_url: str, device_id: str) -> str | None:
    in_memory = _SESSION.get(_key(server_url, device_id))
    if in_memory is not None or _backend_problem() is not None:
        return in_memory
    try:
        return keyring.get_password(SERVICE, _key(server_url, device_id))
    except Exception:  # an unusable keyring holds no token: the caller asks to log in
        return None


def delete_token(server_url: str, device_id: str) -> None:
    forget_session_token(server_url, device_id)
    if _backend_problem() is not None:
        return
    with contextlib.suppress(Exception):
        keyring.delete_password(SERVICE, _key(server_url, device_id))
