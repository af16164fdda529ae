"""`advisor-desk login`, `logout` and `sync` (cli-and-formats.md).

`sync` exits 3 when the server cannot be reached (every change stays queued), 1 when it
refuses (not logged in, update needed…), 0 when done — conflicts and rejections are listed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from advisor_desk.cli.common import Progress, opened_store, out
from advisor_desk.cli.errors import CommandError

if TYPE_CHECKING:  # the sync engine loads only when one of these commands runs
    from advisor_desk.store.engine import Store
    from advisor_desk.sync.engine import SyncReport

OFFLINE = 3


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    login_ = commands.add_parser("login", help="log in to a server store (token in the keyring)")
    login_.add_argument("--server", required=True, metavar="URL")
    login_.add_argument("--email", required=True, metavar="E")
    login_.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    login_.set_defaults(handler="sync_commands:login")

    logout_ = commands.add_parser("logout", help="end this laptop's session on the server")
    logout_.set_defaults(handler="sync_commands:logout")

    sync_ = commands.add_parser("sync", help="one full sync with the server (exit 3 offline)")
    sync_.add_argument(
        "--password-stdin",
        action="store_true",
        help="with no keyring: read the password from stdin for this sync",
    )
    sync_.set_defaults(handler="sync_commands:sync")


def _password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password on: use --password-stdin")
    return getpass.getpass(prompt)


def _error(message: str) -> None:
    sys.stderr.write(f"advisor-desk: error: {message}\n")


def login(args: argparse.Namespace) -> int:
    from advisor_desk.sync import account
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    password = _password(args)
    with opened_store(args) as store:
        try:
            outcome = account.login(store, args.server, args.email, password)
        except ServerUnreachable as error:
            _error(str(error))
            return OFFLINE
        except SyncError as error:
            _error(str(error))
            return 1
    out(f"logged in to {args.server} as {args.email} ({outcome.role} of {outcome.partner_name})")
    if not outcome.saved_in_keyring:
        sys.stderr.write(f"advisor-desk: note: {outcome.keyring_problem}\n")
    return 0


def logout(args: argparse.Namespace) -> int:
    from advisor_desk.sync import account

    with opened_store(args) as store:
        out(account.logout(store))
    return 0


def sync(args: argparse.Namespace) -> int:
    from advisor_desk.sync import account
    from advisor_desk.sync.engine import SyncEngine
    from advisor_desk.sync.status import sync_status
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    with opened_store(args) as store:
        session_token, server = None, None
        progress = Progress()
        try:
            session_token, server = _session_token(args, store)
            report = SyncEngine(store, token=session_token).sync(progress=progress)
        except ServerUnreachable as error:
            progress.finish()
            waiting = sync_status(store).pending
            _error(
                f"offline: {error}; {waiting} change{'s' if waiting != 1 else ''} kept "
                "for the next sync"
            )
            return OFFLINE
        except SyncError as error:
            progress.finish()
            _error(str(error))
            return 1
        finally:
            if session_token and server:
                account.logout(store, session_token)  # a per-session token ends with it
        progress.finish()
        _summary(store, report)
    return 0


def _session_token(args: argparse.Namespace, store: Store) -> tuple[str | None, str | None]:
    """With no usable keyring: log in for this sync only (the password is asked each time)."""
    from advisor_desk.sync import account
    from advisor_desk.sync.credentials import keyring_problem, load_token
    from advisor_desk.sync.local import account as saved_account
    from advisor_desk.sync.status import sync_status

    status = sync_status(store)
    with store.read() as session:
        saved = saved_account(session)
    if status.server_url is None or load_token(status.server_url, saved.device_id or ""):
        return None, None
    problem = keyring_problem()
    if problem is None:
        return None, None  # a keyring without our token: the engine says to log in
    email = saved.email
    if not email:
        return None, None
    sys.stderr.write(f"advisor-desk: note: {problem}; asking for the password of {email}\n")
    outcome = account.login(store, status.server_url, email, _password(args))
    return outcome.token, status.server_url


def _summary(store: Store, report: SyncReport) -> None:
    from advisor_desk.sync.conflicts import list_conflicts, list_rejections

    out(
        f"sent {report.pushed} change{'s' if report.pushed != 1 else ''}, "
        f"received {report.pulled}" + (" (downloaded everything again)" if report.reset else "")
    )
    for conflict in list_conflicts(store):
        names = ", ".join(pair.name for pair in conflict.fields)
        out(f"conflict: {conflict.entity} {conflict.row_id}: {names} changed on the server too")
    for rejection in list_rejections(store):
        out(f"rejected: {rejection.entity} {rejection.row_id}: {rejection.reason}")
