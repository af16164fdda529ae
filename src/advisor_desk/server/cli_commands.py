"""What each `advisor-desk-server` command does (cli.py parses the command line and maps
errors to exit codes). Heavy modules (SQLAlchemy, Alembic, FastAPI, uvicorn) are imported
inside each command, so `--help` and bad usage answer at once."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path


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


def checked_url(url: str | None, *, create: bool) -> str | None:
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


def migrate(args: argparse.Namespace) -> None:
    from advisor_desk.server.db import migrate

    _say(migrate(args.db, args.app_role))
    if args.db and args.db.startswith("sqlite:///"):
        _say(f"database: {args.db.removeprefix('sqlite:///')}")


def serve(args: argparse.Namespace) -> None:
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


def partner_create(args: argparse.Namespace) -> None:
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


def advisor_add(args: argparse.Namespace) -> None:
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


def advisor_deactivate(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        day = admin.deactivate_advisor(db, partner=args.partner, email=args.email, on=args.on)
    _say(f"{args.email} is inactive from {day}; their sessions end then")


def agreement_set(args: argparse.Namespace) -> None:
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


def platform_set(args: argparse.Namespace) -> None:
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


def platform_show(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        details = admin.show_platform(db)
    for name, value in vars(details).items():
        _say(f"{name}: {value}")


def issue(args: argparse.Namespace) -> None:
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


def purge(args: argparse.Namespace) -> None:
    from advisor_desk.server import admin
    from advisor_desk.server.db import open_db

    with open_db(args.db) as db:
        count = admin.purge_tombstones(db, dt.timedelta(days=args.older_than_days))
    _say(f"{count} tombstones purged")
