"""`advisor-desk review …` (business-development.md): risk reviews."""

from __future__ import annotations

import argparse

from advisor_desk.cli.bizdev import date, dump, json_file, write
from advisor_desk.cli.common import opened_store, out


def create(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.reviews import apply_create_review
    from advisor_desk.services.ops import run_op

    due = date(args.due, "due")
    with opened_store(args) as store:
        made = run_op(
            store,
            apply_create_review,
            args.title,
            client=args.client,
            prospect=args.prospect,
            libraries=args.library,
            exclude=args.exclude,
            due=due,
            description=args.description,
        ).value
    out(made.id)
    return 0


def invite(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.reviews import apply_invite
    from advisor_desk.services.ops import run_op

    with opened_store(args) as store:
        links = run_op(store, apply_invite, args.review, args.email).value
    out(f"{len(links)} participant(s)")
    return 0


def publish(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.reviews import apply_publish
    from advisor_desk.services.ops import run_op

    with opened_store(args) as store:
        done = run_op(store, apply_publish, args.review).value
    how = (
        "the server sends the invitations when this laptop next syncs"
        if done.sent_by_server
        else "no server yet: marked sent; send these links yourself"
    )
    out(f"published {done.review.title} ({how})")
    for link in done.links:
        out(f"{link.email}  {link.url}")
    return 0


def links(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.reviews import links
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        found = run_query(store, links, args.review)
    if args.format == "json":
        dump({"participants": [link.as_json() for link in found]})
        return 0
    for link in found:
        out(f"{link.email:<40}  {link.status:<12}  {link.url}")
    return 0


def respond(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.review_answers import apply_respond
    from advisor_desk.services.ops import run_op

    doc = json_file(args.file)
    with opened_store(args) as store:
        status = run_op(
            store, apply_respond, args.review, args.participant, doc, submit=args.submit
        ).value
    out(f"{args.participant}: {status}")
    return 0


def results(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.review_answers import results
    from advisor_desk.services.ops import run_query

    with opened_store(args) as store:
        found = run_query(store, results, args.review)
    if args.format == "json":
        dump(found.as_json())
        return 0
    out(f"{found.review} — {found.subject} ({found.status})")
    out(f"participants: {found.submitted} of {found.invited} submitted")
    out(f"{'ref':<10}  {'title':<40}  {'rel/ans':>7}  {'L':>1}  {'I':>1}  {'score':>5}  rating")
    for risk in found.result.risks:
        out(
            f"{risk.ref[:10]:<10}  {risk.title[:40]:<40}  {f'{risk.relevant}/{risk.answered}':>7}  "
            f"{risk.likelihood}  {risk.impact}  {risk.score:>5}  {risk.rating.value}"
        )
    if found.result.excluded_by_relevance:
        out("not relevant to most: " + ", ".join(found.result.excluded_by_relevance))
    cells = ", ".join(f"({c.likelihood},{c.impact})={c.count}" for c in found.result.heatmap)
    out(f"heat map: {cells or 'empty'}")
    return 0


def report(args: argparse.Namespace) -> int:
    from advisor_desk.reports.review import review_report_pdf

    with opened_store(args) as store:
        data = review_report_pdf(store, args.review)
    write(args.out, data)
    return 0


def close(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.reviews import apply_close
    from advisor_desk.services.ops import run_op

    with opened_store(args) as store:
        done = run_op(store, apply_close, args.review).value
    out(f"closed {done.title}")
    return 0


def adopt(args: argparse.Namespace) -> int:
    from advisor_desk.services.bizdev.review_answers import apply_adopt
    from advisor_desk.services.ops import run_op

    with opened_store(args) as store:
        count = run_op(store, apply_adopt, args.review).value
    out(f"adopted {count} risk(s) into the register")
    return 0
