"""UI test fixtures: an isolated settings file, a partner store on a frozen day, the window.

Every test gets its own QSettings file (ADVISOR_DESK_SETTINGS_FILE), so no test reads or
writes the user's real settings; the data folder and HOME are temporary (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.people import members
from advisor_desk.store.engine import Store
from advisor_desk.ui import settings
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow

# The QApplication is made once per session, before function fixtures: set the platform now.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def no_window_outlives_its_test() -> Iterator[None]:
    """Top-level widgets a test made and left open (not given to qtbot) are closed and
    deleted after it: a later test that restyles the whole application (a theme switch)
    would otherwise polish them too, long after what they showed was gone (seen as a crash
    in `setStyleSheet` on a CI worker that had run other tests before). Widgets of wider
    fixtures exist before this fixture starts and are left alone."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    def address(widget: object) -> int:
        return int(shiboken6.getCppPointer(widget)[0])

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        yield
        return
    before = {address(widget) for widget in QApplication.topLevelWidgets()}
    yield
    for widget in QApplication.topLevelWidgets():
        if address(widget) in before or not shiboken6.isValid(widget):
            continue
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings" / "advisor-desk.ini"
    monkeypatch.setenv(settings.SETTINGS_FILE_VARIABLE, str(path))
    return path


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture
def partner_store(store: Store) -> Store:
    create_partner(store, name="Harbour Risk Partners")
    return store


@pytest.fixture
def client_ids(partner_store: Store) -> dict[str, str]:
    """Acme (reseller, 2 members), Globex (direct, tagged), Initech (no members)."""
    start = dt.date(2026, 1, 5)
    acme = create_client(partner_store, name="Acme Logistics", tags=["logistics"], created=start)
    globex = create_client(
        partner_store,
        name="Globex Energy",
        tags=["energy", "priority"],
        billing_model=BillingModel.DIRECT,
        created=start,
    )
    initech = create_client(partner_store, name="Initech", created=start)
    members.add_member(
        partner_store,
        acme.id,
        email="jo.smith@acme.example",
        name="Jo Smith",
        tier=LicenseTier.RISK_COMPLIANCE,
        start=start,
    )
    members.add_member(
        partner_store,
        acme.id,
        email="sam.lee@acme.example",
        name="Sam Lee",
        tier=LicenseTier.FREE,
        start=start,
    )
    members.add_member(
        partner_store,
        globex.id,
        email="priya.patel@globex.example",
        name="Priya Patel",
        tier=LicenseTier.JUST_RISK,
        start=start,
    )
    return {"acme": acme.id, "globex": globex.id, "initech": initech.id}


@pytest.fixture
def context(store: Store, data_dir: Path) -> Iterator[AppContext]:
    app_context = AppContext(store, data_dir)
    yield app_context
    app_context.wait_for_tasks()


def open_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    if window.panel is not None:
        with qtbot.waitSignal(window.panel.model.snapshot_applied, timeout=10_000):
            window.show()
    else:
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, client_ids: dict[str, str]) -> MainWindow:
    return open_window(qtbot, context)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails a test of the window (but the offscreen platform's own chatter)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
