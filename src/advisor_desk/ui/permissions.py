"""The permission table in the window: actions and buttons a role may not use are hidden
(and disabled, so no shortcut reaches them), with the table's words as their tooltip.

`guard(context, target, action)` is all a view writes; the gate re-reads who works on this
laptop (services/whoami.py) whenever a change touches advisors (a role changed, a sync
signed someone in) and shows or hides the target again. `me_of(context)` is that person.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from advisor_desk.domain.permissions import Action, can, reason, refusal
from advisor_desk.services.whoami import Me, whoami
from advisor_desk.store.changes import Changes
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext

GATED = "advisor_desk_permission"  # the Action a target is gated by (a Qt property)
REFUSED = "advisor_desk_refused"  # the words, while the role may not


def me_of(context: AppContext) -> Me:
    return context.me()  # at start-up from the facts read with the store (ui/context.py)


def allowed(context: AppContext, action: Action) -> bool:
    return can(me_of(context).role, action)


class _Gate(QObject):
    """Shows or hides one target as the role allows; lives as long as the target (a child)."""

    def __init__(
        self, context: AppContext, target: QAction | QWidget, action: Action, hide: bool
    ) -> None:
        super().__init__(target)
        self.context = context
        self.target = target
        self.action = action
        self.hide = hide
        self.tip = target.toolTip()
        target.setProperty(GATED, action.value)
        context.changed.connect(self._on_changed)
        self.apply()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("advisor"):
            self.apply()

    def apply(self) -> None:
        me = me_of(self.context)
        ok = can(me.role, self.action)
        target = self.target
        if self.hide:
            target.setVisible(ok)
        if ok:
            if target.property(REFUSED):
                target.setEnabled(True)
                target.setToolTip(self.tip)
            target.setProperty(REFUSED, "")
            return
        words = reason(me.role, self.action)
        target.setEnabled(False)
        target.setToolTip(f"{words[0].upper()}{words[1:]} (you are {me.described}).")
        target.setProperty(REFUSED, words)


def guard(
    context: AppContext, target: QAction | QWidget, action: Action, *, hide: bool = True
) -> None:
    """Hide (or only disable, `hide=False`) `target` for roles the table refuses `action`."""
    _Gate(context, target, action, hide)


def refused(target: QAction | QWidget) -> str:
    """The table's words while `target` is refused to this role ("" when it is allowed)."""
    return str(target.property(REFUSED) or "")


def usable(target: QAction | QWidget) -> bool:
    """What a user can do with it: shown and enabled (tests ask this of every gated target)."""
    if isinstance(target, QAction):
        return target.isVisible() and target.isEnabled()
    return not target.isHidden() and target.isEnabled()


# Each view's targets (attributes, or a key of a `buttons` dict) and the action they perform.
VIEW_RULES: dict[str, dict[str, Action]] = {
    "LibraryBrowser": {
        "copy_action": Action.LIBRARY_PUBLISH,
        "upload_action": Action.LIBRARY_PUBLISH,
        "edit_action": Action.LIBRARY_PUBLISH,
        "publish_action": Action.LIBRARY_PUBLISH,
        "lock_action": Action.LIBRARY_PUBLISH,
        "version_action": Action.LIBRARY_PUBLISH,
        "delete_action": Action.LIBRARY_PUBLISH,
        "push_action": Action.LIBRARY_PUSH,
    },
    "TemplatesSection": {
        "new_button": Action.TEMPLATES,
        "edit_button": Action.TEMPLATES,
        "duplicate_button": Action.TEMPLATES,
        "archive_button": Action.TEMPLATES,
        "onboard_button": Action.CREATE_CLIENT,
    },
    "DocumentsPanel": {
        "buttons.draft": Action.ISSUE_DOCUMENTS,
        "buttons.resale": Action.BILLING,
        "buttons.lines": Action.ISSUE_DOCUMENTS,
        "buttons.delete": Action.ISSUE_DOCUMENTS,
        "buttons.issue": Action.ISSUE_DOCUMENTS,
        "buttons.credit": Action.ISSUE_DOCUMENTS,
    },
    "ClientWorkspace": {"archive_button": Action.ARCHIVE_CLIENT, "billing_button": Action.BILLING},
    "AccessTab": {"give_button": Action.MANAGE_ACCESS, "remove_button": Action.MANAGE_ACCESS},
    "HomePage": {
        "new_button": Action.CREATE_CLIENT,
        "csv_button": Action.CREATE_CLIENT,
        "users_button": Action.MANAGE_ADVISORS,
        "settings_button": Action.PARTNER_SETTINGS,
        "charges_card": Action.BILLING,  # what the partner owes this month
    },
}


def guard_view(context: AppContext, view: QObject) -> None:
    """Gate a view's targets by its rules in VIEW_RULES (one line in the view)."""
    for path, action in VIEW_RULES.get(type(view).__name__, {}).items():
        name, _, key = path.partition(".")
        target = getattr(view, name, None)
        if key and isinstance(target, dict):
            target = target.get(key)
        if isinstance(target, QAction | QWidget):
            guard(context, target, action)


def refuse_field(store: Store, field: QWidget, action: Action) -> None:
    """A form field the role may not change (a library item's price): read-only, with the
    table's words as its tooltip."""
    with store.read() as session:
        me = whoami(session)
    words = refusal(me.role, action)
    if words is not None:
        field.setEnabled(False)
        field.setToolTip(f"{words[0].upper()}{words[1:]} (you are {me.described}).")
        field.setProperty(REFUSED, words)
