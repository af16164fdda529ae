"""No two shortcuts that Qt can see at the same time share a key sequence.

When two enabled-or-not shortcuts with the same keys are active together (the library's Upload
and the window's Users were both Ctrl+U), Qt calls it ambiguous and runs neither. For every view
of the window this collects each QAction and QShortcut whose widget is shown, with the part of
the window where it is active (its context), and fails on any key that two overlapping scopes
share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.ui import sections
from advisor_desk.ui.main_window import MainWindow

Context = Qt.ShortcutContext


@dataclass(frozen=True)
class Bound:
    keys: str
    name: str
    scope: QWidget  # where it is active: the window, or a widget (and, maybe, its children)
    with_children: bool


def _scope(context: Context, widget: QWidget, window: QMainWindow) -> tuple[QWidget, bool]:
    if context in (Context.WindowShortcut, Context.ApplicationShortcut):
        return window, True
    return widget, context == Context.WidgetWithChildrenShortcut


def _shown_in(widget: object, window: QMainWindow) -> bool:
    return isinstance(widget, QWidget) and widget.isVisible() and widget.window() is window


def active_shortcuts(window: QMainWindow) -> list[Bound]:
    bound: list[Bound] = []
    for action in window.findChildren(QAction):
        owners = [w for w in action.associatedObjects() if _shown_in(w, window)]
        for owner in owners[:1]:
            assert isinstance(owner, QWidget)
            scope, children = _scope(action.shortcutContext(), owner, window)
            for sequence in action.shortcuts():
                if not sequence.isEmpty():
                    keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
                    name = action.text().replace("&", "")
                    bound.append(Bound(keys, name, scope, children))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not _shown_in(parent, window) or shortcut.key().isEmpty():
            continue
        assert isinstance(parent, QWidget)
        scope, children = _scope(shortcut.context(), parent, window)
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        bound.append(Bound(keys, f"shortcut on {type(parent).__name__}", scope, children))
    return bound


def _within(inner: Bound, outer: Bound) -> bool:
    if inner.scope is outer.scope:
        return True
    return outer.with_children and outer.scope.isAncestorOf(inner.scope)


def clashes(bound: list[Bound]) -> list[str]:
    by_keys: dict[str, list[Bound]] = defaultdict(list)
    for one in bound:
        by_keys[one.keys].append(one)
    found = []
    for keys, same in by_keys.items():
        for i, first in enumerate(same):
            for second in same[i + 1 :]:
                if _within(first, second) or _within(second, first):
                    found.append(f"{keys}: {first.name!r} and {second.name!r}")
    return found


VIEWS = ["home", "client", "users", *(f"section:{s.key}" for s in sections.SECTIONS)]


def show(window: MainWindow, view: str, client_id: str) -> None:
    area = window.area
    assert area is not None
    if view == "home":
        area.go_home()
    elif view == "client":
        area.open_client(client_id)
    elif view == "users":
        area.show_users()
    else:
        area.show_section(view.removeprefix("section:"))
    assert area.current_view.split(":")[0] == view.split(":")[0]


@pytest.mark.parametrize("view", VIEWS)
def test_no_two_active_shortcuts_share_a_key(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str], view: str
) -> None:
    show(window, view, client_ids["acme"])
    qtbot.wait(50)
    bound = active_shortcuts(window)
    assert any(b.keys == "Ctrl+U" for b in bound)  # the collector sees the window's actions
    assert clashes(bound) == []


def test_the_library_shows_its_own_upload_key(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    show(window, "section:library", client_ids["acme"])
    bound = active_shortcuts(window)
    upload = [b for b in bound if b.name.startswith("Upload")]
    assert upload
    assert upload[0].keys not in ("", "Ctrl+U")
