"""The library at laptop size: no sideways scroll, elided cells with full tooltips, tag
counts within the current search, tags cut at their end (never in the middle)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser, type_and_wait


def tag_counts(browser: object) -> dict[str, str]:
    tags = browser.facets.tags  # type: ignore[attr-defined]
    return {
        tags.item(n).data(Qt.ItemDataRole.UserRole): tags.item(n).text()
        for n in range(tags.count())
    }


def test_the_columns_fit_the_view_at_1280_by_800(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, qtmodeltester: ModelTester
) -> None:
    browser = make_browser(qtbot, context)
    browser.resize(930, 700)  # what the library gets beside the tree at 1280×800
    qtbot.waitUntil(lambda: browser.table.viewport().width() < 900)
    table = browser.table
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()) if not table.isColumnHidden(c))
    assert used <= table.viewport().width()
    assert table.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert header.sectionSize(0) >= 240  # the title keeps room (tags, locked, version go)
    index = browser.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(index.data())
    qtmodeltester.check(browser.model)


def test_tag_counts_are_counted_within_the_search(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    qtbot.waitUntil(lambda: bool(tag_counts(browser)))
    everywhere = tag_counts(browser)
    type_and_wait(qtbot, browser, "ransomware")
    qtbot.waitUntil(lambda: tag_counts(browser) != everywhere, timeout=10_000)
    within = tag_counts(browser)
    row = browser.model.row_at(browser.model.index(0, 0))
    assert row is not None
    assert set(within) == set(row.tags)  # only the tags of what matches
    assert all(text.endswith("(1)") for text in within.values())


def test_long_tags_are_cut_at_their_end(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    browser = make_browser(qtbot, context)
    assert browser.facets.tags.textElideMode() == Qt.TextElideMode.ElideRight
