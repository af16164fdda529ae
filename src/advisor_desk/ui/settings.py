"""Every piece of UI state the app keeps between runs, declared once (key, type, default).

Stored with `QSettings` in INI format. `ADVISOR_DESK_SETTINGS_FILE` points it at another file
(tests set it to a temporary one, so they never read or write the user's real settings).
Old files are brought up to date by `_upgrade`, keyed on the stored `settings/version`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "AdvisorDesk"
APPLICATION = "advisor-desk"
SETTINGS_FILE_VARIABLE = "ADVISOR_DESK_SETTINGS_FILE"
VERSION = 1

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    doc: str


def _declare(key: str, kind: type, default: T, doc: str) -> Setting[T]:
    return Setting(key, kind, default, doc)


WINDOW_GEOMETRY = _declare("window/geometry", QByteArray, QByteArray(), "main window geometry")
WINDOW_STATE = _declare("window/state", QByteArray, QByteArray(), "toolbars and docks")
SPLITTER = _declare("window/splitter", QByteArray, QByteArray(), "tree | centre splitter")
LAST_PARTNER = _declare("window/last_partner", str, "", "the partner shown at start-up")
LAST_VIEW = _declare("window/last_view", str, "home", "home, users or client:<id>")
WORKSPACE_TAB = _declare("workspace/tab", int, 0, "the client workspace tab last shown")
MEMBERS_SPLITTER = _declare("workspace/members_splitter", QByteArray, QByteArray(), "")
TREE_EXPANDED = _declare("tree/expanded", list, [], "keys of the expanded tree rows")
TREE_SELECTED = _declare("tree/selected", str, "", "key of the selected tree row")
GROUP_BY_TAG = _declare("tree/group_by_tag", bool, False, "group clients under their tags")
SHOW_ARCHIVED = _declare("tree/show_archived", bool, True, "show archived clients")
THEME = _declare("appearance/theme", str, "system", "system, light or dark")
LAST_FOLDER = _declare("files/last_folder", str, "", "where file dialogs open")

ALL: tuple[Setting[object], ...] = tuple(
    cast(Setting[object], value) for value in list(globals().values()) if isinstance(value, Setting)
)


def open_settings() -> QSettings:
    path = os.environ.get(SETTINGS_FILE_VARIABLE)
    if path:
        settings = QSettings(path, QSettings.Format.IniFormat)
    else:
        settings = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )
    _upgrade(settings)
    return settings


class Settings:
    """Typed access to the declared settings; anything unreadable falls back to the default."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else open_settings()

    @property
    def path(self) -> str:
        return self._store.fileName()

    def get(self, setting: Setting[T]) -> T:
        value = self._store.value(setting.key, None)
        if value is None:
            return setting.default
        try:
            return cast(T, _coerce(value, setting.type))
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()


def _coerce(value: object, kind: type) -> object:
    if kind is bool:
        if isinstance(value, str):
            return value.lower() in {"true", "1", "yes"}
        return bool(value)
    if kind is int:
        return int(cast(int, value))
    if kind is str:
        return str(value)
    if kind is list:
        if isinstance(value, str):
            return [value] if value else []
        return [str(item) for item in cast(list[object], value)]
    if kind is QByteArray:
        if isinstance(value, QByteArray):
            return value
        if isinstance(value, bytes | bytearray):
            return QByteArray(bytes(value))
        raise TypeError(f"not bytes: {value!r}")
    return value


def _upgrade(settings: QSettings) -> None:
    stored = settings.value("settings/version", 0)
    try:
        version = int(cast(int, stored))
    except (TypeError, ValueError):
        version = 0
    if version == VERSION:
        return
    # Version 0 -> 1: nothing to rename yet; later versions migrate keys here, oldest first.
    settings.setValue("settings/version", VERSION)
