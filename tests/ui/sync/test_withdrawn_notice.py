"""After a sync removed a client whose access was withdrawn, the window forgets it and says
so (the removal itself is tested against a real server in tests/sync)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from advisor_desk.store.models import SYNCED_MODELS
from advisor_desk.store.ownership import rows_under
from advisor_desk.sync.engine import SyncReport
from advisor_desk.sync.overview import Changed
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.controller import _Outcome
from tests.ui.test_workspace import log_in


def remove_like_a_sync(window: MainWindow, client_id: str) -> None:
    with window.context.store.write() as session:
        under = rows_under(session, client_id)
        for model in reversed(SYNCED_MODELS):
            table = model.__table__  # type: ignore[attr-defined]
            ids = under.get(table.name, set())
            if ids:
                session.execute(table.delete().where(table.c.id.in_(ids)))


def test_a_withdrawn_client_leaves_the_tree_and_its_workspace_closes(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["initech"])
    remove_like_a_sync(window, client_ids["initech"])
    report = SyncReport(
        pushed=1,
        applied=0,
        merged=0,
        conflicts=0,
        rejected=1,
        pulled=3,
        reset=False,
        cursor=42,
        finished_at=dt.datetime(2026, 11, 28, 12, 0),
        withdrawn=("Initech",),
        unsent=1,
    )
    assert window.panel is not None
    with qtbot.waitSignal(window.panel.model.snapshot_applied, timeout=5000):
        window.sync._on_sync_done(_Outcome(report, Changed(frozenset(), frozenset())))

    assert window.panel.model.client_indexes(client_ids["initech"]) == []
    assert workspace.client is None  # it was open: the window went back home
    assert window.centre.currentWidget() is window.home
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    assert box.text() == (
        "Your access to Initech was withdrawn on the server, so it was removed from this "
        "laptop. 1 unsent change to it could not be sent; see View → Sync conflicts."
    )
    box.close()
