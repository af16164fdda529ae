"""One Business development window per app context, raised when asked again (from the menu,
or from a prospect in the tree)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from advisor_desk.domain.permissions import Action
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.partner import NoPartnerError
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.permissions import guard

if TYPE_CHECKING:
    from advisor_desk.ui.bizdev.window import BizDevWindow

_OPEN: dict[int, QWidget] = {}


def show_bizdev(
    context: AppContext, parent: QWidget | None = None, *, prospect: str = ""
) -> BizDevWindow:
    from advisor_desk.ui.bizdev.window import BizDevWindow

    window = _OPEN.get(id(context))
    if window is None:
        window = BizDevWindow(context, parent)
        _OPEN[id(context)] = window
        window.destroyed.connect(lambda *_: _OPEN.pop(id(context), None))
    assert isinstance(window, BizDevWindow)
    if prospect:
        window.show_prospect(prospect)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def prospect_action(context: AppContext, parent: QWidget, name: str, what: str) -> QWidget | None:
    """Open one of a prospect's dialogs: "review", "send", "convert", "edit" (contacts),
    "details" (Edit… name, domain, industry)."""
    window = show_bizdev(context, parent, prospect=name)
    view = window.prospects
    slots = {
        "review": view.new_review,
        "send": view.send,
        "convert": view.convert,
        "edit": view.edit,
        "details": view.edit_details,
        "new": view.new,
        "import": view.import_csv,
    }
    slots[what]()
    return window


def add_bizdev_menu(window: QWidget, context: AppContext, menu: QMenu) -> QAction:
    """The main window's entry (Client ▸ Business development…): prospects, reviews and
    assessments in their own window."""
    action = QAction(icon("prospects"), "Business &development…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setStatusTip("Prospects, risk reviews and assessments")

    def open_it() -> None:
        try:
            get_partner(context.store)
        except NoPartnerError:
            return  # nothing to develop before there is a partner
        show_bizdev(context, window)

    action.triggered.connect(open_it)
    menu.addSeparator()
    menu.addAction(action)
    guard(context, action, Action.REVIEWS)
    return action
