"""No document's preview can loop on layout: QPdfView's fit-to-width zoom once fed back
through the vertical scroll bar's appearance (bar shown → viewport narrower → page shorter →
bar hidden → wider → taller → shown …) and froze the window at some widths for good."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing, partners
from advisor_desk.services.billing.issuing import RenderedPdf
from advisor_desk.store.engine import Store
from advisor_desk.ui.billing.preview import PdfPreview

NOVEMBER = Period(2026, 11)


class ToggleWatch(QObject):
    """Counts the scroll bars' Show and Hide events; past `budget` toggles in one step the view
    is looping (Qt never returns to us), so it pins both bars to break the loop and says so."""

    def __init__(self, view: QAbstractScrollArea, budget: int = 40) -> None:
        super().__init__()
        self.view, self.budget = view, budget
        self.count = self.step_start = 0
        self.broken = False
        for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
            bar.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.count += 1
            if self.count - self.step_start > self.budget and not self.broken:
                self.broken = True  # the circuit breaker: without it the test hangs for good
                self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
                self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return False

    def toggles_in(self, step: Callable[[], None]) -> tuple[int, bool]:
        """(toggles, looped) while `step` runs; the loop is then released again."""
        self.step_start, self.broken = self.count, False
        step()
        looped = self.broken
        if looped:
            self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return self.count - self.step_start, looped


def every_kind(store: Store) -> dict[DocumentKind, RenderedPdf]:
    partners.save_resale_settings(
        store,
        just_risk="45.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        invoice_prefix="HRA-",
    )
    issued = issuing.issue_period(store, NOVEMBER)
    documents.draft_documents(store, NOVEMBER, kind=DocumentKind.RESALE_INVOICE)
    found = {d.kind: d for d in documents.list_documents(store, period=NOVEMBER)}
    invoice = next(d for d in issued if d.kind is DocumentKind.CONSOLIDATED_INVOICE)
    assert invoice.number is not None
    found[DocumentKind.CREDIT_NOTE] = issuing.credit_note(store, invoice.number, "10.00")
    assert set(found) == set(DocumentKind), found.keys()
    return {kind: issuing.document_pdf(store, document_id=d.id) for kind, d in found.items()}


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_the_preview_never_loops_on_layout_at_any_width(
    qtbot: QtBot,
    store: Store,
    example: dict[str, str],
    kind: DocumentKind,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-06")  # November has ended: issue it
    pdfs = every_kind(store)
    holder = QWidget()
    qtbot.addWidget(holder)
    preview = PdfPreview(holder)
    holder.resize(900, 700)
    holder.show()
    qtbot.waitExposed(holder)
    with qtbot.waitSignal(preview.loaded, timeout=10_000):
        preview.show_pdf(kind.label, pdfs[kind])
    watch = ToggleWatch(preview.view)
    policies = (
        preview.view.verticalScrollBarPolicy(),
        preview.view.horizontalScrollBarPolicy(),
    )
    stuck = []
    for height in (420, 560, 700):
        for width in range(300, 1400, 3):

            def step(width: int = width, height: int = height) -> None:
                preview.resize(width, height)
                drain(100)

            toggles, looped = watch.toggles_in(step)
            settled, _ = watch.toggles_in(lambda: drain(20))
            if looped or settled:  # a settled view toggles nothing more
                stuck.append((width, height, toggles))
                if looped:  # put back the view's own policies for the next width
                    preview.view.setVerticalScrollBarPolicy(policies[0])
                    preview.view.setHorizontalScrollBarPolicy(policies[1])
    assert not stuck, f"the scroll bars kept toggling at (width, height, toggles): {stuck[:8]}"


def drain(most_ms: int) -> None:
    """Process the pending events, for at most `most_ms` however many keep coming."""
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, most_ms)
