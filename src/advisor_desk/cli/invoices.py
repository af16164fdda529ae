"""`advisor-desk invoice …`: drafts, issuing, PDFs, listing and credit notes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor_desk.cli.common import opened_store, out, write_bytes
from advisor_desk.cli.errors import CommandError
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.money import format_money
from advisor_desk.services.billing import documents, issuing
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.billing.pdf_files import AUTO

if TYPE_CHECKING:
    from advisor_desk.store.engine import Store

OFFLINE = 3  # as `advisor-desk sync`: the server cannot be reached


def draft(args: argparse.Namespace) -> int:
    kind = DocumentKind(args.kind) if args.kind else None
    with opened_store(args) as store:
        drafts = documents.draft_documents(store, args.period, kind=kind, client=args.client)
    _print_table(drafts)
    return 0


def issue(args: argparse.Namespace) -> int:
    if bool(args.ids) == bool(args.period):
        raise CommandError("give either document ids or --period, not both and not neither")
    with opened_store(args) as store:
        if get_partner(store).server_url:  # only the server numbers
            return _issue_via_server(store, args)
        if args.period:
            # Numbered in one transaction; the PDFs are rendered after it, one process a CPU.
            issued = issuing.issue_period(store, args.period, processes=AUTO)
        else:
            issued = issuing.issue_documents(store, list(args.ids))
    _print_table(issued)
    return 0


def _issue_via_server(store: Store, args: argparse.Namespace) -> int:
    """Drafts (the period's platform documents, or the ids given) numbered by the server:
    exit 3 when it cannot be reached (nothing numbered, the drafts kept)."""
    ids = list(args.ids)
    done: list[DocumentSummary] = []
    if args.period:
        for doc in documents.draft_documents(store, args.period):
            empty = not doc.total  # nothing to bill: never numbered (the server refuses it)
            if doc.status != DocumentStatus.DRAFT:
                done.append(doc)  # issued before: shown as it is
            elif not empty:
                ids.append(doc.id)
    issued = _numbered_by_server(store, ids)
    if issued is None:
        return OFFLINE
    _print_table([*done, *issued])
    return 0


def _numbered_by_server(store: Store, ids: list[str]) -> list[DocumentSummary] | None:
    """Issue drafts on the server; None (after saying so) when it cannot be reached."""
    from advisor_desk.services.billing.issuing_remote import issue_via_server
    from advisor_desk.sync.transport import ServerUnreachable, SyncError

    try:
        return issue_via_server(store, ids) if ids else []
    except ServerUnreachable as error:
        sys.stderr.write(f"advisor-desk: error: offline: {error}; nothing was numbered\n")
        return None
    except SyncError as error:
        raise CommandError(str(error)) from None


def pdf(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        is_number = any(d.number == args.number for d in documents.list_documents(store))
        rendered = (
            issuing.document_pdf(store, number=args.number)
            if is_number
            else issuing.document_pdf(store, document_id=args.number)
        )
    write_bytes(args.out, rendered.content)
    out(f"{args.out}  sha256 {rendered.sha256}")
    return 0


def list_(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        found = documents.list_documents(store, period=args.period)
    if args.format == "json":
        out(json.dumps([as_json(d) for d in found], indent=2, ensure_ascii=False))
    else:
        _print_table(found)
    return 0


def credit(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        if get_partner(store).server_url:  # only the server numbers; drafted offline too
            draft = issuing.draft_credit_note(store, args.number, args.amount, args.reason)
            notes = _numbered_by_server(store, [draft.id])
            if notes is None:
                return OFFLINE
        else:
            notes = [issuing.credit_note(store, args.number, args.amount, args.reason)]
    _print_table(notes)
    return 0


def adjust(args: argparse.Namespace) -> int:
    """Issue a supplementary invoice or a credit note for exactly what changed in a period
    since it was issued; idempotent (a second run issues nothing)."""
    from advisor_desk.services.billing.adjustments import adjust_period

    with opened_store(args) as store:
        if get_partner(store).server_url:  # only the server numbers
            offline = False

            def remote(store: Store, ids: list[str]) -> list[DocumentSummary]:
                nonlocal offline
                issued = _numbered_by_server(store, ids)
                offline = issued is None
                return issued or []

            issued = adjust_period(store, args.period, remote=remote)
            if offline:
                return OFFLINE
        else:
            issued = adjust_period(store, args.period)
    if not issued:
        out(f"nothing to adjust in {args.period}: its issued documents match the figures")
        return 0
    _print_table(issued)
    return 0


def as_json(doc: DocumentSummary) -> dict[str, object]:
    """The contract of `invoice list --format json`."""
    return {
        "id": doc.id,
        "number": doc.number,
        "kind": doc.kind.value,
        "recipient": doc.recipient,
        "period": doc.period,
        "status": doc.status,
        "subtotal": format_money(doc.subtotal, doc.currency),
        "tax": format_money(doc.tax, doc.currency),
        "total": format_money(doc.total, doc.currency),
    }


def _print_table(docs: Sequence[DocumentSummary]) -> None:
    if not docs:
        out("no documents")
        return
    rows = [
        (
            d.number or "(draft)",
            d.kind.value,
            d.recipient,
            d.period,
            d.status,
            format_money(d.total, d.currency),
            d.id,
        )
        for d in docs
    ]
    header = ("Number", "Kind", "Recipient", "Period", "Status", "Total", "Id")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out(
            "  ".join(
                c.rjust(w) if i == 5 else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
