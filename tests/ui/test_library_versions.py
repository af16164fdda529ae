"""Old versions of a library item stay readable: their contents and their file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.library.upload import publish_new_version, upload_item
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.detail import DetailPane
from tests.helpers.library import FRAMEWORK_CSV

VERSION_2 = "ref,section,text\nB.1,Governance,A board-approved security strategy\n"


def shown_refs(pane: DetailPane) -> list[str]:
    return [pane.provisions.index(row, 0).data() for row in range(pane.provisions.rowCount())]


def test_the_contents_of_a_replaced_version_and_its_file_can_be_read(
    qtbot: QtBot, context: AppContext, partner_store: Store, tmp_path: Path
) -> None:
    made = upload_item(
        partner_store,
        file_name="hra-controls.csv",
        data=FRAMEWORK_CSV.encode(),
        title="HRA control baseline",
        kind=ContentKind.FRAMEWORK,
        version="1.0",
    )
    publish_new_version(
        partner_store,
        made.item.id,
        version="2.0",
        file_name="hra-controls-v2.csv",
        data=VERSION_2.encode(),
    )
    pane = DetailPane(context)
    qtbot.addWidget(pane)
    pane.show()
    pane.show_item(made.item.id)
    qtbot.waitUntil(lambda: pane.detail is not None)

    combo = pane.version_combo
    assert [combo.itemText(n) for n in range(combo.count())] == ["2.0 (current)", "1.0"]
    assert shown_refs(pane) == ["B.1"]
    assert pane.save_file_button.text() == "Save hra-controls-v2.csv…"

    pane.versions_view.activated.emit(pane.versions.index(1, 0))  # double-click version 1.0
    qtbot.waitUntil(lambda: shown_refs(pane) == ["A.5.1", "A.5.2", "A.8.1"])
    assert pane.tabs.currentIndex() == 0
    assert pane.version_note.text().startswith("Replaced ")
    assert pane.version_note.text().endswith("· 3 entries")
    assert pane.save_file_button.text() == "Save hra-controls.csv…"

    target = tmp_path / "old.csv"
    pane.save_file(target=str(target))
    qtbot.waitUntil(lambda: pane.version_note.text() == f"Saved to {target}")
    assert target.read_bytes() == FRAMEWORK_CSV.encode()

    combo.setCurrentIndex(0)
    assert shown_refs(pane) == ["B.1"]
