"""`advisor-desk login`, `logout` and `sync` (cli-and-formats.md).

`sync` exits 3 when the server cannot be reached (every change stays queued), 1 when it
refuses (not logged in, update needed…), 0 when done — conflicts and rejections are listed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from advisor_desk.cli.common import Progress, opened_store, out

if TYPE_CHECKING:  # the sync engine loads only when one of these commands runs
    from advisor_desk.store.engine import Store
    from advisor_desk.sync.engine import SyncReport

OFFLINE = 3


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _error(message: str) -> None:
    sys.stderr.write(f"advisor-desk: error: {message}\n")


def login(args: argparse.Namespace) -> int:
    from advisor_desk.cli.session import read_password
    from advisor_desk.sync import account
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    password = read_password(args)
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
    from advisor_desk.cli.session import server_session
    from advisor_desk.sync.transport import ServerUnreachable

    try:
        with server_session(args):  # with no keyring: a session for this sync only
            return _sync(args)
    except ServerUnreachable as error:
        return _offline(args, error)


def _sync(args: argparse.Namespace) -> int:
    from advisor_desk.sync.engine import SyncEngine
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    with opened_store(args) as store:
        progress = Progress()
        try:
            report = SyncEngine(store).sync(progress=progress)
        except ServerUnreachable as error:
            progress.finish()
            return _offline(args, error)
        except SyncError as error:
            progress.finish()
            _error(str(error))
            return 1
        progress.finish()
        _summary(store, report)
    return 0


def _offline(args: argparse.Namespace, error: Exception) -> int:
    from advisor_desk.sync.status import sync_status

    with opened_store(args) as store:
        waiting = sync_status(store).pending
    _error(
        f"offline: {error}; {waiting} change{'s' if waiting != 1 else ''} kept for the next sync"
    )
    return OFFLINE


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
