"""Group `billing_issue`: `advisor-desk invoice issue --period` on the 2,000-client demo.

- `billing.issue_period_2000_clients`: `services.billing.issuing.issue_period(store, last
  month, processes=AUTO)`, what the command runs: the month's drafts made and numbered in one
  transaction (about 690 documents: the client invoices of the direct clients, the
  consolidated invoice and the referral statement), then every PDF rendered, written,
  verified and its SHA-256 recorded after the commit, in one process a CPU. Each repetition
  starts from a fresh copy of the demo store (untimed). Against: rendering the same
  snapshots alone (read back from the issued store), in the same number of processes, with
  nothing written: what issuing costs beyond the PDFs it must render.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.pdf_files import AUTO, render_all, render_processes
from advisor_desk.services.demo import make_demo
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import Document
from groups import Context, Result, median_seconds

CLIENTS = 2000


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    period = Period.of(dt.date.today()).prev()
    template = ctx.scratch("issue-demo")
    ctx.log(f"demo store with {clients} clients")
    store = open_store(template)
    try:
        make_demo(store, clients=clients, content=200, seed=1)
    finally:
        store.close()
    made: list[Path] = []

    @contextmanager
    def fresh_copy() -> Iterator[Store]:
        folder = ctx.scratch("issue-app")
        shutil.rmtree(folder)
        shutil.copytree(template, folder)
        made.append(folder)
        opened = open_store(folder)
        try:
            yield opened
        finally:
            opened.close()

    repeats = ctx.repeats(full=3, quick=1)
    ctx.log(f"invoice issue --period {period}: app × {repeats}")
    app = median_seconds(
        lambda s: issuing.issue_period(s, period, processes=AUTO),
        repeats=repeats,
        prepare=fresh_copy,
    )
    before = set(_issued(template, period))  # the demo issued some: not the app's work
    snapshots = [text for doc_id, text in _issued(made[-1], period).items() if doc_id not in before]
    processes = render_processes(len(snapshots))
    ctx.log(f"rendering the same {len(snapshots)} snapshots × {repeats}")
    bare = median_seconds(lambda _: list(render_all(snapshots, processes, None)), repeats=repeats)
    note = (
        f"{clients} clients, {period}: {len(snapshots)} documents issued, {processes} "
        "rendering process(es); baseline: rendering the same snapshots alone, same processes"
    )
    return [Result("billing.issue_period_2000_clients", app, "s", bare, note)]


def _issued(folder: Path, period: Period) -> dict[str, str]:
    """The snapshots of the period's issued documents, by id (in number order)."""
    store = open_store(folder)
    try:
        with store.read() as session:
            rows = session.execute(
                select(Document.id, Document.snapshot_json)
                .where(
                    Document.period == str(period),
                    Document.status == DocumentStatus.ISSUED,
                    Document.snapshot_json.is_not(None),
                )
                .order_by(Document.number)
            ).all()
            return {doc_id: text for doc_id, text in rows}
    finally:
        store.close()
