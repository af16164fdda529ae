"""Issuing a month runs in a worker: while its transaction is open and while its PDFs are
written, the window takes typing in the tree filter and applies it (issue 13)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing
from advisor_desk.store.engine import Store
from advisor_desk.ui.billing.documents import DocumentsPanel
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.tree.model import TreeModel
from advisor_desk.ui.tree.panel import TreePanel
from tests.ui.conftest import open_window

NOVEMBER = Period(2026, 11)  # the worked example's month (tests/ui/billing/conftest.py)


class Gate:
    """Holds the worker at one point until the test lets it go on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    def wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            value = real(*args, **kwargs)
            self.reached.set()
            assert self.opened.wait(30), "the test never let the worker go on"
            return value

        return held


def client_rows(model: TreeModel) -> list[str]:
    partner = model.index(0, 0)
    for row in range(model.rowCount(partner)):
        folder = model.index(row, 0, partner)
        if str(folder.data()).startswith("Clients"):
            return [str(model.index(i, 0, folder).data()) for i in range(model.rowCount(folder))]
    return []


def type_filter(qtbot: QtBot, panel: TreePanel, text: str) -> None:
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        panel.filter_edit.clear()
        qtbot.keyClicks(panel.filter_edit, text)


def test_the_tree_filter_answers_while_a_month_is_issued(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-02")  # November has ended
    window = open_window(qtbot, context)
    tree = window.panel
    assert tree is not None
    in_transaction, writing_pdfs = Gate(), Gate()
    # Held inside the write transaction (numbers taken, not committed), then before the PDFs.
    monkeypatch.setattr(issuing, "issue_month", in_transaction.wrap(issuing.issue_month))
    real_write = issuing.write_pdfs

    def write_held(*args: Any, **kwargs: Any) -> Any:
        writing_pdfs.reached.set()
        assert writing_pdfs.opened.wait(30)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(issuing, "write_pdfs", write_held)
    billing = DocumentsPanel(context)
    qtbot.addWidget(billing)
    finished: list[bool] = []
    job = billing.issue_month(NOVEMBER)
    job.finished.connect(finished.append)

    qtbot.waitUntil(in_transaction.reached.is_set, timeout=20_000)
    assert QApplication.activeModalWidget() is None  # nothing blocks the window's input
    type_filter(qtbot, tree, "birch")
    assert client_rows(tree.model) == ["Birch"]
    assert not finished
    in_transaction.opened.set()

    qtbot.waitUntil(writing_pdfs.reached.is_set, timeout=20_000)
    type_filter(qtbot, tree, "acme")
    assert client_rows(tree.model) == ["Acme"]
    assert not finished
    writing_pdfs.opened.set()

    qtbot.waitUntil(lambda: finished == [True], timeout=60_000)
    issued = documents.list_documents(store, period=NOVEMBER, status=DocumentStatus.ISSUED)
    assert sorted(d.kind.value for d in issued) == [
        "client_invoice",
        "consolidated_invoice",
        "referral_statement",
    ]
    for doc in issued:
        assert (store.invoices_dir / f"{doc.number}.pdf").is_file()
