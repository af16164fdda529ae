"""Deleting a partner item: asked first, refused while clients or templates use it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from advisor_desk.services.errors import ServiceError
from advisor_desk.services.library.push import push_items
from advisor_desk.services.library.search import LibraryQuery, search
from advisor_desk.services.library.upload import delete_own_item
from advisor_desk.ui.context import AppContext
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser, type_and_wait


def test_delete_asks_then_removes_the_item_from_the_list(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "board cyber")
    browser.table.selectRow(0)
    assert browser.delete_action.isEnabled()
    box = browser.delete_selected()
    assert box is not None
    assert "Delete “HRA Board cyber checklist”" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "&Delete")
    with qtbot.waitSignal(browser.model.results_applied):
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert browser.model.rowCount() == 0
    assert browser.notice.text() == "Deleted HRA Board cyber checklist"
    assert search(context.store, LibraryQuery(text="board")).total == 0


def test_open_library_items_cannot_be_deleted(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "privacy")
    browser.table.selectRow(0)
    assert not browser.delete_action.isEnabled()
    with pytest.raises(ServiceError, match="belongs to the open library"):
        delete_own_item(context.store, library.privacy)


def test_an_item_in_use_is_refused_saying_where(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, client_ids: dict[str, str]
) -> None:
    push_items(
        context.store,
        [library.ransomware],
        client_ids=[client_ids["acme"], client_ids["globex"]],
        template_ids=[library.template],
    )
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "ransomware")
    browser.table.selectRow(0)
    refusal = browser.delete_selected()  # refused at once: no "Delete?" first
    assert isinstance(refusal, QMessageBox)
    assert not any(b.text() == "&Delete" for b in refusal.buttons())
    assert refusal.text().startswith(
        "“HRA Ransomware readiness workshop kit” cannot be deleted: it is used by "
        "client Acme Logistics, client Globex Energy and template Board cyber briefing."
    )
    refusal.close()
    assert search(context.store, LibraryQuery(text="ransomware")).total == 1
    with pytest.raises(ServiceError, match="remove it there first"):  # the service agrees
        delete_own_item(context.store, library.ransomware)
