"""`advisor-desk-server`: serve, migrate, partner create, advisor add, agreement set, issue,
purge (cli-and-formats.md). Exit 0 done, 1 a user error (one line on stderr), 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import logging
import sys
from collections.abc import Sequence
from typing import Any

from advisor_desk import __version__
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period
from advisor_desk.server import cli_commands as run

# The heavy modules (SQLAlchemy, Alembic, FastAPI) load only once a command runs, so
# `--help` and bad usage answer at once.
DEFAULT_APP_ROLE = "advisor_desk_app"
ROLES = ("administrator", "power_user", "advisor")  # domain.permissions.Role (kept light)

DB_HELP = "SQLite file URL (default: the server's data folder) or postgresql+psycopg://…"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor-desk-server", description="The server store.")
    parser.add_argument("--version", action="version", version=f"advisor-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the server store")
    _db(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, metavar="N")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        type=_proxy,
        metavar="ADDR",
        help="a reverse proxy (address or network) whose X-Forwarded-For is believed; "
        "repeat for several (default: none, the peer's own address counts)",
    )
    serve.add_argument(
        "--smtp-url",
        metavar="URL",
        help="the mail relay for invitations: smtp://HOST:PORT or smtps://USER:PASS@HOST:PORT, "
        "?from=ADDRESS for the sender (default: no e-mail; links are shown to copy)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the server's address as advisors reach it, in invitation links "
        "(default: the address each request came to)",
    )
    serve.set_defaults(handler=run.serve)

    mig = commands.add_parser("migrate", help="bring the schema up to date (Alembic)")
    _db(mig)
    mig.add_argument(
        "--app-role",
        default=DEFAULT_APP_ROLE,
        help="PostgreSQL: the role `serve` connects as (granted the data)",
    )
    mig.set_defaults(handler=run.migrate)

    partner = commands.add_parser("partner", help="partners")
    sub = partner.add_subparsers(dest="partner_command", metavar="COMMAND", required=True)
    create = sub.add_parser("create", help="a partner and its first administrator")
    _db(create)
    create.add_argument("--name", required=True, metavar="N")
    create.add_argument("--admin-email", required=True, metavar="E")
    create.add_argument("--currency", default="AUD")
    create.add_argument("--password-stdin", action="store_true")
    create.set_defaults(handler=run.partner_create)

    advisor = commands.add_parser("advisor", help="advisors who may log in")
    sub = advisor.add_subparsers(dest="advisor_command", metavar="COMMAND", required=True)
    add = sub.add_parser("add", help="add an advisor, or set an advisor's password")
    _db(add)
    add.add_argument("--partner", required=True, metavar="N")
    add.add_argument("--email", required=True, metavar="E")
    add.add_argument("--name", default="", metavar="NAME")
    add.add_argument("--role", default="advisor", choices=ROLES)
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(handler=run.advisor_add)
    end = sub.add_parser("deactivate", help="end an advisor's activity (and their sessions)")
    _db(end)
    end.add_argument("--partner", required=True, metavar="N")
    end.add_argument("--email", required=True, metavar="E")
    end.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help="first inactive day")
    end.set_defaults(handler=run.advisor_deactivate)

    agreement = commands.add_parser("agreement", help="the partner's prices")
    sub = agreement.add_subparsers(dest="agreement_command", metavar="COMMAND", required=True)
    agree = sub.add_parser("set", help="set prices from a month on")
    _db(agree)
    agree.add_argument("--partner", required=True, metavar="N")
    agree.add_argument("--advisor-fee", metavar="X")
    agree.add_argument("--price", action="append", default=[], metavar="TIER=X")
    agree.add_argument("--referral-rate", metavar="R")
    agree.add_argument("--tax-rate", metavar="T")
    agree.add_argument("--from", dest="start", type=_period, metavar="YYYY-MM")
    agree.set_defaults(handler=run.agreement_set)

    platform = commands.add_parser("platform", help="the platform's legal details")
    sub = platform.add_subparsers(dest="platform_command", metavar="COMMAND", required=True)
    details = sub.add_parser(
        "set", help="the supplier printed on the platform's documents (\\n: a new line)"
    )
    _db(details)
    details.add_argument("--legal-name", required=True, metavar="NAME")
    details.add_argument("--address", required=True, metavar="ADDRESS")
    details.add_argument("--tax-number", required=True, metavar="ABN")
    details.add_argument("--email", metavar="E")
    details.add_argument("--bank-details", metavar="TEXT")
    details.set_defaults(handler=run.platform_set)
    shown = sub.add_parser("show", help="print the platform's legal details")
    _db(shown)
    shown.set_defaults(handler=run.platform_show)

    issue = commands.add_parser("issue", help="issue the platform's documents of a period")
    _db(issue)
    issue.add_argument("--period", required=True, type=_period, metavar="YYYY-MM")
    issue.add_argument("--partner", metavar="N")
    issue.set_defaults(handler=run.issue)

    purge = commands.add_parser("purge", help="forget tombstones older than N days")
    _db(purge)
    purge.add_argument("--older-than-days", type=int, default=180, metavar="N")
    purge.set_defaults(handler=run.purge)
    return parser


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None, help=DB_HELP)


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except DomainError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _proxy(text: str) -> str:
    if text.strip() == "*":
        return "*"
    try:
        return str(ipaddress.ip_network(text.strip(), strict=False))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or network") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        if hasattr(args, "db"):
            args.db = run.checked_url(args.db, create=args.handler is run.migrate)
        args.handler(args)
    except Exception as error:
        message = _user_error(error, getattr(args, "db", None))
        if message is None:
            raise
        sys.stderr.write(f"advisor-desk-server: error: {message}\n")
        return 2 if isinstance(error, run.BadUsage) else 1
    except KeyboardInterrupt:
        return 130
    return 0


def _user_error(error: Any, url: str | None) -> str | None:
    """The one line to say for an error the user can fix (None: a bug, let it show)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from advisor_desk.server.admin import AdminError
    from advisor_desk.server.db import DatabaseError

    if isinstance(error, AdminError | DatabaseError | DomainError | run.UsageError):
        return " ".join(str(error).split())
    if isinstance(error, NoSuchModuleError | ArgumentError | ModuleNotFoundError):
        return f"--db: cannot use {_shown(url)}: {error}"
    if isinstance(error, DBAPIError) and (error.connection_invalidated or _is_open_error(error)):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return f"cannot open the database {_shown(url)}: {reason}"
    return None


def _is_open_error(error: Any) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, OperationalError | InterfaceError)


def _shown(url: str | None) -> str:
    """The URL without its password (what a log or a screen may show)."""
    if url is None:
        return "(the default SQLite file)"
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: nothing to hide
        return repr(url)


if __name__ == "__main__":
    sys.exit(main())
