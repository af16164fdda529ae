"""The data roles a tree row carries beside Qt's own (read by the delegate and the views)."""

from __future__ import annotations

from PySide6.QtCore import Qt

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4
MUTED_ROLE = Qt.ItemDataRole.UserRole + 5
