"""`advisor-desk assessment …` (business-development.md): assessments."""

from __future__ import annotations

import argparse

from advisor_desk.cli.bizdev import date, dump, json_file, write
from advisor_desk.cli.common import opened_store, out


def send(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessments import apply_send
    from advisor_desk.services.ops import run_op

    due = date(args.due, "due")
    assert due is not None
    with opened_store(args) as store:
        done = run_op(
            store,
            apply_send,
            args.template,
            due=due,
            clients=args.client or (),
            prospects=args.prospect or (),
            all_clients=args.all_clients,
            tag=args.tag,
            tier=args.tier,
            billing_model=args.billing_model,
            respondent_email=args.respondent_email,
        ).value
    if args.format == "json":
        dump(done.as_json())
    else:
        for sent in done.sent:
            out(f"sent    {sent.recipient}  {sent.email}  {sent.id}  {sent.url}")
        for recipient, why in done.skipped:
            out(f"skipped {recipient}: {why}")
        out(f"{len(done.sent)} sent, {len(done.skipped)} skipped")
    # a bulk send that found nobody to send to ran as asked; named recipients all refused: 1
    return 1 if not done.sent and done.skipped and not args.all_clients else 0


def list_(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessments import list_assessments
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        rows = run_query(store, list_assessments, status=args.status)
    if args.format == "json":
        dump({"assessments": [row.as_json() for row in rows]})
        return 0
    for row in rows:
        out(
            f"{row.id[:8]}  {row.title[:30]:<30}  {row.recipient[:30]:<30}  "
            f"{row.due.isoformat()}  {row.status}"
        )
    out(f"{len(rows)} assessment(s)")
    return 0


def links(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessments import link
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        found = run_query(store, link, args.id)
    if args.format == "json":
        dump(found)
    else:
        out(f"{found['email']}  {found['status']}  {found['url']}")
    return 0


def respond(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessment_answers import apply_respond
    from advisor_desk.services.ops import run_op

    doc = json_file(args.file)
    with opened_store(args) as store:
        status = run_op(store, apply_respond, args.id, doc, submit=args.submit).value
    out(status)
    return 0


def results(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessment_answers import results
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        found = run_query(store, results, args.id)
    if args.format == "json":
        dump(found.as_json())
        return 0
    out(f"{found.title} — {found.recipient} ({found.status})")
    for domain in found.scores.domains:
        shown = "—" if domain.score is None else f"{domain.score} {domain.rating}"
        out(f"  {domain.domain or '(no domain)':<30}  {domain.answered:>3} answered  {shown}")
    overall = found.scores.overall
    out(f"overall: {'—' if overall.score is None else f'{overall.score} {overall.rating}'}")
    return 0


def report(args: argparse.Namespace) -> int:
    from advisor_desk.reports.assessment import assessment_report_pdf

    with opened_store(args) as store:
        data = assessment_report_pdf(store, args.id)
    write(args.out, data)
    return 0


def remind(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.assessments import apply_remind
    from advisor_desk.services.bizdev.common import has_server
    from advisor_desk.services.ops import run_op, run_query

    with opened_store(args) as store:
        reminded = run_op(store, apply_remind, overdue=args.overdue).value
        server = run_query(store, lambda session, _partner: has_server(session))
    if args.format == "json":
        dump({"reminded": reminded})
        return 0
    for row in reminded:
        out(f"{row['recipient']}  {row['email']}  {row['status']}  {row['url']}")
    how = "the server e-mails them" if server else "no server yet: send these links yourself"
    out(f"{len(reminded)} reminder(s) ({how})")
    return 0
