"""Commands that talk to the server, on a system with no usable keyring.

The keyring keeps the session token between commands. Without one (a headless Linux with
no Secret Service on D-Bus), a command that needs the server logs in for itself: it checks
that the server answers (exit 3 when it does not, before asking anything), asks the password
(a terminal, or `--password-stdin`), keeps the token in memory only, and ends that session
on the server when it is done. With no way to ask, it says in one line what to install or
set. Nothing is ever written to a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from advisor_desk.cli.common import opened_store
from advisor_desk.cli.errors import CommandError

# `sync` opens its own (its offline message counts the changes kept)
SERVER_COMMANDS = {("invoice", "issue"), ("invoice", "credit"), ("invoice", "adjust")}


def talks_to_server(args: argparse.Namespace) -> bool:
    sub = getattr(args, f"{args.command}_command", None)
    return (args.command, sub) in SERVER_COMMANDS


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password on: use --password-stdin")
    return getpass.getpass(prompt)


@contextmanager
def server_session(args: argparse.Namespace) -> Iterator[None]:
    """Around a command that talks to the server: a session of its own when the keyring
    cannot give one (see the module)."""
    found = _log_in_for_this_command(args)
    try:
        yield
    finally:
        if found is not None:
            from advisor_desk.sync import account

            with opened_store(args) as store, suppress(Exception):
                account.logout(store, found)  # this command's session ends with it


def with_server_session(
    handler: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> Callable[[], int]:
    def run() -> int:
        with server_session(args):
            return handler(args)

    return run


def _log_in_for_this_command(args: argparse.Namespace) -> str | None:
    from advisor_desk.sync.local import account as saved_account

    with opened_store(args) as store:
        with store.read() as session:
            saved = saved_account(session)
        url, device = saved.server_url, saved.device_id or ""
        if not url or not saved.email:
            return None  # a firm that works offline: no keyring or transport to load
        from advisor_desk.sync import account
        from advisor_desk.sync.credentials import keyring_problem, load_token, use_session_token
        from advisor_desk.sync.transport import ServerUnreachable, SyncError, Transport

        if load_token(url, device):
            return None
        problem = keyring_problem()
        if problem is None:
            return None  # a keyring without our token: the command says to log in
        probe = Transport(url, retries=1)
        try:
            probe.meta()  # unreachable → exit 3 before asking for anything
        except ServerUnreachable:
            raise
        except SyncError:
            pass  # it answered (401 without a token): reachable
        finally:
            probe.close()
        can_ask = getattr(args, "password_stdin", False) or sys.stdin.isatty()
        if not can_ask:
            how = " or give it with --password-stdin" if "password_stdin" in args else ""
            raise CommandError(
                f"{problem}; or run this on a terminal to type the password of "
                f"{saved.email} for this command{how}"
            )
        sys.stderr.write(
            f"advisor-desk: note: no usable keyring; asking the password of {saved.email} "
            "for this command only\n"
        )
        outcome = account.login(store, url, saved.email, read_password(args))
        with store.read() as session:
            device = saved_account(session).device_id or device
        use_session_token(url, device, outcome.token)
        return outcome.token
