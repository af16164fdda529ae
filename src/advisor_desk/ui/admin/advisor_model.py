"""The advisors table: name, email, role, status and client access, one row per advisor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.services.clock import today as clock_today
from advisor_desk.services.people.advisors import AdvisorSummary
from advisor_desk.ui.admin.users_data import status_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ACCESS_SHOWN = 3  # client names shown in the cell before "+N more"

AnyIndex = QModelIndex | QPersistentModelIndex


DOT_COLORS = {"active": "#2e9d4f", "changing": "#e0a100", "inactive": "#9aa0a6"}


@cache
def status_dot(kind: str) -> QIcon:
    """A small filled circle: green active, amber starting or ending, grey inactive."""
    size = 12
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(DOT_COLORS[kind]))
    painter.drawEllipse(QRectF(2.5, 2.5, size - 5, size - 5))
    painter.end()
    return QIcon(pixmap)


class Column(IntEnum):
    NAME = 0
    EMAIL = 1
    ROLE = 2
    STATUS = 3
    ACCESS = 4

    @property
    def title(self) -> str:
        return ("Name", "Email", "Role", "Status", "Client access")[self]


# The Status cell's note on an advisor's latest invitation (accepted: nothing to add).
INVITATION_NOTES = {
    "waiting": "invited",
    "expired": "invitation expired",
    "revoked": "invitation revoked",
}


class AdvisorTableModel(QAbstractTableModel):
    """Holds plain AdvisorSummary values; the panel hands it a fresh list after each load."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AdvisorSummary] = []
        self._client_names: Mapping[str, str] = {}
        self._today = clock_today()
        self._locale = "en_AU"
        self._invitations: Mapping[str, str] = {}

    # -- loading --------------------------------------------------------------------------

    def set_advisors(
        self,
        advisors: Sequence[AdvisorSummary],
        client_names: Mapping[str, str],
        today: dt.date,
        locale: str,
        invitations: Mapping[str, str] | None = None,
    ) -> None:
        """`invitations`: each invited advisor's latest invitation state (waiting, …)."""
        self.beginResetModel()
        self._rows = list(advisors)
        self._client_names = dict(client_names)
        self._today = today
        self._locale = locale
        self._invitations = dict(invitations or {})
        self.endResetModel()

    def advisor(self, row: int) -> AdvisorSummary:
        return self._rows[row]

    def row_of(self, advisor_id: str) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == advisor_id), None)

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        advisor = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(advisor, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(advisor, column)
        if role == SORT_ROLE:
            return self._sort_key(advisor, column)
        if role == ID_ROLE:
            return advisor.id
        if role == Qt.ItemDataRole.DecorationRole and column is Column.STATUS:
            return status_dot(self._status_kind(advisor))
        if role == Qt.ItemDataRole.ForegroundRole and not advisor.active_now:
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and column is Column.NAME and advisor.active_now:
            font = QFont(QApplication.font())
            font.setWeight(QFont.Weight.Medium)
            return font
        return None

    # -- cells ----------------------------------------------------------------------------

    def _display(self, advisor: AdvisorSummary, column: Column) -> str:
        if column is Column.NAME:
            return advisor.name
        if column is Column.EMAIL:
            return advisor.email
        if column is Column.ROLE:
            return role_label(advisor.role)
        if column is Column.STATUS:
            status = status_text(advisor, self._today, self._locale)
            invited = INVITATION_NOTES.get(self._invitations.get(advisor.id, ""))
            return f"{status} · {invited}" if invited else status
        names = self._access_names(advisor)
        if advisor.role is Role.ADMINISTRATOR:
            return "Every client (administrator)"
        if not names:
            return "—"
        shown = ", ".join(names[:ACCESS_SHOWN])
        more = len(names) - ACCESS_SHOWN
        return f"{shown} +{more} more" if more > 0 else shown

    def _tooltip(self, advisor: AdvisorSummary, column: Column) -> str | None:
        if column is Column.EMAIL:
            return advisor.email  # whole, when the column is too narrow for it
        if column is Column.ACCESS:
            names = self._access_names(advisor)
            if not names:
                return f"{advisor.name} has access to no client yet"
            return f"{len(names)} client{'s' if len(names) != 1 else ''}:\n" + "\n".join(names)
        if column is Column.STATUS:
            spans = [
                f"{span.start.isoformat()} – {span.end.isoformat() if span.end else 'now'}"
                for span in advisor.activity
            ]
            text = "Active:\n" + "\n".join(spans) if spans else "Never active"
            invited = INVITATION_NOTES.get(self._invitations.get(advisor.id, ""))
            return f"{text}\nInvitation: {invited} (see Invitations)" if invited else text
        return None

    def _status_kind(self, advisor: AdvisorSummary) -> str:
        current = next((s for s in advisor.activity if s.contains(self._today)), None)
        if current is not None:
            return "active" if current.end is None else "changing"
        return "changing" if any(s.start > self._today for s in advisor.activity) else "inactive"

    def _sort_key(self, advisor: AdvisorSummary, column: Column) -> Any:
        if column is Column.STATUS:
            return f"{0 if advisor.active_now else 1} {advisor.name.casefold()}"
        if column is Column.ACCESS:
            return len(advisor.client_ids)
        return self._display(advisor, column).casefold()

    def _access_names(self, advisor: AdvisorSummary) -> list[str]:
        return [self._client_names[cid] for cid in advisor.client_ids if cid in self._client_names]
