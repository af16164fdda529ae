"""Business development on the command line (business-development.md, "Command line"):
`prospect`, `review`, `assessment` and `risks`, and `onboard --prospect`.

Same exit codes and error style as every command: 1 and one line per problem (naming the
field, the ref or the line) for a user error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from advisor_desk.cli.common import opened_store, out, read_text
from advisor_desk.cli.errors import CommandError

TIERS = ("free", "just_risk", "risk_compliance")
MODELS = ("reseller", "direct")
STATUSES = ("sent", "in_progress", "submitted", "closed", "overdue")


def add_commands(commands: Any) -> None:
    prospect = commands.add_parser("prospect", help="prospects: organisations you court")
    sub = prospect.add_subparsers(dest="prospect_command", metavar="COMMAND")
    sub.required = True
    add = sub.add_parser("add", help="a new prospect")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--domain", default="", metavar="D")
    add.add_argument("--industry", default="", metavar="I")
    add.add_argument("--contact-email", default="", metavar="E")
    add.add_argument("--contact-name", default="", metavar="N")
    add.set_defaults(handler="bizdev:prospect_add")
    listing = sub.add_parser("list", help="the prospects")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler="bizdev:prospect_list")

    _review_commands(commands.add_parser("review", help="risk reviews"))
    _assessment_commands(commands.add_parser("assessment", help="assessments"))

    risks = commands.add_parser("risks", help="the clients' risk registers")
    sub = risks.add_subparsers(dest="risks_command", metavar="COMMAND")
    sub.required = True
    listing = sub.add_parser("list", help="a client's register")
    listing.add_argument("--client", required=True, metavar="NAME")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler="bizdev:risks_list")
    heat = sub.add_parser("heatmap", help="the register's heat map (all clients by default)")
    heat.add_argument("--client", metavar="NAME")
    heat.add_argument("--format", choices=("table", "json"), default="table")
    heat.set_defaults(handler="bizdev:risks_heatmap")


def _review_commands(review: argparse.ArgumentParser) -> None:
    sub = review.add_subparsers(dest="review_command", metavar="COMMAND")
    sub.required = True
    create = sub.add_parser("create", help="a draft review; prints its id")
    create.add_argument("title", metavar="TITLE")
    whom = create.add_mutually_exclusive_group(required=True)
    whom.add_argument("--prospect", metavar="NAME")
    whom.add_argument("--client", metavar="NAME")
    create.add_argument("--library", nargs="+", action="extend", required=True, metavar="TITLE")
    create.add_argument("--exclude", nargs="+", action="extend", default=[], metavar="REF")
    create.add_argument("--due", metavar="YYYY-MM-DD")
    create.add_argument("--description", default="", metavar="D")
    create.set_defaults(handler="bizdev_reviews:create")
    invite = sub.add_parser("invite", help="add participants")
    invite.add_argument("review", metavar="REVIEW")
    invite.add_argument("--email", nargs="+", action="extend", required=True, metavar="E")
    invite.set_defaults(handler="bizdev_reviews:invite")
    for name, text in (
        ("publish", "publish: send the invitations"),
        ("close", "close the review"),
        ("adopt", "copy the result into the register"),
    ):
        one = sub.add_parser(name, help=text)
        one.add_argument("review", metavar="REVIEW")
        one.set_defaults(handler=f"bizdev_reviews:{name}")
    links = sub.add_parser("links", help="each participant's private link")
    links.add_argument("review", metavar="REVIEW")
    links.add_argument("--format", choices=("table", "json"), default="table")
    links.set_defaults(handler="bizdev_reviews:links")
    respond = sub.add_parser("respond", help="face-to-face answers, offline")
    respond.add_argument("review", metavar="REVIEW")
    respond.add_argument("--participant", required=True, metavar="E")
    respond.add_argument("--file", required=True, metavar="ANSWERS.json")
    respond.add_argument("--submit", action="store_true")
    respond.set_defaults(handler="bizdev_reviews:respond")
    results = sub.add_parser("results", help="the aggregation")
    results.add_argument("review", metavar="REVIEW")
    results.add_argument("--format", choices=("table", "json"), default="table")
    results.set_defaults(handler="bizdev_reviews:results")
    report = sub.add_parser("report", help="the PDF report")
    report.add_argument("review", metavar="REVIEW")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.set_defaults(handler="bizdev_reviews:report")


def _assessment_commands(assessment: argparse.ArgumentParser) -> None:
    sub = assessment.add_subparsers(dest="assessment_command", metavar="COMMAND")
    sub.required = True
    send = sub.add_parser("send", help="one assessment per recipient")
    send.add_argument("template", metavar="TEMPLATE")
    whom = send.add_mutually_exclusive_group(required=True)
    whom.add_argument("--client", nargs="+", action="extend", metavar="NAME")
    whom.add_argument("--prospect", nargs="+", action="extend", metavar="NAME")
    whom.add_argument("--all-clients", action="store_true")
    send.add_argument("--tag", metavar="T")
    send.add_argument("--tier", choices=TIERS)
    send.add_argument("--billing-model", choices=MODELS)
    send.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    send.add_argument("--respondent-email", metavar="E")
    send.add_argument("--format", choices=("table", "json"), default="table")
    send.set_defaults(handler="bizdev_assessments:send")
    listing = sub.add_parser("list", help="assessments and their status")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler="bizdev_assessments:list_")
    links = sub.add_parser("links", help="the respondent's private link")
    links.add_argument("id", metavar="ID")
    links.add_argument("--format", choices=("table", "json"), default="table")
    links.set_defaults(handler="bizdev_assessments:links")
    respond = sub.add_parser("respond", help="answers from a file")
    respond.add_argument("id", metavar="ID")
    respond.add_argument("--file", required=True, metavar="ANSWERS.json")
    respond.add_argument("--submit", action="store_true")
    respond.set_defaults(handler="bizdev_assessments:respond")
    results = sub.add_parser("results", help="domain and overall scores")
    results.add_argument("id", metavar="ID")
    results.add_argument("--format", choices=("table", "json"), default="table")
    results.set_defaults(handler="bizdev_assessments:results")
    report = sub.add_parser("report", help="the PDF report")
    report.add_argument("id", metavar="ID")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.set_defaults(handler="bizdev_assessments:report")
    remind = sub.add_parser("remind", help="remind everyone who has not submitted")
    remind.add_argument("--overdue", action="store_true", help="only the overdue ones")
    remind.add_argument("--format", choices=("table", "json"), default="table")
    remind.set_defaults(handler="bizdev_assessments:remind")


def date(text: str | None, field: str) -> dt.date | None:
    from advisor_desk.services.errors import ValidationError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.date.fromisoformat("x")
    except ValueError:
        raise ValidationError([(field, f"{text!r} is not a date written YYYY-MM-DD")]) from None


def json_file(path: str) -> object:
    text = read_text(path, "answers")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}: line {error.lineno}: not JSON: {error.msg}") from None


def dump(value: object) -> None:
    out(json.dumps(value, indent=2, ensure_ascii=False))


def write(path: str, data: bytes) -> None:
    from pathlib import Path

    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise CommandError(f"{path}: cannot write it: {error.strerror}") from None
    out(f"wrote {path} ({len(data)} bytes)")


# --- prospects -----------------------------------------------------------------------------


def prospect_add(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.prospects import apply_add_prospect
    from advisor_desk.services.ops import run_op

    with opened_store(args) as store:
        made = run_op(
            store,
            apply_add_prospect,
            args.name,
            domain=args.domain,
            industry=args.industry,
            contact_email=args.contact_email,
            contact_name=args.contact_name,
        ).value
    out(f"added prospect {made.name}")
    return 0


def prospect_list(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.prospects import list_prospects
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        rows = run_query(store, list_prospects)
    if args.format == "json":
        dump({"prospects": [row.as_json() for row in rows]})
        return 0
    for row in rows:
        contact = " ".join(
            x
            for x in (row.contact_name, f"<{row.contact_email}>" if row.contact_email else "")
            if x
        )
        out(f"{row.name[:40]:<40}  {row.domain[:30]:<30}  {row.industry[:24]:<24}  {contact}")
    out(f"{len(rows)} prospect(s)")
    return 0


# --- the register --------------------------------------------------------------------------


def risks_list(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.register import register
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        rows = run_query(store, register, args.client)
    if args.format == "json":
        dump(
            {
                "client": rows[0].client if rows else args.client,
                "risks": [r.as_json() for r in rows],
            }
        )
        return 0
    for r in rows:
        residual = "" if r.residual_score is None else f"{r.residual_score} {r.residual_rating}"
        out(
            f"{r.ref[:10]:<10}  {r.title[:40]:<40}  {r.likelihood}×{r.impact}={r.score:<3} "
            f"{r.rating:<8}  {r.owner[:20]:<20}  {r.treatment:<9}  {residual:<12}  {r.status}"
        )
    out(f"{len(rows)} risk(s)")
    return 0


def risks_heatmap(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.register import register_heatmap
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        found = run_query(store, register_heatmap, args.client)
    if args.format == "json":
        dump(found.as_json())
        return 0
    counts = {(c.likelihood, c.impact): c.count for c in found.inherent}
    out("likelihood ↓ / impact →   1   2   3   4   5")
    for likelihood in range(5, 0, -1):
        row = "".join(f"{counts.get((likelihood, i), 0) or '.':>4}" for i in range(1, 6))
        out(f"{likelihood:>24} {row}")
    out(f"{found.risks} open risk(s)")
    return 0


# --- onboard --prospect ----------------------------------------------------------------------


def onboard(args: argparse.Namespace) -> int:
    """`onboard` with `--prospect NAME`: the prospect becomes a client (keeping its reviews,
    assessments and adopted risks); without it, the usual onboarding."""
    if not getattr(args, "prospect", None):
        if not args.name:
            raise CommandError("--name is needed (or --prospect NAME)")
        from advisor_desk.cli.workspace import onboard as plain

        return plain(args)
    from advisor_desk.services.bizdev.prospects import apply_convert_prospect
    from advisor_desk.services.clients.onboarding import NewClient
    from advisor_desk.services.ops import run_op

    address = (args.address or "").replace("\\n", "\n")
    with opened_store(args) as store:
        name = args.name or args.prospect
        run_op(
            store,
            apply_convert_prospect,
            args.prospect,
            NewClient(name=name, template=args.template, domain=args.domain or "", address=address),
        )
    out(f"onboarded prospect {args.prospect} as the client {name} from {args.template}")
    return 0
