"""The permission table in the window: for every role and every action, what performs the
action is usable exactly when the table allows it (hidden and disabled otherwise, with the
table's words as its tooltip)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.domain.permissions import TABLE, Action, Role, can, reason
from advisor_desk.services.people import advisors
from advisor_desk.store.changes import Changes
from advisor_desk.store.engine import Store
from advisor_desk.sync import local
from advisor_desk.ui.actions import role_rules
from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.billing.documents import DocumentsPanel
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.home import HomePage
from advisor_desk.ui.library.browser import LibraryBrowser
from advisor_desk.ui.library.dialogs import UploadDialog
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.permissions import VIEW_RULES, refused, usable
from advisor_desk.ui.templates.section import TemplatesSection
from advisor_desk.ui.workspace.access import AccessTab
from advisor_desk.ui.workspace.page import ClientWorkspace

Target = QAction | QWidget
VIEWS: dict[str, Callable[[AppContext], QWidget]] = {
    "LibraryBrowser": LibraryBrowser,
    "TemplatesSection": TemplatesSection,
    "DocumentsPanel": DocumentsPanel,
    "ClientWorkspace": ClientWorkspace,
    "AccessTab": AccessTab,
    "HomePage": HomePage,
}
ROWS = [(role, action) for action in Action for role in Role]


def sign_in(store: Store, role: Role) -> str:
    """This laptop signed in as an advisor of `role` (what a login to a server leaves)."""
    who = advisors.add_advisor(store, email=f"{role.value}@x.example", name="Sam Lee", role=role)
    with store.write() as session:
        local.save_account(session, advisor_id=who.id, email=who.email, role=role.value)
    return who.id


@pytest.fixture
def context_as(
    partner_store: Store, data_dir: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[Role], AppContext]]:
    made: list[AppContext] = []

    def make(role: Role) -> AppContext:
        sign_in(partner_store, role)
        context = AppContext(partner_store, data_dir)
        made.append(context)
        return context

    yield make
    for context in made:
        context.wait_for_tasks()


KEEP: list[QWidget] = []  # qtbot keeps weak references: the views live to the test's end


@pytest.fixture(autouse=True)
def _forget_views() -> Iterator[None]:
    yield
    KEEP.clear()


def targets(qtbot: QtBot, context: AppContext, action: Action) -> list[Target]:
    """Everything in the window that performs `action`."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    KEEP.append(window)
    found: list[Target] = [t for t, rule in role_rules(window.actions) if rule is action]
    for name, rules in VIEW_RULES.items():
        wanted = [path for path, rule in rules.items() if rule is action]
        if not wanted:
            continue
        view = VIEWS[name](context)
        qtbot.addWidget(view)
        KEEP.append(view)
        for path in wanted:
            attribute, _, key = path.partition(".")
            target = getattr(view, attribute)
            found.append(target[key] if key else target)
    if action in (Action.MANAGE_ADVISORS, Action.MANAGE_ACCESS):
        users = UsersPanel(context)
        qtbot.addWidget(users)
        KEEP.append(users)
        names = ("add", "edit", "deactivate", "reactivate")
        if action is Action.MANAGE_ACCESS:
            names = ("access",)
        for name in names:
            found += [getattr(users, f"{name}_action"), getattr(users, f"{name}_button")]
    if action is Action.LIBRARY_PRICE:
        upload = UploadDialog(context.store, "AUD")
        qtbot.addWidget(upload)
        KEEP.append(upload)
        found.append(upload.price_edit)
    return found


def test_every_action_but_reviews_has_something_in_the_window(
    qtbot: QtBot, context_as: Callable[[Role], AppContext]
) -> None:
    context = context_as(Role.ADMINISTRATOR)
    for action in Action:
        if action not in (Action.REVIEWS, Action.ACCESS_LOG):
            assert targets(qtbot, context, action), action


@pytest.mark.parametrize(("role", "action"), ROWS, ids=[f"{r}-{a}" for r, a in ROWS])
def test_the_window_offers_an_action_exactly_to_the_roles_the_table_allows(
    qtbot: QtBot, context_as: Callable[[Role], AppContext], role: Role, action: Action
) -> None:
    context = context_as(role)
    allowed = role in TABLE[action]
    if action is Action.ACCESS_LOG:  # a tab of User Management, there only for those allowed
        users = UsersPanel(context)
        qtbot.addWidget(users)
        assert (users.access_log is not None) is allowed
        titles = [users.tabs.tabText(i) for i in range(users.tabs.count())]
        assert ("Access &log" in titles) is allowed
        return
    for target in targets(qtbot, context, action):
        name = target.objectName() or (target.text() if hasattr(target, "text") else "")
        if allowed:
            assert not refused(target), name
        else:
            assert not usable(target), name
            assert refused(target) == reason(role, action), name
            assert reason(role, action)[1:] in target.toolTip(), name


def test_a_role_change_pulled_from_the_server_shows_and_hides_at_once(
    qtbot: QtBot, context_as: Callable[[Role], AppContext], partner_store: Store
) -> None:
    context = context_as(Role.ADVISOR)
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert not usable(window.actions.partner_settings)
    assert window.who_label.text() == "Sam Lee (Advisor User)"
    with partner_store.read() as session:
        me = local.account(session).advisor_id
    assert me is not None
    advisors.edit_advisor(partner_store, me, role=Role.ADMINISTRATOR)
    context.changed.emit(Changes(updated=frozenset({("advisor", me)})))
    assert window.actions.partner_settings.isVisible()
    assert can(Role.ADMINISTRATOR, Action.PARTNER_SETTINGS)
    assert window.who_label.text() == "Sam Lee (Administrator)"


def test_a_request_from_the_tree_or_home_page_is_refused_with_the_words(
    qtbot: QtBot, context_as: Callable[[Role], AppContext]
) -> None:
    window = MainWindow(context_as(Role.ADVISOR))
    qtbot.addWidget(window)
    window.new_client()  # what the tree's "New client…" and the home page's button ask
    assert (
        window.statusBar().currentMessage()
        == "Only administrators and power users can create clients."
    )
    window.open_partner_settings()
    assert "only administrators can change the partner settings" in (
        window.statusBar().currentMessage().lower()
    )
