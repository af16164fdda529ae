"""Every custom item model of the admin views passes Qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.admin.access_dialog import ClientChecklistModel
from advisor_desk.ui.admin.advisor_model import AdvisorTableModel, Column
from advisor_desk.ui.admin.users_data import ClientRef


def test_advisor_table_model(qtmodeltester: ModelTester, panel: UsersPanel) -> None:
    assert panel.model.rowCount() == 4
    assert panel.model.columnCount() == len(Column)
    qtmodeltester.check(panel.model, force_py=True)
    qtmodeltester.check(panel.proxy, force_py=True)


def test_empty_advisor_table_model(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(AdvisorTableModel(), force_py=True)


def test_client_checklist_model(qtmodeltester: ModelTester) -> None:
    clients = [ClientRef("a", "Acme", False), ClientRef("b", "Globex", True)]
    model = ClientChecklistModel(clients, {"a"})
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(model.index(1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_ids() == frozenset({"a", "b"})
    assert model.index(1).data() == "Globex  (archived)"
