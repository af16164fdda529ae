"""Cold start (issue 15): the start-up frame shows the tree's first rows — partner, advisors,
the first clients with their license mix — read with plain sqlite3 before the store opens,
exactly as the main window's tree shows them afterwards (same rows, order, labels, expansion
and selection). A store that cannot be read that way falls back to the normal path."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from advisor_desk.domain.permissions import Role
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.clients.teams import archive_client, create_client
from advisor_desk.services.ops import run_op
from advisor_desk.services.people.advisors import add_advisor
from advisor_desk.store import engine, first_rows
from advisor_desk.store.engine import Store
from advisor_desk.ui import settings
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.startup import Startup, StartupFrame
from advisor_desk.ui.tree import labels
from advisor_desk.ui.tree.nodes import BATCH
from advisor_desk.ui.tree.roles import DETAIL_ROLE, KEY_ROLE
from tests.ui.gated_start import WAIT, GatedOpener, open_window

Row = tuple[str, str, str]


@pytest.fixture
def firm(partner_store: Store, client_ids: dict[str, str]) -> dict[str, str]:
    """The conftest's three clients, plus an archived one, advisors and a prospect."""
    add_advisor(partner_store, name="Ana Souza", email="ana@example.com", role=Role.ADMINISTRATOR)
    add_advisor(
        partner_store, name="Cy Later", email="cy@example.com", start=dt.date(2026, 9, 1)
    )  # not active yet: "· inactive"
    old = create_client(partner_store, name="Dusty Archive", created=dt.date(2026, 1, 5))
    archive_client(partner_store, old.id, dt.date(2026, 3, 1))
    run_op(partner_store, apply_add_prospect, "Zephyr Corp", industry="Aviation")
    return {**client_ids, "dusty": old.id}


def _view_rows(view: QTreeView) -> list[Row]:
    shown: list[Row] = []
    model = view.model()
    index = model.index(0, 0, QModelIndex())
    while index.isValid():
        shown.append((str(index.data(KEY_ROLE)), str(index.data()), str(index.data(DETAIL_ROLE))))
        index = view.indexBelow(index)
    return shown


def _branches(view: QTreeView) -> list[tuple[str, bool, bool]]:
    """Each shown row's key, whether it has an arrow, whether it is open."""
    shown = []
    model = view.model()
    index = model.index(0, 0, QModelIndex())
    while index.isValid():
        shown.append((str(index.data(KEY_ROLE)), model.hasChildren(index), view.isExpanded(index)))
        index = view.indexBelow(index)
    return shown


def _window_rows(window: MainWindow) -> list[Row]:
    panel = window.panel
    assert panel is not None
    return _view_rows(panel.view)


def test_the_frame_shows_the_first_clients_before_the_window_exists_as_the_tree_will(
    qtbot: QtBot, data_dir: Path, partner_store: Store, firm: dict[str, str]
) -> None:
    opener = GatedOpener(partner_store)
    startup = Startup(data_dir, prefs=settings.Settings(), opener=opener)
    frame = startup.start()
    qtbot.waitExposed(frame)
    assert startup.window is None  # the store is still "opening"
    early = frame.early
    assert early is not None
    before = early.shown_rows()
    assert before == [
        ("partner", "Harbour Risk Partners", ""),
        ("partner/advisors", "Advisors", "2"),
        ("partner/clients", "Clients", "4"),
        (f"partner/clients/client:{firm['acme']}", "Acme Logistics", "1 R&C · 1 free · Reseller"),
        (f"partner/clients/client:{firm['dusty']}", "Dusty Archive", _archived_detail()),
        (f"partner/clients/client:{firm['globex']}", "Globex Energy", "1 JR · Direct"),
        (f"partner/clients/client:{firm['initech']}", "Initech", "no members · Reseller"),
        ("partner/prospects", "Prospects", "1"),
    ]
    assert "Harbour Risk Partners" in frame.windowTitle()
    assert not frame.grab().isNull()

    window = open_window(qtbot, startup, opener)
    assert startup.frame is None
    qtbot.waitUntil(lambda: not isValid(frame), timeout=WAIT)
    assert _window_rows(window) == before  # same rows, order and words: nothing moves
    window.close()
    assert startup.finish(0) == 0


def test_a_partner_without_advisors_or_clients(
    qtbot: QtBot, data_dir: Path, partner_store: Store
) -> None:
    opener = GatedOpener(partner_store)
    startup = Startup(data_dir, prefs=settings.Settings(), opener=opener)
    frame = startup.start()
    assert frame.early is not None
    before, arrows = frame.early.shown_rows(), _branches(frame.early.view)
    assert before == [
        ("partner", "Harbour Risk Partners", ""),
        ("partner/advisors", "Advisors", "0"),
        ("partner/clients", "Clients", "0"),
    ]
    assert [(key, arrow) for key, arrow, _opened in arrows] == [
        ("partner", True),
        ("partner/advisors", False),
        ("partner/clients", False),  # nothing to open: no arrow, as in the tree
    ]
    window = open_window(qtbot, startup, opener)
    assert window.panel is not None
    assert (_window_rows(window), _branches(window.panel.view)) == (before, arrows)
    window.close()
    assert startup.finish(0) == 0


def _archived_detail() -> str:
    return f"no members · Reseller · archived {labels.show_day(dt.date(2026, 3, 1))}"


def test_the_saved_expansion_and_selection_are_the_trees(
    qtbot: QtBot, data_dir: Path, partner_store: Store, firm: dict[str, str]
) -> None:
    prefs = settings.Settings()
    acme = f"partner/clients/client:{firm['acme']}"
    prefs.set(
        settings.TREE_EXPANDED,
        ["partner", "partner/advisors", "partner/clients", acme, "partner/prospects"],
    )
    prefs.set(settings.TREE_SELECTED, f"partner/clients/client:{firm['globex']}")
    opener = GatedOpener(partner_store)
    startup = Startup(data_dir, prefs=prefs, opener=opener)
    frame = startup.start()
    qtbot.waitExposed(frame)
    early = frame.early
    assert early is not None
    before = early.shown_rows()
    selected = early.view.currentIndex().data(KEY_ROLE)
    assert selected == f"partner/clients/client:{firm['globex']}"
    shown = [label for _key, label, _detail in before]
    top = [
        "Harbour Risk Partners",
        "Advisors",
        "Ana Souza",
        "Cy Later",
        "Clients",
        "Acme Logistics",
    ]
    assert shown[:6] == top
    assert before[3][0].startswith("partner/advisors/advisor:")
    assert before[3][2] == "Advisor User · inactive"
    assert shown[6:9] == ["Members", "Content", "Documents"]  # the expanded client's folders
    assert shown[-2:] == ["Prospects", "Zephyr Corp"]
    assert before[-1][2] == "Aviation"
    arrows = _branches(early.view)

    window = open_window(qtbot, startup, opener)
    panel = window.panel
    assert panel is not None
    assert _window_rows(window) == before
    assert _branches(panel.view) == arrows
    assert panel.selected_key() == selected
    window.close()
    assert startup.finish(0) == 0


def test_hidden_archived_clients_stay_hidden(
    qtbot: QtBot, data_dir: Path, partner_store: Store, firm: dict[str, str]
) -> None:
    prefs = settings.Settings()
    prefs.set(settings.SHOW_ARCHIVED, False)
    opener = GatedOpener(partner_store)
    startup = Startup(data_dir, prefs=prefs, opener=opener)
    frame = startup.start()
    assert frame.early is not None
    before = frame.early.shown_rows()
    assert "Dusty Archive" not in [label for _k, label, _d in before]
    assert ("partner/clients", "Clients", "3") in before
    window = open_window(qtbot, startup, opener)
    assert _window_rows(window) == before
    window.close()
    assert startup.finish(0) == 0


def _older_schema(data_dir: Path) -> Path:
    with sqlite3.connect(data_dir / engine.STORE_FILE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0010_h6_invitations'")
    return data_dir


def _damaged(data_dir: Path) -> Path:
    elsewhere = data_dir.parent / "damaged"
    elsewhere.mkdir()
    (elsewhere / engine.STORE_FILE).write_bytes(b"not a database at all" * 50)
    return elsewhere


def _missing(data_dir: Path) -> Path:
    return data_dir.parent / "missing"


def _grouped(data_dir: Path) -> Path:
    settings.Settings().set(settings.GROUP_BY_TAG, True)  # the tags wait for the window
    return data_dir


@pytest.mark.parametrize("case", [_older_schema, _damaged, _missing, _grouped])
def test_a_store_it_cannot_read_ahead_takes_the_normal_path(
    qtbot: QtBot, data_dir: Path, partner_store: Store, firm: dict[str, str], case: object
) -> None:
    folder = case(data_dir)  # type: ignore[operator]
    opener = GatedOpener(partner_store)  # the store as the worker would open (migrate) it
    startup = Startup(folder, prefs=settings.Settings(), opener=opener)
    frame = startup.start()
    qtbot.waitExposed(frame)
    assert frame.early is None  # "Opening…" where the clients will be, no error
    window = open_window(qtbot, startup, opener)
    assert window.panel is not None
    snapshot = window.panel.model.snapshot
    assert snapshot is not None  # the tree filled the usual way
    assert [e.name for e in snapshot.index.entries] == [
        "Acme Logistics",
        "Dusty Archive",
        "Globex Energy",
        "Initech",
    ]
    window.close()
    assert startup.finish(0) == 0


def test_the_first_page_is_the_trees_first_two_batches() -> None:
    assert first_rows.FIRST_CLIENTS == 2 * BATCH


def test_the_labels_are_the_services_and_the_domains() -> None:
    from itertools import product

    from advisor_desk.domain.billing_model import BillingModel
    from advisor_desk.domain.licenses import LicenseTier
    from advisor_desk.domain.values import Role as DomainRole
    from advisor_desk.services.clients.teams import license_mix
    from advisor_desk.ui.dates import show_day

    assert {role.value: role.label for role in DomainRole} == labels.ROLE_LABELS
    assert {model.value: model.label for model in BillingModel} == labels.BILLING_LABELS
    for counts in product(range(3), repeat=len(LicenseTier)):
        mix = dict(zip(LicenseTier, counts, strict=True))
        by_value = {tier.value: n for tier, n in mix.items()}
        assert labels.license_mix(mix) == labels.license_mix(by_value) == license_mix(mix)
    for day in (dt.date(2026, 1, 5), dt.date(2031, 12, 31)):
        assert labels.show_day(day) == show_day(day)


def test_the_frames_first_paint_loads_no_sqlalchemy_services_or_babel(
    data_dir: Path, partner_store: Store, firm: dict[str, str], settings_file: Path
) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from advisor_desk.ui import main, startup

        app = main.make_application([])
        frame = startup.StartupFrame(
            startup.settings.Settings(),
            startup.read_first_rows(Path(sys.argv[1])),
        )
        frame.show()
        app.processEvents()
        assert frame.early is not None and frame.early.shown_rows()
        frame.early.view.viewport().repaint()
        heavy = (
            "sqlalchemy", "alembic", "babel", "requests", "keyring", "advisor_desk.services",
            "advisor_desk.domain",
        )
        print(sorted(m for m in sys.modules if m.startswith(heavy)))
        """
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_the_store_starts_opening_once_the_first_clients_are_painted(
    qtbot: QtBot, data_dir: Path, partner_store: Store, firm: dict[str, str]
) -> None:
    """The worker's SQLAlchemy imports would share the GIL with the frame's first paint."""
    from PySide6.QtCore import QEvent, QObject

    order: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and "painted" not in order:
                order.append("painted")
            return False

    def opener(_data_dir: Path) -> Store:
        order.append("opening")
        return partner_store

    startup = Startup(data_dir, prefs=settings.Settings(), opener=opener)
    painted = Painted()
    original = StartupFrame.__init__

    def watched_init(frame: StartupFrame, *args: object, **kwargs: object) -> None:
        original(frame, *args, **kwargs)  # type: ignore[arg-type]
        assert frame.early is not None
        frame.early.view.viewport().installEventFilter(painted)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StartupFrame, "__init__", watched_init)
        startup.start()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT)
    assert startup.window is not None
    qtbot.addWidget(startup.window)
    assert order == ["painted", "opening"]
    startup.window.close()
    assert startup.finish(0) == 0


def test_the_real_start_up_paints_the_first_clients_before_sqlalchemy_loads(
    data_dir: Path, partner_store: Store, firm: dict[str, str], settings_file: Path
) -> None:
    """`advisor-desk` itself (ui/main.run_window): what is loaded when the frame's tree first
    paints its clients. (services.errors, plain exception classes, comes with the crash
    dialog's widgets.)"""
    partner_store.close()
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication
        from advisor_desk.ui import main, startup

        started = startup.Startup.start
        seen = []
        LIBRARIES = ("sqlalchemy", "alembic", "babel", "requests", "keyring")
        OURS = ("advisor_desk.store.engine", "advisor_desk.store.models")

        def heavy(name):
            if name.split(".")[0] in LIBRARIES or name.startswith(OURS):
                return True
            return name.startswith("advisor_desk.services.") and not name.endswith(".errors")

        class Painted(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not seen:
                    seen.append(sorted(m for m in sys.modules if heavy(m)))
                    QTimer.singleShot(0, lambda: QApplication.exit(0))
                return False

        painted = Painted()

        def start(self):
            frame = started(self)
            assert frame.early is not None and frame.early.shown_rows()
            frame.early.view.viewport().installEventFilter(painted)
            return frame

        startup.Startup.start = start
        main.run_window(["--data-dir", sys.argv[1]])
        print(seen[0] if seen else "not painted")
        """
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_a_stalled_first_read_gives_way_to_the_normal_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store on a stalled drive: the frame does not wait for the first rows beyond
    FIRST_ROWS_WAIT_S; it shows without them and the store opens the usual way."""
    from advisor_desk.ui import startup

    released = threading.Event()

    def stalled(_data_dir: Path, include_archived: bool = False) -> object:
        released.wait(20)
        return "read at last"  # what a frame that waited for the read would get

    monkeypatch.setattr(startup, "read_first_rows", stalled)
    monkeypatch.setattr(startup, "FIRST_ROWS_WAIT_S", 0.2)
    prefs = settings.Settings()
    prefs.set(settings.GROUP_BY_TAG, False)
    try:
        ahead = startup.RowsAhead(tmp_path, prefs)
        assert ahead.rows() is None  # given up after 0.2 s, not after the read
    finally:
        released.set()
