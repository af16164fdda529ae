"""Search as you type: every keystroke shows the count and the first page a search from
scratch would, while the model reuses what it may (no search for a space, the first title
shown as where a narrower text's matches start) and nothing once the store changed."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.services.library import content
from advisor_desk.services.library.search import LibraryQuery, SearchResult, search
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library import model as model_module
from advisor_desk.ui.library.browser import LibraryBrowser
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser, shown_titles


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The searches the model runs: the query's text and the `start` it passed."""
    made: list[dict[str, Any]] = []

    def recorded(store: Any, query: LibraryQuery, **options: Any) -> SearchResult:
        made.append({"text": query.text, "start": options.get("start")})
        return search(store, query, **options)

    monkeypatch.setattr(model_module, "search", recorded)
    return made


def type_one(qtbot: QtBot, browser: LibraryBrowser, text: str) -> None:
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        browser.search_edit.setText(text)
    qtbot.waitUntil(lambda: not browser.model._running)


def assert_as_from_scratch(browser: LibraryBrowser, context: AppContext, text: str) -> None:
    expected = search(context.store, LibraryQuery(text=text))
    assert browser.model.total == expected.total
    assert shown_titles(browser) == [row.title for row in expected.rows]


def test_each_keystroke_shows_what_a_fresh_search_would(
    qtbot: QtBot,
    context: AppContext,
    library: SeededLibrary,
    searches: list[dict[str, Any]],
) -> None:
    browser = make_browser(qtbot, context)
    for text in ("h", "hr", "hra", "hra ", "hra r", "hra ra", "hra b", "p", "pr"):
        type_one(qtbot, browser, text)
        assert_as_from_scratch(browser, context, text)
    ran = {made["text"]: made["start"] for made in searches}
    assert "hra " not in ran  # the same search as "hra": nothing ran, the rows stay
    assert ran["hra"] == "HRA Board cyber checklist"  # narrows "hr", whose first row matches
    assert ran["p"] is None  # not a narrower "hra b"


def test_after_a_change_nothing_shown_is_reused(
    qtbot: QtBot,
    context: AppContext,
    library: SeededLibrary,
    searches: list[dict[str, Any]],
) -> None:
    browser = make_browser(qtbot, context)
    type_one(qtbot, browser, "hra")
    # retitled to sort before the first row shown: a narrower text's start must not be it
    content.edit_item(context.store, library.ransomware, title="A HRA Ransomware kit")
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        context.notify(("content_item",), [library.ransomware])
    qtbot.waitUntil(lambda: not browser.model._running)
    assert searches[-1] == {"text": "hra", "start": None}
    assert_as_from_scratch(browser, context, "hra")
    type_one(qtbot, browser, "hra ")  # the same search, the rows already the store's
    type_one(qtbot, browser, "hra r")
    assert shown_titles(browser)[0] == "A HRA Ransomware kit"
    assert_as_from_scratch(browser, context, "hra r")
