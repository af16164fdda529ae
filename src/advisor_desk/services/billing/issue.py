"""The one issuing operation (billing-rules.md, "Issuing"), used by the standalone laptop and
by the server alike: duplicate detection, the rules' rebuild, numbering, the credit checks and
the snapshot are written here once. Only who numbers differs (`Numbering`): the laptop's
store under SQLite's write lock (services/billing/issuing.LocalNumbering), the server under
the partner's clock lock and a row lock on the series counter (server/issuing).

Database work only: a document is issued with its snapshot and the name of its PDF file;
the PDF is rendered, hashed and written after the commit (services/billing/pdf_files), never
inside the write lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentStatus
from advisor_desk.domain.money import format_money
from advisor_desk.domain.numbering import number_series
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.documents import PLATFORM_KINDS, build_drafts, write_lines
from advisor_desk.services.billing.issue_rules import (
    RefusedDraft,
    apply,
    check_ended,
    rebuild,
    stored_lines,
)
from advisor_desk.services.billing.snapshots import SnapshotSource
from advisor_desk.services.errors import NotFoundError
from advisor_desk.store.models import Document, NumberSeries, Partner
from advisor_desk.store.models import DocumentLine as LineRow

ISSUED, DRAFT = DocumentStatus.ISSUED, DocumentStatus.DRAFT


class Numbering(Protocol):
    """Who numbers, and how the series counter and the clock are held."""

    def begin(self, session: Session) -> None:
        """Before anything is read: take the lock that serialises issuing (or refuse)."""

    def counter(self, session: Session, partner_id: str, key: str) -> NumberSeries | None:
        """The series counter, read under the lock."""

    def today(self, partner: Partner) -> dt.date:
        """The issue date: today in the partner's time zone."""

    def now(self) -> dt.datetime:
        """The moment of issue (UTC, naive)."""


def check_issuable(draft: DocumentDraft) -> None:
    """A document with no lines, or that totals zero, is never issued: no number is spent on
    it (the laptop and the server refuse it alike)."""
    if not draft.lines or not draft.total:
        zero = format_money(Decimal(0), draft.currency)
        why = "" if draft.lines else " (the document has no lines)"
        raise RefusedDraft("total", f"nothing to issue: the total is {zero}{why}")


@dataclass(frozen=True)
class PeriodIssued:
    """What issuing a period did: the documents issued (or issued before), and the drafts
    skipped because they total zero (nothing to bill: no number is spent on them)."""

    issued: list[Document]
    skipped: list[DocumentDraft]


@dataclass
class Issuer:
    """Issues one partner's documents in one transaction (see the module's docstring)."""

    session: Session
    partner: Partner
    numbering: Numbering
    source: SnapshotSource = field(init=False)
    _counters: dict[str, NumberSeries] = field(default_factory=dict)
    _begun: bool = False

    def __post_init__(self) -> None:
        self.source = SnapshotSource(self.session, self.partner)

    def _begin(self) -> None:
        if not self._begun:
            self.numbering.begin(self.session)
            self._begun = True

    # -- one document --------------------------------------------------------------------

    def get(self, document_id: str) -> Document:
        """A live document of this partner, read again under the lock (a row read before it
        may already have been issued by a concurrent caller)."""
        self._begin()
        row = self.session.get(Document, document_id, populate_existing=True)
        if row is None or row.deleted or row.partner_id != self.partner.id:
            raise NotFoundError(f"no document with id {document_id}")
        return row

    def issue(
        self, row: Document, *, rebuilt: DocumentDraft | None = None, reason: str | None = None
    ) -> Document:
        """Number and issue a draft as the rules give it; an issued one (or its issued twin)
        is returned as it is. `rebuilt`: the draft just made from the rules."""
        self._begin()
        if row.status == ISSUED:
            return row
        twin = self._issued_twin(row)
        if twin is not None:
            tombstone(self.session, row)  # the draft duplicated what was already issued
            return twin
        issued_on = self.numbering.today(self.partner)
        # What the rules give, not what the row says (refused for a month not ended yet).
        if rebuilt is None:
            draft = rebuild(self.session, self.partner, row, issued_on)
        else:
            check_ended(rebuilt.period, issued_on)
            draft = rebuilt
        check_issuable(draft)
        apply(self.session, row, draft)
        self._number(row, draft, issued_on, reason)
        for duplicate in self._live_drafts_like(row):
            tombstone(self.session, duplicate)  # other laptops' drafts of what is now issued
        return row

    def _number(
        self, row: Document, draft: DocumentDraft, issued_on: dt.date, reason: str | None
    ) -> None:
        row.number = self._next_number(draft)
        row.status = ISSUED
        row.issued_at = self.numbering.now()
        snapshot = self.source.snapshot(draft, row.number, issued_on, reason=reason)
        row.snapshot_json = snapshot.to_json()
        row.pdf_sha256 = None  # recorded when the PDF is written, after the commit
        row.pdf_file = f"{row.number}.pdf"

    def _next_number(self, draft: DocumentDraft) -> str:
        resale = self.source.resale
        series = number_series(draft.series, resale.invoice_prefix if resale else None)
        counter = self._counters.get(series.key)
        if counter is None:
            counter = self.numbering.counter(self.session, self.partner.id, series.key)
            if counter is None:
                counter = NumberSeries(
                    partner_id=self.partner.id, key=series.key, prefix=series.prefix
                )
                counter.last_number = 0
                self.session.add(counter)
            self._counters[series.key] = counter
        counter.last_number += 1
        return series.format(counter.last_number)

    def _issued_twin(self, row: Document) -> Document | None:
        if row.kind == DocumentKind.CREDIT_NOTE or row.references_id is not None:
            return None  # a credit note or a supplement (`invoice adjust`): each is its own
        return self.session.scalars(
            select(Document).where(_identity(row), Document.status == ISSUED)
        ).first()

    def _live_drafts_like(self, row: Document) -> list[Document]:
        if row.kind == DocumentKind.CREDIT_NOTE or row.references_id is not None:
            return []
        return list(
            self.session.scalars(select(Document).where(_identity(row), Document.status == DRAFT))
        )

    # -- a month -------------------------------------------------------------------------

    def issue_period(
        self, period: Period, kinds: tuple[DocumentKind, ...] | None = None
    ) -> PeriodIssued:
        """Draft and issue the platform's documents of a period (or only `kinds`; the other
        platform kinds are still drafted, so nothing is missing); idempotent. Refused until
        the month has ended in the partner's time zone.

        The period's documents are read once (not once per document), their lines compared
        and written without a flush per row.
        """
        self._begin()
        issued_on = self.numbering.today(self.partner)
        check_ended(period, issued_on)
        drafts = build_drafts(self.session, self.partner, period, None, None)
        known = _PeriodDocuments.load(self.session, self.partner.id, period)
        issued: list[Document] = []
        skipped: list[DocumentDraft] = []
        with self.session.no_autoflush:
            for draft in drafts:
                if not draft.lines or not draft.total:
                    skipped.append(draft)
                    continue
                same = known.like(draft)
                done = next((d for d in same if d.status == ISSUED), None)
                if done is not None:
                    issued.append(done)  # issued before: as it is
                    continue
                live = [d for d in same if d.status == DRAFT]
                row = live[0] if live else self._new_row(draft)
                if kinds is not None and draft.kind not in kinds:
                    known.write(self.session, row, draft)  # drafted, not issued
                    continue
                known.write(self.session, row, draft)
                self._number(row, draft, issued_on, None)
                for duplicate in live[1:]:
                    tombstone(self.session, duplicate, flush=False)
                issued.append(row)
        self.session.flush()
        return PeriodIssued(issued, skipped)

    def _new_row(self, draft: DocumentDraft) -> Document:
        row = Document(
            partner_id=self.partner.id,
            kind=draft.kind.value,
            status=DRAFT,
            period=str(draft.period),
            recipient=draft.recipient,
            client_id=draft.client_key,
        )
        self.session.add(row)
        return row


@dataclass
class _PeriodDocuments:
    """A period's live platform documents (not credit notes or supplements) and the lines of
    its drafts, read in two queries."""

    rows: list[Document]
    lines: dict[str, list[LineRow]]
    by_name: dict[tuple[str, str], list[Document]] = field(default_factory=dict)
    by_client: dict[tuple[str, str], list[Document]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.rows:
            self.by_name.setdefault((row.kind, row.recipient), []).append(row)
            if row.client_id is not None:
                self.by_client.setdefault((row.kind, row.client_id), []).append(row)

    @classmethod
    def load(cls, session: Session, partner_id: str, period: Period) -> _PeriodDocuments:
        rows = list(
            session.scalars(
                select(Document).where(
                    Document.partner_id == partner_id,
                    Document.period == str(period),
                    Document.kind.in_([k.value for k in PLATFORM_KINDS]),
                    Document.references_id.is_(None),
                    Document.deleted.is_(False),
                )
            )
        )
        drafts = [r.id for r in rows if r.status == DRAFT]
        lines: dict[str, list[LineRow]] = {}
        for chunk in _chunks(drafts, 500):
            for line in session.scalars(
                select(LineRow).where(LineRow.document_id.in_(chunk), LineRow.deleted.is_(False))
            ):
                lines.setdefault(line.document_id, []).append(line)
        return cls(rows, lines)

    def like(self, draft: DocumentDraft) -> list[Document]:
        """The documents with the draft's identity: same kind, and same recipient (or client)."""
        kind = draft.kind.value
        found = list(self.by_name.get((kind, draft.recipient), ()))
        if draft.client_key is not None:
            found += [
                row for row in self.by_client.get((kind, draft.client_key), ()) if row not in found
            ]
        return found

    def write(self, session: Session, row: Document, draft: DocumentDraft) -> None:
        """Make the row hold exactly `draft` (its lines rewritten only if they differ)."""
        row.recipient, row.client_id = draft.recipient, draft.client_key
        old = sorted(self.lines.get(row.id, ()), key=lambda line: line.position)
        same = [(x.description, x.quantity, x.unit_price, x.amount, x.group_name) for x in old] == [
            (x.description, x.quantity, x.unit_price, x.amount, x.group) for x in draft.lines
        ]
        if same and row.id is not None:
            row.currency, row.tax_rate = draft.currency, draft.tax_rate
            row.subtotal, row.tax, row.total = draft.subtotal, draft.tax, draft.total
            return
        for line in old:
            line.deleted = True
        write_lines(session, row, draft, flush=False)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _identity(row: Document) -> Any:
    """Same kind and period, and same recipient (by client when the document has one)."""
    same_recipient = Document.recipient == row.recipient
    if row.client_id is not None:
        same_recipient = or_(same_recipient, Document.client_id == row.client_id)
    same_reference = (
        Document.references_id.is_(None)
        if row.references_id is None
        else Document.references_id == row.references_id
    )
    return and_(
        Document.partner_id == row.partner_id,
        Document.kind == row.kind,
        Document.period == row.period,
        same_recipient,
        same_reference,
        Document.deleted.is_(False),
        Document.id != row.id,
    )


def tombstone(session: Session, row: Document, *, flush: bool = True) -> None:
    """Delete a draft and its lines together (a line never outlives its document)."""
    for line in session.scalars(
        select(LineRow).where(LineRow.document_id == row.id, LineRow.deleted.is_(False))
    ):
        line.deleted = True
    row.deleted = True
    if flush:
        session.flush()


__all__ = ["Issuer", "Numbering", "PeriodIssued", "check_issuable", "stored_lines"]
