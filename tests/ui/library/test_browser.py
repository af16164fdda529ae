"""The content library browser, driven as an advisor would: type, tick, click, push."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.services.library.content import Library
from advisor_desk.services.library.search import LibraryQuery, search
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import open_store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.browser import LibraryBrowser
from advisor_desk.ui.library.push_dialog import PushDialog
from advisor_desk.ui.main_window import MainWindow
from tests.helpers.library import BAD_CSV, FRAMEWORK_CSV, SeededLibrary
from tests.ui.conftest import open_window


def make_browser(qtbot: QtBot, context: AppContext) -> LibraryBrowser:
    browser = LibraryBrowser(context)
    qtbot.addWidget(browser)
    browser.resize(1400, 800)
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        browser.show()
    return browser


def shown_titles(browser: LibraryBrowser) -> list[str]:
    model = browser.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def type_and_wait(qtbot: QtBot, browser: LibraryBrowser, text: str) -> None:
    browser.search_edit.clear()
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        qtbot.keyClicks(browser.search_edit, text)
    qtbot.waitUntil(lambda: browser.model.query.text == text and not browser.model._running)


def test_search_and_facets_narrow_the_list(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    assert len(shown_titles(browser)) == 4
    assert browser.status.text() == "4 items"
    type_and_wait(qtbot, browser, "hra")
    assert shown_titles(browser) == [
        "HRA Board cyber checklist",
        "HRA Ransomware readiness workshop kit",
    ]
    assert browser.status.text() == "2 matching items"
    with qtbot.waitSignal(browser.model.results_applied):
        browser.facets.sources[Library.PARTNER].click()
    with qtbot.waitSignal(browser.model.results_applied):
        browser.facets.published.setCurrentIndex(1)  # Published
    assert shown_titles(browser) == ["HRA Ransomware readiness workshop kit"]
    with qtbot.waitSignal(browser.model.results_applied):
        browser.facets.clear_button.click()
    assert len(shown_titles(browser)) == 2  # the text still applies
    type_and_wait(qtbot, browser, "personal")  # a word of the description
    assert shown_titles(browser) == ["Privacy policy"]


def test_columns_sort_in_sql(qtbot: QtBot, context: AppContext, library: SeededLibrary) -> None:
    browser = make_browser(qtbot, context)
    header = browser.table.horizontalHeader()
    with qtbot.waitSignal(browser.model.results_applied):
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)  # Price, highest first
    assert shown_titles(browser)[0] == "HRA Ransomware readiness workshop kit"
    with qtbot.waitSignal(browser.model.results_applied):
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    titles = shown_titles(browser)
    assert titles == sorted(titles, key=str.casefold, reverse=True)


@pytest.fixture
def browser(qtbot: QtBot, context: AppContext, library: SeededLibrary) -> LibraryBrowser:
    return make_browser(qtbot, context)


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, browser: LibraryBrowser, qtmodeltester: ModelTester
) -> None:
    # `browser` before `qtmodeltester`: the tester lets go of the model before it goes
    qtmodeltester.check(browser.model, force_py=True)
    type_and_wait(qtbot, browser, "iso")
    qtmodeltester.check(browser.model, force_py=True)


def test_fetch_more_pages_in_as_the_view_scrolls(qtbot: QtBot, browser: LibraryBrowser) -> None:
    model = browser.model
    model.page_size = 1
    with qtbot.waitSignal(model.results_applied):
        model.refresh()
    loaded = model.rowCount()
    assert model.canFetchMore()
    model.fetchMore()  # read in a worker: the GUI never waits for a page
    assert model.rowCount() == loaded
    assert not model.canFetchMore()  # one page at a time

    def scrolled_to_the_end() -> bool:
        if model.canFetchMore():
            model.fetchMore()
        return model.rowCount() == model.total

    qtbot.waitUntil(scrolled_to_the_end)
    assert model.rowCount() == model.total == 4
    assert loaded == 1


def test_a_page_read_for_an_older_search_is_dropped(
    qtbot: QtBot, context: AppContext, browser: LibraryBrowser, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = browser.model
    model.page_size = 1
    with qtbot.waitSignal(model.results_applied):
        model.refresh()
    context.wait_for_tasks()
    held: list[tuple[Any, Any]] = []
    with monkeypatch.context() as patch:  # the page's worker is slow: it ends after…
        patch.setattr(context, "run_in_background", lambda job, **kw: held.append((job, kw)))
        model.fetchMore()
    assert len(held) == 1
    with qtbot.waitSignal(model.results_applied):
        browser.search_edit.setText("privacy")  # …the user typed on
    job, callbacks = held[0]
    callbacks["on_done"](job(None))  # the unfiltered list's second page lands late
    assert [model.index(n, 0).data() for n in range(model.rowCount())] == ["Privacy policy"]
    assert model.total == 1


def test_upload_a_csv_framework_and_see_its_provisions(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, tmp_path: Path
) -> None:
    csv_file = tmp_path / "hra-baseline.csv"
    csv_file.write_text(FRAMEWORK_CSV, encoding="utf-8")
    browser = make_browser(qtbot, context)
    dialog = browser.upload()
    dialog.file.path_edit.setText(str(csv_file))
    assert dialog.title_edit.text() == "hra baseline"
    dialog.title_edit.setText("HRA baseline")
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "3 provisions or questions read" in browser.notice.text()
    type_and_wait(qtbot, browser, "baseline")
    browser.table.selectRow(0)
    qtbot.waitUntil(lambda: browser.detail.detail is not None, timeout=10_000)
    pane = browser.detail
    assert pane.title.text() == "HRA baseline"
    assert pane.counts.text().startswith("3 provisions")
    refs = [pane.provisions.index(r, 0).data() for r in range(pane.provisions.rowCount())]
    assert refs == ["A.5.1", "A.5.2", "A.8.1"]


def test_a_bad_row_reports_its_line(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    browser = make_browser(qtbot, context)
    dialog = browser.upload()
    dialog.file.path_edit.setText(str(bad))
    dialog.kind_combo.setCurrentIndex(0)  # Framework
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    message = dialog.general_error.text()
    assert "Line 3: ref is empty" in message
    assert "Line 4: ref A.5.1 repeats the one at line 2" in message
    assert "Line 5: text is empty" in message
    assert search(context.store, LibraryQuery(text="bad")).total == 0
    dialog.reject()


def test_price_publish_and_lock_round_trip_through_export(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, tmp_path: Path
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "board cyber")
    browser.table.selectRow(0)
    assert browser.publish_action.text() == "Publish"
    with qtbot.waitSignal(browser.model.results_applied):
        browser.publish_action.trigger()
    browser.table.selectRow(0)
    assert browser.lock_action.text() == "Unlock"
    with qtbot.waitSignal(browser.model.results_applied):
        browser.lock_action.trigger()
    browser.table.selectRow(0)
    dialog = browser.edit_selected()
    assert dialog is not None
    dialog.price_edit.setText("249.5")
    with qtbot.waitSignal(browser.model.results_applied):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    row = browser.model.row_at(browser.model.index(0, 0))
    assert row is not None
    assert (str(row.price), row.published, row.locked) == (
        "249.5000",
        True,
        False,
    )
    exported = export_workspace(context.store)
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, exported)
        again = search(other, LibraryQuery(text="board cyber")).rows[0]
        assert export_workspace(other) == exported
    finally:
        other.close()
    assert (str(again.price), again.published, again.locked) == ("249.5000", True, False)


def test_push_records_the_log_and_refuses_what_entitlements_forbid(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, client_ids: dict[str, str]
) -> None:
    browser = make_browser(qtbot, context)
    type_and_wait(qtbot, browser, "ISO")
    browser.table.selectRow(0)
    dialog = browser.push_selected()
    assert isinstance(dialog, PushDialog)
    qtbot.waitUntil(lambda: dialog.clients.count() == 3, timeout=10_000)
    names = {dialog.clients.item(n).text(): dialog.clients.item(n) for n in range(3)}
    names["Globex Energy"].setCheckState(Qt.CheckState.Checked)  # Just Risk only
    names["Acme Logistics"].setCheckState(Qt.CheckState.Checked)  # has Risk & Compliance
    qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Nothing was pushed" in dialog.error.text()
    assert "Globex Energy has Just Risk; upgrade a member of Globex Energy first" in (
        dialog.error.text()
    )
    names["Globex Energy"].setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(browser.model.results_applied):
        qtbot.mouseClick(dialog.push_button, Qt.MouseButton.LeftButton)
    assert "Pushed 1 item to 1 client and 0 templates (1 new)" in browser.notice.text()
    qtbot.waitUntil(lambda: browser.detail.activity.rowCount() == 1, timeout=10_000)
    log = browser.detail.activity.rows[0]
    assert (log.version, log.clients, log.targets) == ("2022", 1, ("Acme Logistics",))
    assert "Acme Logistics" in browser.detail.where_used.text()
    row = browser.model.row_at(browser.model.index(0, 0))
    assert row is not None
    assert row.clients == 1


def test_the_section_opens_from_the_main_window(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    window: MainWindow = open_window(qtbot, context)
    window.show_section("library")
    browser = window.findChild(LibraryBrowser)
    assert browser is not None
    qtbot.waitUntil(lambda: browser.model.rowCount() == 4, timeout=10_000)


def test_an_upload_hidden_by_the_search_is_shown_selected_and_announced(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, tmp_path: Path
) -> None:
    csv_file = tmp_path / "hra-baseline.csv"
    csv_file.write_text(FRAMEWORK_CSV, encoding="utf-8")
    window: MainWindow = open_window(qtbot, context)
    window.show_section("library")
    browser = window.findChild(LibraryBrowser)
    assert browser is not None
    qtbot.waitUntil(lambda: browser.model.rowCount() == 4, timeout=10_000)
    type_and_wait(qtbot, browser, "ransomware")  # the new item would not match
    dialog = browser.upload()
    dialog.file.path_edit.setText(str(csv_file))
    dialog.title_edit.setText("HRA baseline")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r.title for r in browser.selected_rows()] == ["HRA baseline"])
    assert browser.search_edit.text() == ""
    message = "Uploaded hra-baseline.csv as “HRA baseline” (unpublished)"
    assert message in window.statusBar().currentMessage()
    assert message in browser.notice.text()
