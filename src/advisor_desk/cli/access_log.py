"""`advisor-desk access-log [--kind K] [--person TEXT] [--since D] [--until D]
[--format table|json|csv]`: the access log (administrators only, as in User Management)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from advisor_desk.cli.common import opened_store, out
from advisor_desk.domain.access_log import AccessKind


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day (YYYY-MM-DD)") from None


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    log = commands.add_parser(
        "access-log", help="who gave or took access, changed roles, (de)activated, failed to log in"
    )
    log.add_argument("--kind", action="append", choices=[k.value for k in AccessKind])
    log.add_argument("--person", default="", metavar="TEXT", help="in who or about whom")
    log.add_argument("--since", type=_day, metavar="YYYY-MM-DD")
    log.add_argument("--until", type=_day, metavar="YYYY-MM-DD")
    log.add_argument("--format", choices=("table", "json", "csv"), default="table")
    log.set_defaults(handler="access_log:show")


def show(args: argparse.Namespace) -> int:
    from advisor_desk.services.people.access_log import access_log, access_log_csv

    with opened_store(args) as store:
        entries = access_log(
            store, kinds=args.kind or (), person=args.person, since=args.since, until=args.until
        )
    if args.format == "csv":
        out(access_log_csv(entries).rstrip("\n"))
    elif args.format == "json":
        rows = [
            {
                "at": e.at.isoformat() + "Z",
                "kind": e.kind,
                "actor": e.actor,
                "subject": e.subject,
                "detail": e.detail,
                "device": e.device,
            }
            for e in entries
        ]
        out(json.dumps({"events": rows}, ensure_ascii=False, indent=2))
    else:
        for e in entries:
            when = e.at.strftime("%Y-%m-%d %H:%M")
            out("\t".join((when, e.kind_label, e.actor, e.subject, e.detail, e.device)))
    return 0
