"""`advisor-desk platform …`: the platform's legal details a standalone laptop prints on the
platform documents it numbers (with a server, the server's details are printed)."""

from __future__ import annotations

import argparse

from advisor_desk.cli.common import opened_store, out
from advisor_desk.services.billing.platform_details import get_platform, set_platform


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    platform = commands.add_parser("platform", help="the platform's legal details")
    sub = platform.add_subparsers(dest="platform_command", metavar="COMMAND")
    sub.required = True
    details = sub.add_parser("set", help="set them (\\n in a value: a new line)")
    details.add_argument("--legal-name", metavar="NAME")
    details.add_argument("--address", metavar="ADDRESS")
    details.add_argument("--tax-number", metavar="ABN")
    details.add_argument("--email", metavar="E")
    details.add_argument("--bank-details", metavar="TEXT")
    details.set_defaults(handler="platform:set_")
    show = sub.add_parser("show", help="print them")
    show.set_defaults(handler="platform:show")


def set_(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        set_platform(
            store,
            legal_name=args.legal_name,
            address=args.address,
            tax_number=args.tax_number,
            email=args.email,
            bank_details=args.bank_details,
        )
    return show(args)


def show(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        details = get_platform(store)
    for name, value in vars(details).items():
        out(f"{name}: {value}")
    return 0
