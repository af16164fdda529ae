"""The worked example of billing-rules.md in a store, and the app context over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from tests.helpers.worked_example import build_worked_example

# The QApplication is made once per session, before function fixtures: set the platform now.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def example(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    ids = build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-11-25")  # the worked example's month
    return ids


@pytest.fixture
def context(store: Store, data_dir: Path, example: dict[str, str]) -> Iterator[AppContext]:
    app_context = AppContext(store, data_dir)
    yield app_context
    app_context.wait_for_tasks()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails a billing UI test."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
