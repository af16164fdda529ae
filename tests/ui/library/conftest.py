"""Library browser fixtures: the seeded library on the UI tests' partner store."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_desk.store.engine import Store
from tests.helpers.library import SeededLibrary, seed_library


@pytest.fixture
def library(partner_store: Store, client_ids: dict[str, str]) -> SeededLibrary:
    return seed_library(partner_store)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails a library test (but the offscreen platform's own chatter)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
