"""The hub in the window, driven by pytest-qt on a demo store: filters, sorting (in SQL),
a heat-map click listing its pairs, double-click opening the client, the lazy model under
qtmodeltester, export, and billing figures hidden for a role refused billing."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.domain.permissions import Role
from advisor_desk.services.demo import make_demo
from advisor_desk.services.hub import Column, HubFilter, HubQuery, client_page, count_clients
from advisor_desk.services.ops import run_query
from advisor_desk.services.people import advisors
from advisor_desk.store.engine import Store
from advisor_desk.sync import local
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.hub.model import COLUMNS, HubTableModel
from advisor_desk.ui.hub.view import HubView
from advisor_desk.ui.main_window import MainWindow
from tests.ui.conftest import open_window

KEEP: list[object] = []


@pytest.fixture
def demo_store(store: Store) -> Store:
    make_demo(store, clients=8, content=40, seed=1)
    return store


def _loaded(qtbot: QtBot, hub: HubView) -> HubView:
    qtbot.waitUntil(lambda: hub.model.month is not None, timeout=20_000)
    return hub


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, demo_store: Store) -> MainWindow:
    return open_window(qtbot, context)


@pytest.fixture
def hub(qtbot: QtBot, window: MainWindow) -> HubView:
    assert window.home is not None
    return _loaded(qtbot, window.home.hub)


def _column(key: Column) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key is key)


def test_the_lazy_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, hub: HubView, demo_store: Store
) -> None:
    qtmodeltester.check(hub.model, force_py=True)
    month = hub.model.month
    assert month is not None
    everyone = run_query(demo_store, client_page, month, limit=None)

    def two(month_, query, offset):  # noqa: ANN001, ANN202 - the loader's shape
        return run_query(demo_store, client_page, month_, query, offset=offset, limit=2)

    lazy = HubTableModel(two)
    lazy.set_result(month, HubQuery(), len(everyone), everyone[:2])
    assert lazy.rowCount() == 2
    assert lazy.canFetchMore()
    qtmodeltester.check(lazy, force_py=True)  # fetches the rest, page by page
    while lazy.canFetchMore():
        lazy.fetchMore()
    assert [r.id for r in lazy.rows] == [r.id for r in everyone]


def test_attention_and_tag_filters(qtbot: QtBot, hub: HubView, demo_store: Store) -> None:
    month = hub.model.month
    assert month is not None
    hub.attention.setCurrentIndex(hub.attention.findData("any"))
    expected = run_query(demo_store, count_clients, month, HubFilter(attention="any"))
    qtbot.waitUntil(lambda: hub.model.query.filter.attention == "any", timeout=10_000)
    assert hub.model.total == expected
    assert hub.model.rows
    assert all(row.attention for row in hub.model.rows)
    reason = hub.model.index(0, _column(Column.ATTENTION)).data()
    assert reason  # the reason in words
    hub.attention.setCurrentIndex(0)
    qtbot.waitUntil(lambda: hub.model.query.filter.attention == "", timeout=10_000)
    tag = hub.tag.itemData(1)
    hub.tag.setCurrentIndex(1)
    qtbot.waitUntil(lambda: hub.model.query.filter.tag == tag, timeout=10_000)
    assert hub.model.rows
    assert all(tag in row.tags for row in hub.model.rows)


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, hub: HubView) -> None:
    header = hub.table.horizontalHeader()
    section = _column(Column.EXTREME)
    header.sectionClicked.emit(section)  # what a click on the header does
    hub.table.sortByColumn(section, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(
        lambda: hub.model.query == HubQuery(HubFilter(), Column.EXTREME, True), timeout=10_000
    )
    extremes = [row.risks["Extreme"] for row in hub.model.rows]
    assert extremes == sorted(extremes, reverse=True)
    assert extremes[0] > 0
    hub.table.sortByColumn(_column(Column.NAME), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: hub.model.query.sort is Column.NAME, timeout=10_000)
    names = [row.name.lower() for row in hub.model.rows]
    assert names == sorted(names)


def test_a_heat_map_click_lists_its_client_risk_pairs(qtbot: QtBot, hub: HubView) -> None:
    hub.tabs.setCurrentWidget(hub.risk)
    heat = hub.risk.heatmap
    qtbot.waitUntil(lambda: sum(heat.counts.values()) > 0, timeout=10_000)
    (likelihood, impact), count = max(heat.counts.items(), key=lambda kv: kv[1])
    qtbot.mouseClick(heat.cells[(likelihood, impact)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hub.risk.cell_list.rowCount() == count, timeout=10_000)
    assert str(count) in hub.risk.cell_title.text()
    assert hub.risk.top.rowCount() == min(20, sum(heat.counts.values()))


def test_double_click_opens_the_clients_workspace(
    qtbot: QtBot, window: MainWindow, hub: HubView
) -> None:
    first = hub.model.rows[0]
    rect = hub.table.visualRect(hub.model.index(0, 0))
    # a real double-click: press and release, then the double-click on the same cell
    qtbot.mouseClick(hub.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(hub.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.workspace is not None
    assert window.workspace.client_id == first.id


def test_export_csv_and_xlsx_hold_every_filtered_client(hub: HubView, tmp_path: Path) -> None:
    written = hub.export("csv", str(tmp_path / "clients.csv"))
    assert written is not None
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert rows[0][0] == "Client"
    assert "Charge" in rows[0]
    assert [r[0] for r in rows[1:]] == [c.name for c in hub.export_rows()]
    book = hub.export("xlsx", str(tmp_path / "clients.xlsx"))
    assert book is not None
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(book).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Client"
    assert [v[0] for v in values[1:]] == [r[0] for r in rows[1:]]
    charge = rows[0].index("Charge")
    assert [f"{v[charge]:.2f}" for v in values[1:]] == [r[charge] for r in rows[1:]]
    assert zipfile.is_zipfile(book)


def test_billing_figures_hidden_for_a_role_refused_billing(
    qtbot: QtBot, demo_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    who = advisors.add_advisor(
        demo_store, email="plain@x.example", name="Sam Lee", role=Role.ADVISOR
    )
    with demo_store.write() as session:
        local.save_account(session, advisor_id=who.id, email=who.email, role=Role.ADVISOR.value)
    context = AppContext(demo_store, data_dir)
    hub = HubView(context)
    qtbot.addWidget(hub)
    KEEP.append(context)
    hub.reload()
    _loaded(qtbot, hub)
    for key in (Column.CHARGE, Column.REFERRAL):
        assert hub.table.isColumnHidden(_column(key))
    assert not hub.table.isColumnHidden(_column(Column.EXTREME))
    assert "consolidated" not in hub.summary.text()
    written = hub.export("csv", str(tmp_path / "c.csv"))
    assert written is not None
    assert "Charge" not in written.read_text(encoding="utf-8").splitlines()[0]
    context.wait_for_tasks()
