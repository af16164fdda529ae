"""The Business development window and the client's Risk register tab in the main window;
every view refreshes when its entities change."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.register import apply_add_risk
from advisor_desk.services.ops import run_op
from advisor_desk.ui.bizdev.builder import ReviewBuilder
from advisor_desk.ui.bizdev.window import BizDevWindow
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.workspace.page import ClientWorkspace
from tests.ui.bizdev.conftest import lumen_review


def test_window_lists_and_refreshes(qtbot: QtBot, context: AppContext) -> None:
    window = BizDevWindow(context)
    qtbot.addWidget(window)
    review = lumen_review(context.store)  # no notify: the window is told below
    assert window.prospects.table.rowCount() == 0
    done = run_op(context.store, apply_add_prospect, "Other Co")
    context.notify(done.changes)
    assert window.prospects.table.rowCount() == 2
    window.reviews.reload()
    window.reviews.select(review)
    assert window.reviews.results.review_id == review
    assert window.reviews.publish_button.isEnabled()
    window.reviews.publish()
    assert window.reviews.selected().status == "published"
    assert not window.reviews.publish_button.isEnabled()
    assert window.reviews.interview_button.isEnabled()


def test_builder_makes_a_published_review(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    dialog = ReviewBuilder(context, client="Full Co")
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "title" in dialog.error.text()
    dialog.title_edit.setText("Cyber check")
    dialog.accept()
    assert "library" in dialog.error.text()
    dialog.libraries.item(0).setCheckState(dialog.libraries.item(0).checkState().Checked)
    assert dialog.risks.count() == 4
    dialog.risks.item(3).setCheckState(dialog.risks.item(3).checkState().Unchecked)
    dialog.added_title.setText("Our own risk")
    dialog.add_risk()
    dialog.publish.setChecked(True)
    dialog.accept()  # publishing without participants is refused, nothing made
    assert "participants" in dialog.error.text()
    dialog.people.setPlainText("a@full.example\nb@full.example")
    dialog.accept()
    assert dialog.created is not None
    assert (dialog.created.status, dialog.created.risks, dialog.created.participants) == (
        "published",
        4,
        2,
    )
    assert dialog.excluded() == ["CY-04"]


def test_workspace_has_the_register_tab(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    page = ClientWorkspace(context)
    qtbot.addWidget(page)
    from advisor_desk.services.billing.partners import get_partner

    page.open_client(bizdev["Full Co"], get_partner(context.store))
    page.show_tab("register")
    assert page.tabs.currentWidget() is page.register
    done = run_op(context.store, apply_add_risk, "Full Co", "Fraud", likelihood=2, impact=5)
    context.notify(done.changes)
    assert [r.title for r in page.register.model.rows] == ["Fraud"]


def test_main_window_opens_business_development(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.bizdev_action.trigger()
    opened = [w for w in window.findChildren(BizDevWindow)]
    assert len(opened) == 1
    window.bizdev_action.trigger()
    assert len(window.findChildren(BizDevWindow)) == 1


def test_a_plain_advisor_may_run_reviews_but_not_convert(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    from advisor_desk.domain.permissions import Role
    from advisor_desk.ui.permissions import usable
    from tests.ui.admin.test_permission_table_ui import sign_in

    sign_in(context.store, Role.ADVISOR)
    window = BizDevWindow(context)
    qtbot.addWidget(window)
    buttons = window.prospects.buttons
    assert not usable(buttons["convert"])  # creating a client: power users and up
    assert usable(buttons["review"])
    assert usable(buttons["send"])
    assert usable(window.reviews.new_button)


def test_builder_makes_its_subject_a_new_prospect(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    from advisor_desk.ui.bizdev.prospects import ProspectDialog

    dialog = ReviewBuilder(context)
    qtbot.addWidget(dialog)
    dialog.new_prospect()
    made = dialog.findChild(ProspectDialog)
    assert made is not None
    made.name.setText("Harbour Dental")
    made.accept()
    assert dialog.subject.currentData() == "prospect:Harbour Dental"
    dialog.title_edit.setText("First look")
    dialog.libraries.item(0).setCheckState(dialog.libraries.item(0).checkState().Checked)
    dialog.accept()
    assert dialog.created is not None
    assert dialog.created.subject == "Harbour Dental"
