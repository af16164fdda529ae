"""Start-up without waiting for the store: the window's frame is painted first, with the tree's
first clients when they can be read at once; the store is opened in a worker thread.

1. `StartupFrame` — at once, before SQLAlchemy or any service is imported: a window with the
   last window geometry and the last partner's name (both kept in the settings) and, on the
   left, the tree as the main window will show it: the partner, the advisors and the first
   clients with their license mix, read with plain sqlite3 from an up-to-date store
   (store/first_rows.py; `RowsAhead` reads them in a thread while the QApplication is
   made), drawn like the real tree (ui/tree/early.py), with the saved expansion, selection
   and focus, under the window's menus and toolbar (greyed). Without those rows (a new,
   older, locked or damaged store; the clients grouped by tag) the tree's filter box and
   "Opening…" stand where the clients will be, and the normal path below runs unchanged.
2. A worker thread opens the store (create, migrate-check), reads what the window's first
   build and the tree's first rows ask (`ui/context.StartFacts`: the partner, who works here,
   the sync status, the unfiltered tree's top with its first clients) and imports the Qt-free
   modules the main window needs (services, sync). With the first clients in the frame it
   starts once they are painted (at most `PAINT_WAIT_S` later): its imports (SQLAlchemy, the
   models) would otherwise share the GIL with that first paint.
3. Back on the GUI thread: the main window (or its welcome page) takes the frame's place,
   built from those facts with no SQL on the GUI thread; its tree shows the same first clients
   in the window's first paint, and the home page's figures start once it is painted. A store
   that cannot be used (`StoreError`) is explained in a message box and the app exits with 1.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QSplitter, QVBoxLayout, QWidget

from advisor_desk.store.first_rows import FirstRows, read_first_rows
from advisor_desk.ui import settings

if TYPE_CHECKING:
    from advisor_desk.store.engine import Store
    from advisor_desk.ui.context import AppContext, StartFacts
    from advisor_desk.ui.main_window import MainWindow
    from advisor_desk.ui.tree.early import EarlyTree

log = logging.getLogger("advisor_desk")

# Qt-free modules the main window imports (import-linter keeps services/store/sync free of Qt,
# so a worker thread may import them): done there while the frame paints. The sync's own
# (HTTP, keyring) wait until the tree has painted (MainWindow.sync).
WARM_MODULES = tuple(
    f"advisor_desk.{name}"
    for name in (
        "services.billing.charges",
        "services.billing.partners",
        "services.bizdev.prospects",
        "services.clients",
        "services.clients.onboarding",
        "services.clients.teams",
        "services.clients.tree",
        "services.clients.undo",
        "services.clock",
        "services.errors",
        "services.hub",
        "services.hub.export",
        "services.hub.months",
        "services.hub.screen",
        "services.ops",
        "services.partner",
        "services.people",
        "services.whoami",
        "store.changes",
        "store.models",
        "sync.status",
    )
)
Opener = Callable[[Path], "Store"]
PAINT_WAIT_S = 0.3  # the store starts opening after the frame's first paint, or this long
FIRST_ROWS_WAIT_S = 2.0  # the first rows read in a thread (0.2 s busy timeout): at most this long


class StartupFrame(QMainWindow):
    """What shows while the store opens: the main window's outline, the last partner's name."""

    def __init__(self, prefs: settings.Settings, rows: FirstRows | None = None) -> None:
        super().__init__()
        self.setObjectName("StartupFrame")
        name = rows.partner_name if rows is not None else prefs.get(settings.LAST_PARTNER)
        self.setWindowTitle(f"Advisor Desk — {name}" if name else "Advisor Desk")
        self.early: EarlyTree | None = None  # the tree's first rows, when read ahead
        if rows is not None:
            from advisor_desk.ui.tree.early import EarlyTree

            self.early = EarlyTree(
                rows,
                expanded=prefs.get(settings.TREE_EXPANDED),
                selected=prefs.get(settings.TREE_SELECTED),
            )
            side: QWidget = self.early
        else:
            side = self._waiting_side()
        centre = QWidget()
        title = QLabel(name or "Advisor Desk")
        title.setObjectName("PageTitle")
        right = QVBoxLayout(centre)
        right.setContentsMargins(24, 20, 24, 20)
        right.addWidget(title)
        right.addWidget(QLabel("Opening the data…"))
        right.addStretch(1)
        splitter = QSplitter()  # as ui/main_area.py's MainSplitter
        splitter.setObjectName("MainSplitter")
        splitter.addWidget(side)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([340, 940])
        splitter.restoreState(prefs.get(settings.SPLITTER))
        self.setCentralWidget(splitter)
        if rows is not None:  # a partner's window: its menus and toolbar, not usable yet
            _outline(self)
            self.restoreState(prefs.get(settings.WINDOW_STATE))
        if not self.restoreGeometry(prefs.get(settings.WINDOW_GEOMETRY)):
            self.resize(1280, 820)
            screen = self.screen()
            if screen is not None:
                area = screen.availableGeometry()
                self.resize(min(1280, area.width()), min(820, area.height()))

    def _waiting_side(self) -> QWidget:
        side = QWidget()
        side.setObjectName("Sidebar")
        side.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        side.setMinimumWidth(240)
        filter_box = QLineEdit()
        filter_box.setObjectName("FilterBox")
        filter_box.setPlaceholderText("Filter clients, members, content…")
        filter_box.setEnabled(False)
        status = QLabel("Opening the clients…")
        status.setObjectName("FilterStatus")
        left = QVBoxLayout(side)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(filter_box)
        left.addWidget(status)
        left.addStretch(1)
        return side


# The main window's menus and toolbar (ui/actions.py), greyed out until it takes the frame's
# place: the tree below them is then where it will stay.
MENUS = ("&File", "&Edit", "&View", "&Client", "&Billing", "&Administration", "&Help")
TOOLBAR: tuple[tuple[str, str, bool], ...] = (  # (text, icon, with its text), "" a separator
    ("&Partner home", "home", True),
    ("&Back to the partner", "back", True),
    ("", "", False),
    ("&Log in to client", "login", True),
    ("Add &member…", "add-member", True),
    ("", "", False),
    ("&Undo", "undo", False),
    ("&Redo", "redo", False),
    ("", "", False),
    ("&Import workspace…", "import", False),
    ("&Export workspace…", "export", False),
    ("", "", False),
    ("&Users", "users", True),
    ("&Billing overview", "billing", True),
)


def _outline(frame: QMainWindow) -> None:
    from PySide6.QtWidgets import QToolBar, QToolButton

    from advisor_desk.ui.icons import icon

    bar = frame.menuBar()
    for title in MENUS:
        bar.addMenu(title).setEnabled(False)
    toolbar = QToolBar("Toolbar", frame)
    toolbar.setObjectName("MainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(toolbar.iconSize().scaled(18, 18, Qt.AspectRatioMode.KeepAspectRatio))
    for text, name, with_text in TOOLBAR:
        if not text:
            toolbar.addSeparator()
            continue
        action = toolbar.addAction(icon(name), text)
        action.setEnabled(False)
        button = toolbar.widgetForAction(action)
        if not with_text and isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    frame.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    frame.statusBar()


class RowsAhead:
    """The tree's first rows (store/first_rows.py), read in a thread from the moment the data
    folder is known, while the GUI thread makes the application: `rows()` waits for them."""

    def __init__(self, data_dir: Path, prefs: settings.Settings) -> None:
        self.include_archived = prefs.get(settings.SHOW_ARCHIVED)
        self._rows: FirstRows | None = None
        self._thread: threading.Thread | None = None
        if not prefs.get(settings.GROUP_BY_TAG):  # grouped: the tags wait for the window
            self._thread = threading.Thread(
                target=self._read, args=(data_dir,), name="first-rows", daemon=True
            )
            self._thread.start()

    def _read(self, data_dir: Path) -> None:
        self._rows = read_first_rows(data_dir, include_archived=self.include_archived)

    def rows(self) -> FirstRows | None:
        """The rows, or None (the normal path) when the read has not ended within
        FIRST_ROWS_WAIT_S (a store on a stalled network drive must not hold the frame)."""
        if self._thread is not None:
            self._thread.join(FIRST_ROWS_WAIT_S)
            if self._thread.is_alive():
                return None
        return self._rows


class _Relay(QObject):
    """Carries the worker's outcome to the GUI thread (queued: the relay lives there)."""

    opened = Signal(object)
    failed = Signal(object)


class Startup(QObject):
    """Shows the frame, opens the store in a worker, then builds and shows the main window."""

    window_shown = Signal(object)  # the MainWindow
    failed = Signal(int)  # the exit code: the store could not be opened

    def __init__(
        self,
        data_dir: Path,
        *,
        log_file: Path | None = None,
        prefs: settings.Settings | None = None,
        opener: Opener | None = None,
        ahead: RowsAhead | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.log_file = log_file
        self.prefs = prefs or settings.Settings()
        self._opener = opener
        self._ahead = ahead  # the first rows, already being read (else read by `start`)
        self.frame: StartupFrame | None = None
        self.store: Store | None = None  # set by the worker once open
        self.context: AppContext | None = None
        self.window: MainWindow | None = None
        self.exit_code: int | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._painted = threading.Event()  # the frame's first clients are on screen
        self._relay = _Relay()
        self._relay.opened.connect(self._on_opened)
        self._relay.failed.connect(self._on_failed)

    def start(self) -> StartupFrame:
        ahead = self._ahead or RowsAhead(self.data_dir, self.prefs)
        archived = ahead.include_archived  # the worker reads the tree's first rows alike
        self.frame = StartupFrame(self.prefs, ahead.rows())
        self.frame.show()
        if self.frame.early is not None:  # as the window will (MainArea.restore_view)
            self.frame.early.view.setFocus()
        if self.frame.early is None:
            self._painted.set()
        else:
            # The worker imports SQLAlchemy and the models: Python work that would share the
            # GIL with this first paint. It waits for the first clients to be on screen (at
            # most a moment: a frame that is not painted, minimised, holds nothing up).
            from advisor_desk.ui.first_paint import when_painted

            when_painted(self.frame.early.view.viewport(), self._painted.set)
        self._thread = threading.Thread(
            target=self._work, args=(archived,), name="open-store", daemon=True
        )
        self._thread.start()
        return self.frame

    def _work(self, include_archived: bool) -> None:
        self._painted.wait(PAINT_WAIT_S)
        try:
            from advisor_desk.store import engine

            opener = self._opener or engine.open_store  # looked up now: tests replace it
            self.store = opener(self.data_dir)
        except BaseException as error:  # noqa: BLE001 - every failure is reported on the GUI thread
            self._relay.failed.emit(error)
            return
        facts = None
        try:
            from advisor_desk.ui.context import read_start_facts

            facts = read_start_facts(self.store, include_archived=include_archived)
        except Exception:  # noqa: BLE001 - the window reads them again, and reports
            log.warning("could not read the start-up facts ahead", exc_info=True)
        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - only a head start: the GUI thread imports it again
                log.debug("could not import %s ahead", name, exc_info=True)
        self._relay.opened.emit((self.store, facts))

    def _on_opened(self, opened: tuple[Store, StartFacts | None]) -> None:
        from advisor_desk.ui.context import AppContext
        from advisor_desk.ui.main_window import MainWindow

        store, facts = opened
        frame = self.frame
        if frame is None or not frame.isVisible():
            return  # closed before the store was open: `finish` closes the store
        self.context = AppContext(store, self.data_dir, facts=facts)
        self.window = MainWindow(self.context, log_file=self.log_file, prefs=self.prefs)
        if self.prefs.get(settings.WINDOW_GEOMETRY).isEmpty():
            self.window.setGeometry(frame.geometry())
        self.window.show()
        frame.close()
        self.frame = None
        frame.deleteLater()
        self.remember_partner()
        self.window_shown.emit(self.window)

    def _on_failed(self, error: BaseException) -> None:
        from advisor_desk.store.engine import StoreError

        self.exit_code = 1
        if isinstance(error, StoreError):
            log.error("cannot open the store in %s: %s", self.data_dir, error)
            from advisor_desk.ui.main import show_store_error

            show_store_error(self.data_dir, error)
        else:
            self.error = error  # raised again by `finish`, out of the event loop
        self.failed.emit(1)

    def remember_partner(self) -> None:
        """Keep the partner's name for the next start's frame ("" before there is one)."""
        partner = self.window.partner if self.window is not None else None
        self.prefs.set(settings.LAST_PARTNER, partner.name if partner is not None else "")
        self.prefs.sync()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the worker (True when it is done)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def finish(self, code: int) -> int:
        """After the event loop: stop the workers, close the store; the process's exit code."""
        self.wait()
        if self.window is not None:
            self.remember_partner()
        if self.context is not None:
            self.context.shutdown()  # running tasks are told to stop; queued ones never start
        if self.store is not None:
            self.store.close()
        if self.frame is not None:
            self.frame.close()
            self.frame.deleteLater()
            self.frame = None
        if self.error is not None:
            raise self.error
        return self.exit_code if self.exit_code is not None else code
