"""The results view on the contract's worked example: the heat map's cells, a click listing
the cell's risks, the ranking, who has and has not answered; adopt; the report job."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.bizdev.reviews import apply_publish
from advisor_desk.services.ops import run_op
from advisor_desk.ui.bizdev.heatmap import PlacedRisk, RiskHeatMap
from advisor_desk.ui.bizdev.results import ReviewResultsView
from advisor_desk.ui.context import AppContext
from tests.ui.bizdev.conftest import answer_worked_example, lumen_review


def test_heatmap_click_lists_the_cells_risks(qtbot: QtBot) -> None:
    heat = RiskHeatMap()
    qtbot.addWidget(heat)
    heat.set_risks(
        [PlacedRisk(4, 5, "A", "One"), PlacedRisk(4, 5, "B", "Two"), PlacedRisk(1, 1, "C", "x")]
    )
    assert heat.cells[(4, 5)].text() == "2"
    assert heat.cells[(2, 2)].text() == "0"
    with qtbot.waitSignal(heat.risks_clicked) as signal:
        qtbot.mouseClick(heat.cells[(4, 5)], Qt.MouseButton.LeftButton)
    likelihood, impact, risks = signal.args
    assert (likelihood, impact) == (4, 5)
    assert [r.ref for r in risks] == ["A", "B"]


def test_results_of_the_worked_example(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    review = lumen_review(context.store)
    run_op(context.store, apply_publish, review)
    answer_worked_example(context.store, review)
    view = ReviewResultsView(context)
    qtbot.addWidget(view)
    view.set_review(review)
    assert view.heatmap.counts == {(4, 5): 1, (4, 3): 1}
    table = [
        [view.table.item(r, c).text() for c in range(view.table.columnCount())]
        for r in range(view.table.rowCount())
    ]
    assert table == [
        ["CY-01", "Ransomware", "3 of 3", "4", "5", "20", "Extreme"],
        ["CY-02", "Phishing", "2 of 3", "4", "3", "12", "High"],
    ]
    qtbot.mouseClick(view.heatmap.cells[(4, 3)], Qt.MouseButton.LeftButton)
    assert [view.cell_list.item(i).text() for i in range(view.cell_list.count())] == [
        "CY-02 Phishing"
    ]
    people = [view.people.item(i).text() for i in range(view.people.count())]
    assert sum("✓ answered" in p for p in people) == 3
    assert any(p.startswith("p4@lumen.example") and "not yet" in p for p in people)
    assert "3 of 4 participants submitted" in view.facts.text()

    qtbot.mouseClick(view.remind_button, Qt.MouseButton.LeftButton)
    assert "p4@lumen.example" in view.message.text()

    target = tmp_path / "review.pdf"
    job = view.report(str(target))
    assert job is not None
    qtbot.waitUntil(lambda: "Report saved" in view.message.text(), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")

    qtbot.mouseClick(view.adopt_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "2 risks adopted into the register."


def test_links_to_copy_and_a_mailto_draft(qtbot: QtBot, context: AppContext) -> None:
    from PySide6.QtGui import QGuiApplication

    from advisor_desk.ui.bizdev.links import LinksDialog, mailto

    review = lumen_review(context.store)
    view = ReviewResultsView(context)
    qtbot.addWidget(view)
    view.set_review(review)
    dialog = view.show_links()
    assert isinstance(dialog, LinksDialog)
    qtbot.addWidget(dialog)
    assert [link.email for link in dialog.links][:1] == ["p1@lumen.example"]
    assert dialog.table.rowCount() == 4
    dialog.copy_selected()
    assert QGuiApplication.clipboard().text() == dialog.links[0].url
    assert "/r/" in dialog.links[0].url
    draft = mailto(dialog.links[0], "Cyber check", "Harbour Risk Partners")
    assert draft.startswith("mailto:p1@lumen.example?subject=Harbour%20Risk%20Partners")
    assert "Cyber%20check" in draft
