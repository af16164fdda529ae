"""Fixtures shared by every test: an isolated data folder, never the user's real one, and a
pinned clock.

"Today" is the same pinned date for the whole run: tests, the server processes they start and
the commands they run (all read `ADVISOR_DESK_TODAY`). It is set here, at import, so even
session fixtures see it. CI runs the date-sensitive tests again with `ADVISOR_DESK_TEST_TODAY`
(and the process clock, through faketime) at a month end, on 1 January and on 29 February:
a test that needs a particular date pins it itself; one that works "as of today" must pass on
any of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_desk.store.engine import Store
from tests.helpers.stores import new_store

pytest_plugins = ["tests.helpers.live_server"]

SUITE_TODAY = os.environ.get("ADVISOR_DESK_TEST_TODAY", "2026-12-06")
os.environ["ADVISOR_DESK_TODAY"] = SUITE_TODAY


# Tests whose outcome turns on what day it is: billing periods, months that have ended,
# agreements in force, advisors active today, credit and adjustment arithmetic over issued
# months. CI runs them again as of other days (.ci/run); named by file so moving them keeps
# the mark.
DATE_SENSITIVE = frozenset(
    {
        "test_periods.py",
        "test_period_ended.py",
        "test_credit_caps.py",
        "test_adjustments.py",
        "test_cli.py",
        "test_invoice_adjust.py",
        "test_credit_reason.py",
        "test_onboard_cli.py",
        "test_issue_via_server.py",
        "test_billing_service.py",
        "test_documents_service.py",
        "test_issue_rules.py",
        "test_member_undo.py",
        "test_issuing.py",
        "test_sessions.py",
        "test_server_cli.py",
        "test_agreement_history.py",
    }
)


# Scopes whose fixtures a test shares with its neighbours in the file: with pytest-xdist
# (`.ci/dev.py test` runs `-n`), those tests go to one worker so the fixture is built once.
SHARED_SCOPES = frozenset({"module", "class", "package"})


@pytest.hookimpl(tryfirst=True)  # before the mark filter (-m) and xdist's loadgroup read marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in DATE_SENSITIVE:
            item.add_marker(pytest.mark.date_sensitive)
        if _shares_a_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a module-, class- or package-scoped fixture (built once for the
    tests that share it, e.g. a bundle build or a server with its own settings)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs and defs[-1].scope in SHARED_SCOPES for defs in info.name2fixturedefs.values())


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    monkeypatch.setenv("ADVISOR_DESK_TODAY", SUITE_TODAY)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A new store in data_dir (migrated once per test process: tests/helpers/stores.py)."""
    opened = new_store(data_dir)
    yield opened
    opened.close()
