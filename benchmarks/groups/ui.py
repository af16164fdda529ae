"""Group `ui`: starting the window, and filtering the tree, with 2,000 clients.

The data: the demo generator's partner with 2,000 clients (3-25 members each, their license
history, content granted) and 2,000 content items, loaded with `import_workspace`.

- `ui.cold_start`: a fresh `python` process running `advisor-desk --data-dir DIR` (offscreen)
  until the first paint that shows the partner, advisors and the first clients with their
  license mix — whichever shows them first: the start-up frame's early tree (rows read with
  plain sqlite3 before SQLAlchemy loads: ui/startup.py, store/first_rows.py) or the main
  window's tree (the first paint of the tree's viewport once its rows are there, and that
  paint done); against a fresh `python` process that imports PySide6 and shows a bare
  QMainWindow holding an empty QTreeView, until that view's viewport has painted. Both timed
  from process start by the parent.
- `ui.cold_start_usable`: the same app processes, until the main window has taken the
  frame's place and its own tree has painted its first clients (menus, filter and tree then
  answer); against the same bare window. Reported, no aim.
- `ui.tree_filter_2000`: one keystroke in the tree's filter box until the view shows the new
  rows (the query in a worker, over client names/domains/tags, member names/emails, granted
  content titles, document numbers); against bare sqlite3 running one query of the same
  matches plus a QStandardItemModel refilled with them in a QTreeView. Median per keystroke
  while typing a client word and a member surname.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import STORE_FILE, open_store
from groups import Context, Result, median_seconds

CLIENTS = 2000
CONTENT = 2000
WORDS = ("bank", "smith")  # typed one letter at a time: a client word, a member surname

APP_START = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from advisor_desk.ui import main, startup

    started = startup.Startup.start
    first_shown = []

    class Painted(QObject):  # a tree's viewport painted, with its first clients
        def __init__(self, view, then, rows_there=lambda: True):
            super().__init__(view)
            self.then, self.rows_there = then, rows_there
            view.viewport().installEventFilter(self)
            view.viewport().update()

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and self.rows_there():
                watched.removeEventFilter(self)
                QTimer.singleShot(0, self.then)  # once this paint is done
            return False

    def first():  # the first clients are on screen (the frame's or the window's tree)
        if not first_shown:
            first_shown.append(True)
            print("first", flush=True)

    def ready():
        first()
        print("shown", flush=True)
        QApplication.exit(0)

    def start(self):
        def window_shown(window):
            panel = window.panel
            if panel is None:
                QTimer.singleShot(0, ready)
            elif panel.model.snapshot is not None:
                Painted(panel.view, ready, lambda: panel.model.snapshot is not None)
            else:  # the tree's first rows come from a worker: wait for them to be on screen
                panel.model.snapshot_applied.connect(
                    lambda: Painted(panel.view, ready, lambda: panel.model.snapshot is not None)
                )

        self.window_shown.connect(window_shown)
        frame = started(self)
        if frame.early is not None:  # the frame shows the first clients, read ahead
            Painted(frame.early.view, first)
        return frame

    startup.Startup.start = start
    sys.exit(main.run_window(["--data-dir", sys.argv[1]]))
    """
)
BARE_START = textwrap.dedent(
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication([])
    window = QMainWindow()
    view = QTreeView()
    view.setModel(QStandardItemModel())
    window.setCentralWidget(view)
    window.resize(1280, 820)

    def ready():
        print("first", flush=True)
        print("shown", flush=True)
        app.exit(0)

    class Painted(QObject):  # the view's viewport painted, as the app's tree is waited for
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, ready)
            return False

    painted = Painted()
    view.viewport().installEventFilter(painted)
    window.show()
    app.exec()
    """
)
MATCH_QUERY = """
SELECT c.id, c.name FROM client AS c
WHERE c.deleted = 0 AND (
    c.name LIKE :p ESCAPE '\\' OR c.domain LIKE :p ESCAPE '\\' OR c.tags LIKE :p ESCAPE '\\'
    OR c.id IN (SELECT m.client_id FROM member AS m WHERE m.deleted = 0
                AND (m.name LIKE :p ESCAPE '\\' OR m.email LIKE :p ESCAPE '\\'))
    OR c.id IN (SELECT cc.client_id FROM client_content AS cc
                JOIN content_item AS ci ON ci.id = cc.content_id
                WHERE cc.deleted = 0 AND ci.deleted = 0 AND ci.title LIKE :p ESCAPE '\\')
    OR c.id IN (SELECT d.client_id FROM document AS d
                WHERE d.deleted = 0 AND d.number LIKE :p ESCAPE '\\'))
ORDER BY lower(c.name)
"""


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    folder = ctx.scratch("ui-store")
    ctx.log(f"making a store with {clients} clients and {CONTENT} content items")
    workspace = build_workspace(dt.date.today(), clients=clients, content=CONTENT, seed=3)
    import json

    store = open_store(folder)
    try:
        import_workspace(store, json.dumps(workspace).encode("ascii"))
    finally:
        store.close()
    del workspace
    size = f"{clients} clients"
    return [*_cold_start(ctx, folder, size), _tree_filter(ctx, folder, size)]


def _environment(ctx: Context) -> dict[str, str]:
    home = ctx.scratch("ui-home")
    env = dict(os.environ)
    # An installed app has its bytecode compiled; let the warm-up run write it, as pip would.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return dict(
        env,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        ADVISOR_DESK_SETTINGS_FILE=str(home / "settings.ini"),
        ADVISOR_DESK_LOG_LEVEL="WARNING",
    )


def _time_to_shown(script: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from process start until it printed "first" (the first clients painted) and
    "shown" (the window usable)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    first = time.perf_counter() - started
    line = process.stdout.readline()
    shown = time.perf_counter() - started
    process.wait(timeout=60)
    if first_line.strip() != "first" or line.strip() != "shown":
        raise RuntimeError(f"the window did not report being shown (exit {process.returncode})")
    return first, shown


def _cold_start(ctx: Context, folder: Path, size: str) -> list[Result]:
    repeats = ctx.repeats(full=7, quick=3)
    env = _environment(ctx)
    _time_to_shown(APP_START, [str(folder)], env)  # warm the OS file cache for both
    _time_to_shown(BARE_START, [], env)
    ctx.log(f"cold start: app × {repeats}")
    app = [_time_to_shown(APP_START, [str(folder)], env) for _ in range(repeats)]
    ctx.log(f"cold start: bare PySide6 window × {repeats}")
    bare = statistics.median(_time_to_shown(BARE_START, [], env)[1] for _ in range(repeats))
    first = statistics.median(f for f, _ in app)
    usable = statistics.median(u for _, u in app)
    baseline = "baseline: empty QTreeView window"
    return [
        Result(
            "ui.cold_start",
            first,
            "s",
            bare,
            f"{size}; until the first clients are painted (frame or window); {baseline}",
        ),
        Result(
            "ui.cold_start_usable",
            usable,
            "s",
            bare,
            f"{size}; until the main window's tree has painted them; {baseline}",
        ),
    ]


def _keystrokes() -> list[str]:
    return [word[:n] for word in WORDS for n in range(1, len(word) + 1)]


def _tree_filter(ctx: Context, folder: Path, size: str) -> Result:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ADVISOR_DESK_SETTINGS_FILE"] = str(ctx.scratch("ui-settings") / "settings.ini")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTreeView

    from advisor_desk.ui.context import AppContext
    from advisor_desk.ui.tree.panel import TreePanel

    app = QApplication.instance() or QApplication([])
    store = open_store(folder)
    context = AppContext(store, folder)
    panel = TreePanel(context)
    panel.resize(360, 800)
    panel.show()

    def wait_applied(start: object) -> None:
        loop = QEventLoop()
        panel.model.snapshot_applied.connect(loop.quit)
        start()  # type: ignore[operator]
        loop.exec()
        panel.model.snapshot_applied.disconnect(loop.quit)
        app.processEvents()  # the view lays out and paints the new rows

    wait_applied(panel.reload)
    keys = _keystrokes()
    repeats = ctx.repeats(full=5, quick=2)

    def type_all_app(_: object) -> None:
        for text in keys:
            wait_applied(lambda text=text: panel.filter_edit.setText(text))

    connection = sqlite3.connect(folder / STORE_FILE)
    model = QStandardItemModel()
    view = QTreeView()
    view.setModel(model)
    view.resize(360, 800)
    view.show()

    def bare_keystroke(text: str) -> None:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = connection.execute(MATCH_QUERY, {"p": f"%{escaped}%"}).fetchall()
        model.clear()
        root = model.invisibleRootItem()
        for _client_id, name in rows:
            root.appendRow(QStandardItem(name))
        app.processEvents()

    def type_all_bare(_: object) -> None:
        for text in keys:
            bare_keystroke(text)

    try:
        type_all_app(None)  # warm-up, both sides
        type_all_bare(None)
        ctx.log(f"tree filter: app × {repeats} × {len(keys)} keystrokes")
        app_time = median_seconds(type_all_app, repeats=repeats) / len(keys)
        ctx.log(f"tree filter: bare sqlite3 + QStandardItemModel × {repeats}")
        bare_time = median_seconds(type_all_bare, repeats=repeats) / len(keys)
    finally:
        context.wait_for_tasks()
        panel.close()
        view.close()
        connection.close()
        store.close()
    note = (
        f"{size}; per keystroke typing {' and '.join(repr(w) for w in WORDS)}; "
        "baseline: one SQL query of the same matches + QStandardItemModel refill"
    )
    return Result("ui.tree_filter_2000", app_time, "s", bare_time, note)
