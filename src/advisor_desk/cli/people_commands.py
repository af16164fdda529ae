"""`advisor-desk advisors invite|invitations|resend|revoke` and `advisor-desk connect`.

An invitation is made in the store (a synced row). When the laptop is logged in to a
server, the command syncs at once, so the server e-mails the link, and asks the server for
a link to show (`url`); offline, `url` is null and the e-mail goes at the next sync.
`connect --upload` sends a firm made offline to an empty partner on the server.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from advisor_desk.cli.common import opened_store, out

if TYPE_CHECKING:
    from advisor_desk.services.people.invitations import InvitationSummary
    from advisor_desk.store.engine import Store

OFFLINE = 3


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """Adds `connect` and `advisors …`; returns the `advisors` sub-commands (for others)."""
    connect = commands.add_parser(
        "connect", help="log in to a server; --upload sends a firm made offline to it"
    )
    connect.add_argument("--server", required=True, metavar="URL")
    connect.add_argument("--email", required=True, metavar="E")
    connect.add_argument("--password-stdin", action="store_true")
    connect.add_argument(
        "--upload",
        action="store_true",
        help="upload this data folder's firm to the (empty) partner on the server",
    )
    connect.set_defaults(handler="people_commands:connect")

    advisors = commands.add_parser("advisors", help="the partner's advisors and invitations")
    sub = advisors.add_subparsers(dest="advisors_command", metavar="COMMAND", required=True)
    invite = sub.add_parser("invite", help="invite an advisor to set a password and log in")
    invite.add_argument("email", metavar="EMAIL")
    invite.add_argument(
        "--role",
        default=None,
        metavar="R",
        help="administrator, power_user or advisor (default: an advisor already known keeps"
        " their role, a new one is an advisor)",
    )
    invite.add_argument("--name", default="", metavar="NAME")
    invite.add_argument("--days", type=int, default=7, metavar="N", help="valid for N days")
    _format(invite)
    invite.set_defaults(handler="people_commands:invite")
    listing = sub.add_parser("invitations", help="the invitations and their state")
    _format(listing)
    listing.set_defaults(handler="people_commands:invitations")
    resend = sub.add_parser("resend", help="send a new link (the older ones stop working)")
    resend.add_argument("email", metavar="EMAIL")
    resend.add_argument("--days", type=int, default=7, metavar="N")
    _format(resend)
    resend.set_defaults(handler="people_commands:resend")
    revoke = sub.add_parser("revoke", help="withdraw an invitation (its links stop working)")
    revoke.add_argument("email", metavar="EMAIL")
    _format(revoke)
    revoke.set_defaults(handler="people_commands:revoke")
    return sub


def _format(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=("table", "json"), default="table")


def _error(message: str) -> None:
    sys.stderr.write(f"advisor-desk: error: {message}\n")


def _stamp(moment: Any) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _as_json(item: InvitationSummary, url: str | None) -> dict[str, Any]:
    """What `invite`, `resend` and `revoke` print: the contract's four keys."""
    return {"email": item.email, "role": item.role, "url": url, "expires": _stamp(item.expires_at)}


def _listed(item: InvitationSummary) -> dict[str, Any]:
    """One invitation of `advisors invitations`: the four keys, its state and sendings."""
    return {**_as_json(item, None), "state": item.state, "sends": item.sends}


def _online_link(store: Store, item: InvitationSummary) -> tuple[str | None, str | None]:
    """(url, note): sync now so the server mails the link, and ask it for one to show."""
    from advisor_desk.sync.credentials import load_token
    from advisor_desk.sync.engine import SyncEngine
    from advisor_desk.sync.local import account
    from advisor_desk.sync.transport import SyncError, Transport

    with store.read() as session:
        saved = account(session)
    if not saved.server_url or not saved.device_id:
        return None, "not connected to a server: the e-mail goes once this laptop syncs"
    token = load_token(saved.server_url, saved.device_id)
    if not token:
        return None, f"not logged in to {saved.server_url}: the e-mail goes at the next sync"
    try:
        SyncEngine(store, token=token, retries=0).sync()
        http = Transport(saved.server_url, token, retries=0)
        try:
            answer = http.request("POST", f"/v1/invitations/{item.id}/link")
        finally:
            http.close()
    except SyncError as error:
        return None, f"{error}; the e-mail goes at the next sync"
    return str(answer["url"]), None


def _show(
    args: argparse.Namespace, item: InvitationSummary, url: str | None, note: str | None
) -> None:
    if args.format == "json":
        out(json.dumps(_as_json(item, url)))
    else:
        out(f"{item.email}\t{item.role_label}\t{item.state_label}\tuntil {_stamp(item.expires_at)}")
        if url:
            out(f"link: {url}")
    if note:
        sys.stderr.write(f"advisor-desk: note: {note}\n")


def invite(args: argparse.Namespace) -> int:
    from advisor_desk.services.people import invitations

    with opened_store(args) as store:
        item = invitations.invite(
            store, email=args.email, role=args.role, name=args.name, days=args.days
        )
        url, note = _online_link(store, item)
        _show(args, item, url, note)
    return 0


def resend(args: argparse.Namespace) -> int:
    from advisor_desk.services.people import invitations

    with opened_store(args) as store:
        item = invitations.resend(store, args.email, days=args.days)
        url, note = _online_link(store, item)
        _show(args, item, url, note)
    return 0


def revoke(args: argparse.Namespace) -> int:
    from advisor_desk.services.people import invitations

    with opened_store(args) as store:
        item = invitations.revoke(store, args.email)
        _url, note = _online_link(store, item)
        _show(args, item, None, note)
    return 0


def invitations(args: argparse.Namespace) -> int:
    from advisor_desk.services.people.invitations import list_invitations

    with opened_store(args) as store:
        items = list_invitations(store)
    if args.format == "json":
        out(json.dumps([_listed(item) for item in items], indent=2))
        return 0
    for item in items:
        out(
            f"{item.email}\t{item.role_label}\t{item.state_label}\t"
            f"until {_stamp(item.expires_at)}\tsent {item.sends}×"
        )
    return 0


def connect(args: argparse.Namespace) -> int:
    from advisor_desk.cli.common import Progress
    from advisor_desk.cli.session import read_password
    from advisor_desk.sync import account
    from advisor_desk.sync.engine import SyncEngine
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    password = read_password(args)
    with opened_store(args) as store:
        progress = Progress()
        try:
            done = account.connect(
                store,
                args.server,
                args.email,
                password,
                upload_firm=args.upload,
                progress=progress,
            )
            if done.joined:
                SyncEngine(store, token=done.login.token, retries=2).sync(progress=progress)
        except ServerUnreachable as error:
            progress.finish()
            _error(str(error))
            return OFFLINE
        except SyncError as error:
            progress.finish()
            _error(str(error))
            return 1
        progress.finish()
    if done.joined:
        out(
            f"uploaded {done.uploaded} rows to {done.partner_name} on {args.server}"
            if done.uploaded
            else f"this firm was on {args.server} already (an earlier upload): downloaded it"
        )
    out(f"logged in to {args.server} as {args.email} ({done.login.role} of {done.partner_name})")
    if not done.login.saved_in_keyring:
        sys.stderr.write(f"advisor-desk: note: {done.login.keyring_problem}\n")
    return 0
