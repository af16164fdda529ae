"""Issuing from the Documents panel, in a worker: the documents are numbered in one
transaction (standalone; by the server when it numbers), then their PDFs are written after
the commit, still in the worker. The progress window does not block the window: typing in the
tree filter, for one, goes on meanwhile (tests/ui/billing/test_issue_responsive.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.services.billing.issuing_remote import issue_via_server
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.tasks import Task

if TYPE_CHECKING:
    from advisor_desk.ui.billing.documents import DocumentsPanel


def issue_drafts(panel: DocumentsPanel, ids: list[str]) -> Job:
    """Issue the drafts `ids` (the server numbers them when there is one)."""
    store, server = panel.context.store, panel.partner.server_url

    def work(task: Task) -> list[DocumentSummary]:
        if server:
            return issue_via_server(store, ids)
        return issuing.issue_documents(store, ids, progress=rendering(task))

    many = "s" if len(ids) != 1 else ""
    return _job(panel, f"Issuing and rendering {len(ids)} document{many}…", work)


def issue_month(panel: DocumentsPanel, period: Period) -> Job:
    """Issue the platform's documents of `period` (standalone: numbered here)."""
    store = panel.context.store

    def work(task: Task) -> list[DocumentSummary]:
        return issuing.issue_period(store, period, progress=rendering(task))

    return _job(panel, f"Issuing the documents of {period}…", work)


def rendering(task: Task) -> Callable[[int, int], None]:
    """The progress of writing the issued documents' PDFs, shown by the job's window."""
    return lambda done, total: task.report(done, total, "Writing the PDFs…")


def _job(panel: DocumentsPanel, label: str, work: Callable[[Task], list[DocumentSummary]]) -> Job:
    job = Job(
        panel.context,
        panel,
        title="Issue documents",
        label=label,
        work=work,
        on_done=panel.on_issued,
        cancellable=False,
    )
    job.dialog.setWindowModality(Qt.WindowModality.NonModal)  # typing elsewhere goes on
    return job
