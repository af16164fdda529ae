"""The workspace's Risk register tab: a table model behind a sort/filter proxy (sorted by
score, rating, due date; filtered by text, status and lowest rating), the inherent and
residual heat maps, and an edit through the register's operation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.bizdev.register import apply_add_risk, apply_edit_risk, register
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.ui.bizdev.register import RegisterTab
from advisor_desk.ui.bizdev.risk_dialog import RiskDialog
from advisor_desk.ui.context import AppContext

RISKS = (  # title, likelihood, impact, edits
    ("Ransomware", 4, 5, {"owner": "Ana", "status": "open"}),
    ("Phishing", 3, 3, {"residual_likelihood": 2, "residual_impact": 2, "status": "treated"}),
    ("Flood", 1, 2, {"status": "closed"}),
    ("Supplier failure", 3, 4, {"owner": "Bo", "due": dt.date(2026, 6, 30)}),
)


def _fill(context: AppContext) -> None:
    for title, likelihood, impact, edits in RISKS:
        made = run_op(
            context.store,
            apply_add_risk,
            "Full Co",
            title,
            likelihood=likelihood,
            impact=impact,
            ref=title[:3].upper(),
        ).value
        run_op(context.store, apply_edit_risk, "Full Co", made.id, **edits)


def _column(tab: RegisterTab, column: int) -> list[str]:
    return [str(tab.proxy.index(r, column).data()) for r in range(tab.proxy.rowCount())]


def test_register_sorts_and_filters(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    _fill(context)
    tab = RegisterTab(context)
    qtbot.addWidget(tab)
    tab.set_client(bizdev["Full Co"], "Full Co")
    assert _column(tab, 1) == ["Ransomware", "Supplier failure", "Phishing", "Flood"]
    assert _column(tab, 4) == ["20", "12", "9", "2"]
    assert _column(tab, 5) == ["Extreme", "High", "Medium", "Low"]
    assert _column(tab, 10)[2] == "Low (4)"

    tab.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # numerically, not "12" < "2"
    assert _column(tab, 4) == ["2", "9", "12", "20"]
    tab.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _column(tab, 1) == ["Flood", "Phishing", "Ransomware", "Supplier failure"]

    tab.search.setText("bo")  # the owner
    assert _column(tab, 1) == ["Supplier failure"]
    tab.search.clear()
    tab.status.setCurrentIndex(tab.status.findData("treated"))
    assert _column(tab, 1) == ["Phishing"]
    tab.status.setCurrentIndex(0)
    tab.rating.setCurrentIndex(tab.rating.findData("High"))
    assert sorted(_column(tab, 1)) == ["Ransomware", "Supplier failure"]

    # closed risks are off the maps; residual only where it is set
    assert tab.inherent.counts == {(4, 5): 1, (3, 3): 1, (3, 4): 1}
    assert tab.residual.counts == {(2, 2): 1}
    qtbot.mouseClick(tab.inherent.cells[(4, 5)], Qt.MouseButton.LeftButton)
    assert "Ransomware" in tab.cell_note.text()


def test_editing_a_risk_goes_through_the_operation_and_refreshes(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    _fill(context)
    tab = RegisterTab(context)
    qtbot.addWidget(tab)
    tab.set_client(bizdev["Full Co"], "Full Co")
    risk = next(r for r in tab.model.rows if r.title == "Flood")
    dialog = RiskDialog(context, "Full Co", risk, tab)
    qtbot.addWidget(dialog)
    dialog.impact.setCurrentIndex(dialog.impact.findData(5))
    dialog.status.setCurrentIndex(dialog.status.findData("open"))
    dialog.treatment.setCurrentIndex(dialog.treatment.findData("avoid"))
    dialog.accept()
    assert dialog.error.text() == ""
    saved = next(r for r in run_query(context.store, register, "Full Co") if r.title == "Flood")
    assert (saved.impact, saved.status, saved.treatment) == (5, "open", "avoid")
    assert tab.inherent.counts[(1, 5)] == 1  # the tab heard the change

    dialog = RiskDialog(context, "Full Co", None, tab)
    qtbot.addWidget(dialog)
    dialog.accept()  # no title
    assert "title" in dialog.error.text()
