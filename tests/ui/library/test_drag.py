"""Dragging from the library shows a small badge naming what is dragged, not whole rows."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.table import MAX_LABEL_WIDTH, LibraryTable, drag_label
from advisor_desk.ui.mime import CONTENT_IDS_MIME, content_ids
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser


def test_the_badge_names_the_first_item_and_counts_the_rest() -> None:
    assert drag_label(["Privacy policy"]) == "Privacy policy"
    assert drag_label(["Privacy policy", "ISO", "HRA"]) == "Privacy policy + 2 more"


def test_the_badge_stays_small_and_the_payload_carries_every_selected_id(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    table = browser.table
    assert isinstance(table, LibraryTable)
    badge = table._badge(drag_label(["A very long title " * 20]))
    assert badge.width() / badge.devicePixelRatio() <= MAX_LABEL_WIDTH + 24
    assert badge.width() / badge.devicePixelRatio() < table.viewport().width() / 2
    rows = [browser.model.index(row, 0) for row in range(browser.model.rowCount())]
    data = browser.model.mimeData(rows)
    ids = content_ids(bytes(data.data(CONTENT_IDS_MIME).data()))
    assert sorted(ids) == sorted([library.iso, library.privacy, library.ransomware, library.board])
