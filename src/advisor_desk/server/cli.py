"""`advisor-desk-server`: serve, migrate, partner create, advisor add, agreement set, issue,
purge (cli-and-formats.md). Exit 0 done, 1 a user error (one line on stderr), 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import ipaddress
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor_desk import __version__
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period

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
    serve.set_defaults(handler=_serve)

    mig = commands.add_parser("migrate", help="bring the schema up to date (Alembic)")
    _db(mig)
    mig.add_argument(
        "--app-role",
        default=DEFAULT_APP_ROLE,
        help="PostgreSQL: the role `serve` connects as (granted the data)",
    )
    mig.set_defaults(handler=_migrate)

    partner = commands.add_parser("partner", help="partners")
    sub = partner.add_subparsers(dest="partner_command", metavar="COMMAND", required=True)
    create = sub.add_parser("create", help="a partner and its first administrator")
    _db(create)
    create.add_argument("--name", required=True, metavar="N")
    create.add_argument("--admin-email", required=True, metavar="E")
    create.add_argument("--currency", default="AUD")
    create.add_argument("--password-stdin", action="store_true")
    create.set_defaults(handler=_partner_create)

    advisor = commands.add_parser("advisor", help="advisors who may log in")
    sub = advisor.add_subparsers(dest="advisor_command", metavar="COMMAND", required=True)
    add = sub.add_parser("add", help="add an advisor, or set an advisor's password")
    _db(add)
    add.add_argument("--partner", required=True, metavar="N")
    add.add_argument("--email", required=True, metavar="E")
    add.add_argument("--name", default="", metavar="NAME")
    add.add_argument("--role", default="advisor", choices=ROLES)
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(handler=_advisor_add)
    end = sub.add_parser("deactivate", help="end an advisor's activity (and their sessions)")
    _db(end)
    end.add_argument("--partner", required=True, metavar="N")
    end.add_argument("--email", required=True, metavar="E")
    end.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help="first inactive day")
    end.set_defaults(handler=_advisor_deactivate)

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
    agree.set_defaults(handler=_agreement_set)

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
    details.set_defaults(handler=_platform_set)
    shown = sub.add_parser("show", help="print the platform's legal details")
    _db(shown)
    shown.set_defaults(handler=_platform_show)

    issue = commands.add_parser("issue", help="issue the platform's documents of a period")
    _db(issue)
    issue.add_argument("--period", required=True, type=_period, metavar="YYYY-MM")
    issue.add_argument("--partner", metavar="N")
    issue.set_defaults(handler=_issue)

    purge = commands.add_parser("purge", help="forget tombstones older than N days")
    _db(purge)
    purge.add_argument("--older-than-days", type=int, default=180, metavar="N")
    purge.set_defaults(handler=_purge)
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


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


class UsageError(Exception):
    """A user error: one line on stderr, exit 1."""


class BadUsage(UsageError):
    """The command cannot run as it was called: one line on stderr, exit 2."""


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("--password-stdin: standard input holds no password")
        return password
    if not sys.stdin.isatty():
        raise BadUsage(
            "no terminal to ask the password on: give it on standard input with --password-stdin"
        )
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Again: ")
    except EOFError:
        raise BadUsage("no password given: type it, or use --password-stdin") from None
    if again != first:
        raise UsageError("the two passwords differ")
    return first


def _checked_url(url: str | None, *, create: bool) -> str | None:
    """`--db` as the commands can use it: a SQLite file whose folder exists (made by
    `migrate`, else said), `postgresql://` read as `postgresql+psycopg://`."""
    if url is None:
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = url.strip()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(
            f"--db: {url!r} is not a database URL (sqlite:///PATH or postgresql+psycopg://…)"
        ) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.drivername != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    path = Path(parsed.database).expanduser().absolute()
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(
                f"--db: cannot make the folder {path.parent}: {error.strerror}"
            ) from None
    elif not path.is_file():
        raise UsageError(
            f"--db: there is no server database at {path}; "
            f"create it with `advisor-desk-server migrate --db {url}`"
        )
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def _migrate(args: argparse.Namespace) -> None:
    from advisor_desk.server.db import migrate

    _say(migrate(args.db, args.app_role))
    if args.db and args.db.startswith("sqlite:///"):
        _say(f"database: {args.db.removeprefix('sqlite:///')}")


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from advisor_desk.server.app import DB_VARIABLE, PROXIES_VARIABLE
    from advisor_desk.server.db import open_db

    open_db(args.db).close()  # refuse to start on a missing or old schema
    if args.db:
        os.environ[DB_VARIABLE] = args.db
    if args.trusted_proxy:
        os.environ[PROXIES_VARIABLE] = ",".join(args.trusted_proxy)
    _mail_options(args)
    uvicorn.run(
        "advisor_desk.server.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,  # the app reads X-Forwarded-For from trusted proxies only
        access_log=False,
        timeout_graceful_shutdown=10,
        log_level="info",
    )


def _mail_options(args: argparse.Namespace) -> None:
    """`--smtp-url` and `--public-url` for the app's processes (checked before serving)."""
    from advisor_desk.server.invitations import PUBLIC_URL_VARIABLE
    from advisor_desk.server.smtp import SMTP_VARIABLE, parse_relay

    if args.smtp_url:
        try:
            parse_relay(args.smtp_url)
        except ValueError as error:
            raise BadUsage(str(error)) from None
        os.environ[SMTP_VARIABLE] = args.smtp_url.strip()
    if args.public_url:
        if not args.public_url.strip().startswith(("http://", "https://")):
            raise BadUsage(f"--public-url: {args.public_url!r} is not an http(s):// address")
        os.environ[PUBLIC_URL_VARIABLE] = args.public_url.strip().rstrip("/")


def _partner_create(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        admin.create_partner(
            db,
            name=args.name,
            admin_email=args.admin_email,
            password=_password(args),
            currency=args.currency,
        )
    _say(f"partner {args.name!r} created; {args.admin_email} is its administrator")


def _advisor_add(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        admin.add_advisor(
            db,
            partner=args.partner,
            email=args.email,
            name=args.name,
            role=args.role,
            password=_password(args),
        )
    _say(f"{args.email} can log in to {args.partner!r}")


def _advisor_deactivate(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        day = admin.deactivate_advisor(db, partner=args.partner, email=args.email, on=args.on)
    _say(f"{args.email} is inactive from {day}; their sessions end then")


def _agreement_set(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    prices = {}
    for item in args.price:
        tier, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--price: write TIER=PRICE, not {item!r}")
        prices[tier.strip()] = value.strip()
    with open_db(args.db) as db:
        month = admin.set_agreement(
            db,
            partner=args.partner,
            advisor_fee=args.advisor_fee,
            prices=prices,
            referral_rate=args.referral_rate,
            tax_rate=args.tax_rate,
            start=args.start,
        )
    _say(f"agreement of {args.partner!r} set from {month}")


def _platform_set(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        details = admin.set_platform(
            db,
            legal_name=args.legal_name,
            address=args.address,
            tax_number=args.tax_number,
            email=args.email,
            bank_details=args.bank_details,
        )
    _say(f"platform details set: {details.legal_name}, {details.tax_number}")


def _platform_show(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        details = admin.show_platform(db)
    for name, value in vars(details).items():
        _say(f"{name}: {value}")


def _issue(args: argparse.Namespace) -> None:
    """Issue each partner's platform documents of an ended month; amounts printed with the
    currency's decimals; a document that totals zero is skipped (no number spent) and said."""
    from advisor_desk.domain.money import format_money
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db
    from advisor_desk.server.issuing import IssueError, issue_period, record_pdf_hashes

    failed: list[str] = []
    with open_db(args.db) as db:
        with db.transaction(write=False) as session:
            partners = (
                [admin.find_partner(session, args.partner)]
                if args.partner
                else admin.all_partners(session)
            )
            ids = [(p.id, p.name) for p in partners]
        for partner_id, name in ids:
            try:
                with db.transaction(write=True, partner_id=partner_id) as session:
                    done = issue_period(session, args.period)
                    lines = [
                        f"{name}\t{row.number}\t{row.kind}\t{row.recipient}\t"
                        f"{format_money(row.total, row.currency)}"
                        for row in done.issued
                    ]
                    issued_ids = [row.id for row in done.issued]
                record_pdf_hashes(db, partner_id, issued_ids)  # after commit, no lock held
            except IssueError as error:
                if len(ids) == 1:
                    raise UsageError(f"{name}: {error.detail}") from None
                sys.stderr.write(f"advisor-desk-server: {name}: {error.detail}\n")
                failed.append(name)
                continue
            for line in lines:
                _say(line)
            for draft in done.skipped:
                zero = format_money(draft.total, draft.currency)
                _say(
                    f"{name}\tskipped\t{draft.kind.value}\t{draft.recipient}\t{zero}"
                    "\t(totals zero: nothing to issue)"
                )
    if failed:
        raise UsageError(f"nothing issued for {len(failed)} partner(s): {', '.join(failed)}")


def _purge(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        count = admin.purge_tombstones(db, dt.timedelta(days=args.older_than_days))
    _say(f"{count} tombstones purged")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        if hasattr(args, "db"):
            args.db = _checked_url(args.db, create=args.handler is _migrate)
        args.handler(args)
    except Exception as error:
        message = _user_error(error, getattr(args, "db", None))
        if message is None:
            raise
        sys.stderr.write(f"advisor-desk-server: error: {message}\n")
        return 2 if isinstance(error, BadUsage) else 1
    except KeyboardInterrupt:
        return 130
    return 0


def _user_error(error: Any, url: str | None) -> str | None:
    """The one line to say for an error the user can fix (None: a bug, let it show)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from advisor_desk.server.admin import AdminError
    from advisor_desk.server.db import DatabaseError

    if isinstance(error, AdminError | DatabaseError | DomainError | UsageError):
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
