"""Issued documents' PDFs: rendered, hashed and written AFTER the issuing transaction commits.

Issuing (services/billing/issue.py) stores a document's snapshot and the name of its file;
`write_pdfs` then renders each snapshot (deterministic bytes: invoices/pdf.py), writes the
file atomically, reads it back and checks it against the SHA-256 of the rendering, and
records that SHA-256 in one short write. On the laptop it runs in a background worker (the
window's Job) or, for the command line, in worker processes; the server records the SHA-256
of what it issued the same way, outside the partner's clock lock.

`document_pdf` gives a document's PDF: an issued one as stored (checked against its SHA-256,
rendered again from its snapshot when the file is missing), a draft rendered fresh.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices.fonts import register_fonts
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.services.errors import NotFoundError, ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, Partner

# Past this many documents, the command line renders in worker processes (one per CPU).
PARALLEL_FROM = 24
MAX_CHUNK = 16
AUTO = 0  # `processes=AUTO`: `render_processes(count)`
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderedPdf:
    number: str | None
    content: bytes
    sha256: str


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# One rendering at a time in a process: rendering holds the GIL, so threads rendering side by
# side gain nothing and would starve the thread holding the store's write lock.
_RENDERING = threading.Lock()


def render_snapshot(snapshot_json: str) -> tuple[bytes, str]:
    """The PDF of a stored snapshot and its SHA-256 (a worker process's task too)."""
    snapshot = Snapshot.from_json(snapshot_json)
    with _RENDERING:
        content = render_pdf(snapshot)
    return content, sha256_of(content)


def write_file(path: Path, content: bytes, sha256: str) -> None:
    """Write atomically (a partial file never takes the name) and check what was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".pdf.partial")
    partial.write_bytes(content)
    if sha256_of(partial.read_bytes()) != sha256:
        partial.unlink(missing_ok=True)
        raise ServiceError(f"{path.name} was not written whole; nothing was kept")
    os.replace(partial, path)


@dataclass(frozen=True)
class _Pending:
    id: str
    number: str
    pdf_file: str
    snapshot_json: str
    sha256: str | None


def write_pdfs(
    store: Store,
    document_ids: Iterable[str],
    *,
    processes: int = 1,
    progress: Progress | None = None,
) -> int:
    """Render, write and record the PDFs of issued documents (after their commit); a file
    already there with the recorded SHA-256 is kept. `processes`: render in that many worker
    processes (AUTO: `render_processes`, as the command line does; 1: here, as the window's
    worker does). How many were written."""
    ids = list(dict.fromkeys(document_ids))
    if not ids:
        return 0
    with store.read() as session:
        pending = _pending(session, ids)
    folder = store.invoices_dir
    todo = [p for p in pending if not _kept(folder / p.pdf_file, p.sha256)]
    # Longest first (a snapshot's size tracks its pages): a consolidated invoice of a thousand
    # clients renders for a second; started last, it would leave the other workers idle.
    todo.sort(key=lambda p: len(p.snapshot_json), reverse=True)
    workers = render_processes(len(todo)) if processes == AUTO else processes
    # Each file is written as its rendering arrives, while the workers render the next ones.
    rendered = render_all([p.snapshot_json for p in todo], workers, progress)
    recorded: dict[str, str] = {}
    for item, (content, digest) in zip(todo, rendered, strict=True):
        if item.sha256 is not None and item.sha256 != digest:
            raise ServiceError(
                f"the PDF of {item.number} does not match its recorded SHA-256; "
                "its snapshot was changed after issuing"
            )
        write_file(folder / item.pdf_file, content, digest)
        if item.sha256 is None:
            recorded[item.id] = digest
    if recorded:
        with store.write() as session:
            record_sha256(session, recorded)
    return len(todo)


def record_sha256(session: Session, digests: dict[str, str]) -> None:
    """Record each issued document's SHA-256 (only where none is recorded yet)."""
    for row in session.scalars(select(Document).where(Document.id.in_(list(digests)))):
        if row.pdf_sha256 is None and row.status == DocumentStatus.ISSUED:
            row.pdf_sha256 = digests[row.id]


def _pending(session: Session, ids: list[str]) -> list[_Pending]:
    found: list[_Pending] = []
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(
                Document.id,
                Document.number,
                Document.pdf_file,
                Document.snapshot_json,
                Document.pdf_sha256,
            ).where(
                Document.id.in_(ids[start : start + 500]),
                Document.status == DocumentStatus.ISSUED,
                Document.snapshot_json.is_not(None),
            )
        ).all()
        found += [
            _Pending(r.id, r.number or "", r.pdf_file or f"{r.number}.pdf", r.snapshot_json, r[4])
            for r in rows
        ]
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    return sorted(found, key=lambda p: order[p.id])


def _kept(path: Path, sha256: str | None) -> bool:
    return sha256 is not None and path.exists() and sha256_of(path.read_bytes()) == sha256


def render_processes(count: int) -> int:
    """How many processes render `count` PDFs: one per CPU (at most 8) for many."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cpus or 1, 8) if count >= PARALLEL_FROM else 1


def render_all(
    snapshots: list[str], processes: int, progress: Progress | None
) -> Iterator[tuple[bytes, str]]:
    """Each snapshot's PDF and SHA-256, in order, as soon as it is rendered."""
    total = len(snapshots)
    if processes <= 1 or total < 2:
        for done, text in enumerate(snapshots, start=1):
            yield render_snapshot(text)
            if progress is not None:
                progress(done, total)
        return
    # Small chunks: the workers finish together (a big last chunk would leave one CPU idle).
    chunk = max(1, min(MAX_CHUNK, total // (processes * 8)))
    register_fonts()  # once here: the forked workers inherit the parsed fonts
    with ProcessPoolExecutor(max_workers=processes) as pool:
        for done, result in enumerate(
            pool.map(render_snapshot, snapshots, chunksize=chunk), start=1
        ):
            yield result
            if progress is not None:
                progress(done, total)


@dataclass(frozen=True)
class _Source:
    """What a document's PDF is made from: an issued one's stored form, or a draft's snapshot."""

    number: str | None
    pdf_file: str | None = None
    sha256: str | None = None
    snapshot_json: str | None = None
    draft: Snapshot | None = None


Find = Callable[[Session, Partner], Document]


def document_pdf(store: Store, find: Find) -> RenderedPdf:
    """The PDF of a document (`find` gives it): see the module's docstring."""
    source = run_query(store, _source_of, find)
    if source.draft is not None:
        with _RENDERING:
            content = render_pdf(source.draft)
        return RenderedPdf(None, content, sha256_of(content))
    stored = store.invoices_dir / (source.pdf_file or f"{source.number}.pdf")
    # A file whose SHA-256 is not recorded yet is not trusted: rendered again.
    written = stored.exists() and source.sha256 is not None
    content = stored.read_bytes() if written else render_snapshot(source.snapshot_json or "")[0]
    digest = sha256_of(content)
    if source.sha256 is not None and digest != source.sha256:
        raise ServiceError(
            f"the PDF of {source.number} does not match its recorded SHA-256; "
            "it was changed after issuing"
        )
    return RenderedPdf(source.number, content, digest)


def _source_of(session: Session, partner: Partner, find: Find) -> _Source:
    from advisor_desk.services.billing.documents import to_draft
    from advisor_desk.services.billing.snapshots import build_snapshot

    row = find(session, partner)
    if row.status == DocumentStatus.ISSUED and row.snapshot_json:
        return _Source(row.number, row.pdf_file, row.pdf_sha256, row.snapshot_json)
    draft = build_snapshot(session, partner, to_draft(session, row), None, None)
    return _Source(None, draft=draft)


__all__ = [
    "AUTO",
    "NotFoundError",
    "RenderedPdf",
    "document_pdf",
    "record_sha256",
    "render_processes",
    "write_pdfs",
]
