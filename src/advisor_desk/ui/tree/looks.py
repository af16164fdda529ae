"""How a tree row looks: the data roles the delegate and views read, each kind's icon and font."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon

from advisor_desk.ui.icons import icon
from advisor_desk.ui.tree.nodes import Kind, Node

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4
MUTED_ROLE = Qt.ItemDataRole.UserRole + 5

ICONS = {
    Kind.PARTNER: "partner",
    Kind.ADVISORS: "advisors",
    Kind.ADVISOR: "advisor",
    Kind.CLIENTS: "clients",
    Kind.TAG: "tag",
    Kind.CLIENT: "client",
    Kind.MEMBERS: "members",
    Kind.MEMBER: "member",
    Kind.CONTENT: "content",
    Kind.CONTENT_ITEM: "content-item",
    Kind.DOCUMENTS: "documents",
    Kind.DOCUMENT: "document",
    Kind.PROSPECTS: "prospects",
    Kind.PROSPECT: "prospect",
}
MUTED_ICONS = {
    Kind.CLIENT: "client-archived",
    Kind.MEMBER: "member-left",
    Kind.ADVISOR: "advisor-inactive",
}


def icon_of(node: Node, cache: dict[str, QIcon]) -> QIcon | None:
    """The row's icon (an archived client, a member who left: their muted one), cached."""
    name = (MUTED_ICONS if node.muted else ICONS).get(node.kind) or ICONS.get(node.kind)
    if name is None:
        return None
    if name not in cache:
        cache[name] = icon(name, accent=True)
    return cache[name]


def font_of(node: Node) -> QFont | None:
    """Bold for the partner and live clients, italic for what is archived or gone."""
    if node.kind is Kind.PARTNER or (node.kind is Kind.CLIENT and not node.muted):
        font = QFont()
        font.setWeight(QFont.Weight.DemiBold)
        return font
    if node.muted:
        font = QFont()
        font.setItalic(True)
        return font
    return None
