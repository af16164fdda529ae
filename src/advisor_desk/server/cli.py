"""`advisor-desk-server`: serve, migrate, partner create, advisor add, agreement set, issue,
purge (cli-and-formats.md). Exit 0 done, 1 a user error (one line on stderr), 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from advisor_desk import __version__
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period

# The heavy modules (SQLAlchemy, Alembic, FastAPI) load only once a command runs, so
# `--help` and bad usage answer at once.
DEFAULT_APP_ROLE = "advisor_desk_app"
ROLES = ("administrator", "advisor")

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


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


class UsageError(Exception):
    pass


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def _migrate(args: argparse.Namespace) -> None:
    from advisor_desk.server.db import migrate

    _say(migrate(args.db, args.app_role))


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from advisor_desk.server.app import DB_VARIABLE
    from advisor_desk.server.db import open_db

    open_db(args.db).close()  # refuse to start on a missing or old schema
    if args.db:
        os.environ[DB_VARIABLE] = args.db
    uvicorn.run(
        "advisor_desk.server.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        timeout_graceful_shutdown=10,
        log_level="info",
    )


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


def _issue(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db
    from advisor_desk.server.issuing import issue_period

    with open_db(args.db) as db:
        with db.transaction(write=False) as session:
            partners = (
                [admin.find_partner(session, args.partner)]
                if args.partner
                else admin.all_partners(session)
            )
            ids = [(p.id, p.name) for p in partners]
        for partner_id, name in ids:
            with db.transaction(write=True, partner_id=partner_id) as session:
                for row in issue_period(session, args.period):
                    _say(f"{name}\t{row.number}\t{row.kind}\t{row.recipient}\t{row.total}")


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
        args.handler(args)
    except Exception as error:
        if not _user_error(error):
            raise
        sys.stderr.write(f"advisor-desk-server: error: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def _user_error(error: Any) -> bool:
    from advisor_desk.server.admin import AdminError
    from advisor_desk.server.db import DatabaseError

    return isinstance(error, AdminError | DatabaseError | DomainError | UsageError)


if __name__ == "__main__":
    sys.exit(main())
