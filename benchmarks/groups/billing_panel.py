"""Group `billing_panel`: switching the billing panel to another month with 5,000 clients.

The data: the demo generator's partner with 5,000 clients of exactly 10 members each (as in
group `billing`), loaded with `import_workspace`.

- `billing.panel_5000_clients`: the Billing overview shown, the period picker moved to the
  previous month, until the cards and the per-client table show that month (charges computed
  in a worker, model filled, view laid out and painted); against the bare libraries doing
  the same job: ONE raw sqlite3 query of the month's clients × members × licenses (no
  arithmetic) and a QStandardItemModel of one row per client (7 columns) in a QTableView.
  The 12-month chart, computed after the cards in its own worker, is left to finish between
  repetitions (untimed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor_desk.domain.periods import Period
from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import STORE_FILE, open_store
from groups import Context, Result, median_seconds
from groups.billing import PERIOD_QUERY

CLIENTS = 5000
MEMBERS = 10


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    folder = ctx.scratch("panel-store")
    ctx.log(f"making a store with {clients} clients × {MEMBERS} members")
    today = dt.date.today()
    workspace = build_workspace(
        today, clients=clients, content=50, seed=1, members=(MEMBERS, MEMBERS)
    )
    store = open_store(folder)
    try:
        import_workspace(store, json.dumps(workspace).encode("ascii"))
    finally:
        store.close()
    del workspace
    return [_period_switch(ctx, folder, Period.of(today), f"{clients} clients × {MEMBERS}")]


def _period_switch(ctx: Context, folder: Path, current: Period, size: str) -> Result:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ADVISOR_DESK_SETTINGS_FILE"] = str(ctx.scratch("panel-settings") / "s.ini")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from advisor_desk.ui.billing.panel import BillingPanel
    from advisor_desk.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    store = open_store(folder)
    context = AppContext(store, folder)
    panel = BillingPanel(context)
    panel.resize(1280, 820)

    def wait(signal: object, start: object) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        start()  # type: ignore[operator]
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]
        app.processEvents()  # the view lays out and paints the new rows

    wait(panel.chart_shown, panel.show)
    months = [current.prev(), current]  # shown: current; each repetition flips to the other

    @contextmanager
    def settled() -> Iterator[Period]:
        context.wait_for_tasks(120_000)  # the chart's months of the last switch, untimed
        app.processEvents()
        months.reverse()
        yield months[1]

    def switch(period: Period) -> None:
        wait(panel.charges_shown, lambda: panel.picker.set_period(period))

    connection = sqlite3.connect(folder / STORE_FILE)
    model = QStandardItemModel()
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 600)
    view.show()

    def bare(period: Period) -> None:
        bounds = {"first": period.first_day.isoformat(), "end": period.end.isoformat()}
        rows = connection.execute(PERIOD_QUERY, bounds).fetchall()
        names = dict.fromkeys(row[1] for row in rows)
        model.clear()
        model.setHorizontalHeaderLabels(
            ["Client", "Billing model", "R&C", "JR", "Free", "Charge", "Referral"]
        )
        for name in names:
            model.appendRow([QStandardItem(name), *(QStandardItem("") for _ in range(6))])
        app.processEvents()

    repeats = ctx.repeats(full=7, quick=3)
    try:
        ctx.log(f"panel period switch × {repeats}")
        app_time = median_seconds(switch, repeats=repeats, prepare=settled)
        ctx.log(f"bare query + QStandardItemModel × {repeats}")
        bare_time = median_seconds(bare, repeats=repeats, prepare=settled)
        shown = len(panel.charges.clients) if panel.charges else 0
    finally:
        context.wait_for_tasks(120_000)
        panel.close()
        view.close()
        connection.close()
        store.close()
    note = (
        f"{size}, {shown} clients shown; until cards + table show the month; baseline: one "
        "SQL join of the month's licenses + a QStandardItemModel row per client"
    )
    return Result("billing.panel_5000_clients", app_time, "s", bare_time, note)
