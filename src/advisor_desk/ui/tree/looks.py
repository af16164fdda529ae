"""How a tree row looks: the data roles the delegate and views read, each kind's icon and font."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QIcon

from advisor_desk.ui.icons import icon
from advisor_desk.ui.tree.kinds import Kind
from advisor_desk.ui.tree.roles import (  # noqa: F401 - where the tree's modules find them
    DETAIL_ROLE,
    ID_ROLE,
    KEY_ROLE,
    KIND_ROLE,
    MUTED_ROLE,
)

if TYPE_CHECKING:
    from advisor_desk.ui.tree.nodes import Node

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
    return icon_for(node.kind, node.muted, cache)


def icon_for(kind: Kind, muted: bool, cache: dict[str, QIcon]) -> QIcon | None:
    name = (MUTED_ICONS if muted else ICONS).get(kind) or ICONS.get(kind)
    if name is None:
        return None
    if name not in cache:
        cache[name] = icon(name, accent=True)
    return cache[name]


def font_of(node: Node) -> QFont | None:
    return font_for(node.kind, node.muted)


def font_for(kind: Kind, muted: bool) -> QFont | None:
    """Bold for the partner and live clients, italic for what is archived or gone."""
    if kind is Kind.PARTNER or (kind is Kind.CLIENT and not muted):
        font = QFont()
        font.setWeight(QFont.Weight.DemiBold)
        return font
    if muted:
        font = QFont()
        font.setItalic(True)
        return font
    return None
