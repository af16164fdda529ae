"""The selection survives the list being re-read after an edit, so actions chain."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser, type_and_wait


def test_publishing_keeps_the_item_selected_and_its_detail_shown(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "hra")
    titles = [browser.model.index(n, 0).data() for n in range(browser.model.rowCount())]
    browser.table.selectRow(titles.index("HRA Board cyber checklist"))
    assert browser.publish_action.text() == "Publish"

    with qtbot.waitSignal(browser.model.results_applied):
        browser.publish_action.trigger()

    assert [row.title for row in browser.selected_rows()] == ["HRA Board cyber checklist"]
    assert browser.publish_action.text() == "Unpublish"  # no need to select it again
    assert browser.detail.item_id == library.board
    with qtbot.waitSignal(browser.model.results_applied):
        browser.publish_action.trigger()
    assert browser.publish_action.text() == "Publish"


def test_typing_on_keeps_a_selected_item_that_still_matches(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "hra")
    titles = [browser.model.index(n, 0).data() for n in range(browser.model.rowCount())]
    browser.table.selectRow(titles.index("HRA Ransomware readiness workshop kit"))
    type_and_wait(qtbot, browser, "hra ransom")
    assert [row.id for row in browser.selected_rows()] == [library.ransomware]


def test_an_empty_result_says_why(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "zebra")
    assert browser.model.rowCount() == 0
    assert browser.table.placeholder == (
        "No item matches “zebra”. Check the spelling, or try fewer words."
    )
    browser.table.grab()  # paints the message over the empty list
    type_and_wait(qtbot, browser, "hra")
    assert browser.table.placeholder == ""
