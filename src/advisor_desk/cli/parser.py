"""The argument parser: every command, its options, and the function that runs it.

Handlers are named "module:function" (in advisor_desk.cli) and imported only when their
command runs, so `--version`, `--help` and each command load only what they use.
"""

from __future__ import annotations

import argparse

from advisor_desk import __version__
from advisor_desk.cli import access_log as access_log_commands
from advisor_desk.cli import bizdev as bizdev_commands
from advisor_desk.cli import dashboard as dashboard_commands
from advisor_desk.cli import library as library_commands
from advisor_desk.cli import people_commands, sync_commands
from advisor_desk.cli import platform as platform_commands
from advisor_desk.cli.common import period_arg
from advisor_desk.domain.documents import DocumentKind


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor-desk",
        description="Advisor Desk: clients, content, billing and invoices of a partner firm. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"advisor-desk {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="the data folder (default: your user data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty store with a realistic partner")
    demo.add_argument("--clients", type=_count, default=40, metavar="N")
    demo.add_argument("--content", type=_count, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=0, metavar="S")
    demo.set_defaults(handler="workspace:demo")

    export = commands.add_parser("export", help="write the whole workspace to a JSON file")
    export.add_argument("file", metavar="FILE.json")
    export.set_defaults(handler="workspace:export")

    imp = commands.add_parser("import", help="load a workspace JSON file")
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument(
        "--merge", action="store_true", help="add what is new to a store that has data"
    )
    imp.set_defaults(handler="workspace:import_")

    clients = commands.add_parser("clients", help="client commands")
    client_commands = clients.add_subparsers(dest="clients_command", metavar="COMMAND")
    client_commands.required = True
    clients_import = client_commands.add_parser(
        "import", help="bulk-create clients from a CSV (UTF-8 or Windows-1252; , ; or tab) or .xlsx"
    )
    clients_import.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    clients_import.set_defaults(handler="workspace:clients_import")

    onboard = commands.add_parser("onboard", help="onboard one client from a template")
    onboard.add_argument("--template", required=True, metavar="NAME")
    onboard.add_argument("--name", metavar="CLIENT", help="needed unless --prospect")
    onboard.add_argument("--prospect", metavar="NAME", help="make this prospect the client")
    onboard.add_argument("--domain", default="", metavar="D")
    onboard.add_argument(
        "--address", default="", metavar="TEXT", help='postal address; "\\n" between lines'
    )
    onboard.set_defaults(handler="bizdev:onboard")  # plain onboarding without --prospect

    bill = commands.add_parser("billing", help="the charges of a period")
    bill.add_argument("--period", required=True, type=period_arg, metavar="YYYY-MM")
    bill.add_argument("--format", choices=("table", "json", "csv"), default="table")
    bill.set_defaults(handler="billing:show")

    _invoice_commands(commands.add_parser("invoice", help="billing documents"))
    sync_commands.add_commands(commands)
    library_commands.add_commands(commands)
    platform_commands.add_commands(commands)
    access_log_commands.add_commands(commands)  # the access log (administrators)
    bizdev_commands.add_commands(commands)  # prospect, review, assessment, risks
    people_commands.add_commands(commands)  # connect, advisors invite|invitations|…
    dashboard_commands.add_command(commands)  # the hub: every client at a glance
    return parser


def _invoice_commands(invoice: argparse.ArgumentParser) -> None:
    sub = invoice.add_subparsers(dest="invoice_command", metavar="COMMAND")
    sub.required = True
    kinds = [kind.value for kind in DocumentKind if kind is not DocumentKind.CREDIT_NOTE]

    draft = sub.add_parser("draft", help="make or refresh the drafts of a period")
    draft.add_argument("--period", required=True, type=period_arg, metavar="YYYY-MM")
    draft.add_argument("--kind", choices=kinds)
    draft.add_argument("--client", metavar="NAME")
    draft.set_defaults(handler="invoices:draft")

    issue = sub.add_parser("issue", help="issue drafts by id, or a period's platform documents")
    issue.add_argument("ids", nargs="*", metavar="ID")
    issue.add_argument("--period", type=period_arg, metavar="YYYY-MM")
    _password_stdin(issue)
    issue.set_defaults(handler="invoices:issue")

    pdf = sub.add_parser("pdf", help="write a document's PDF")
    pdf.add_argument("number", metavar="NUMBER", help="an issued number, or a draft's id")
    pdf.add_argument("--out", required=True, metavar="FILE")
    pdf.set_defaults(handler="invoices:pdf")

    listing = sub.add_parser("list", help="list documents")
    listing.add_argument("--period", type=period_arg, metavar="YYYY-MM")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler="invoices:list_")

    credit = sub.add_parser("credit", help="credit an issued invoice, in full or in part")
    credit.add_argument("number", metavar="NUMBER")
    credit.add_argument("--amount", metavar="A", help="the part of the subtotal to credit")
    credit.add_argument("--reason", metavar="TEXT", help="why, printed on the credit note")
    _password_stdin(credit)
    credit.set_defaults(handler="invoices:credit")

    adjust = sub.add_parser(
        "adjust",
        help="issue a supplementary invoice or credit note for what changed after issuing",
    )
    adjust.add_argument("--period", required=True, type=period_arg, metavar="YYYY-MM")
    adjust.set_defaults(handler="invoices:adjust")


def _password_stdin(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--password-stdin",
        action="store_true",
        help="with a server and no keyring: read the password from stdin for this command",
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value
