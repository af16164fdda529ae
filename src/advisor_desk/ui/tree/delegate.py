"""How a tree row is drawn: clients on two lines (name; license mix · billing model), other
rows with their note (a count, a tier, a role) right-aligned in a quieter colour."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from advisor_desk.ui import theme
from advisor_desk.ui.tree.roles import DETAIL_ROLE, KIND_ROLE

Index = QModelIndex | QPersistentModelIndex
TWO_LINE_KINDS = {"client"}
GAP = 8
_ALIGN = Qt.AlignmentFlag
LEFT = _ALIGN.AlignLeft | _ALIGN.AlignVCenter
RIGHT = _ALIGN.AlignRight | _ALIGN.AlignVCenter
BOTTOM_LEFT = _ALIGN.AlignLeft | _ALIGN.AlignBottom
TOP_LEFT = _ALIGN.AlignLeft | _ALIGN.AlignTop


def note_width_for(font: QFont, note: str, room: int) -> int:
    """The width a row's note (a count: "2,000", "12 of 2,000") is given: all it needs, in
    whole pixels rounded up (an integer advance a fraction short elided "2,000" to "2,0…"),
    up to two thirds of the row — the name beside it elides first."""
    needed = math.ceil(QFontMetricsF(font).horizontalAdvance(note)) + 2
    return max(0, min(needed, room * 2 // 3))


class TreeDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        line = QFontMetrics(option.font).height()
        if index.data(KIND_ROLE) in TWO_LINE_KINDS:
            return QSize(size.width(), line * 2 + 10)
        return QSize(size.width(), max(size.height(), line + 10))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        detail = str(index.data(DETAIL_ROLE) or "")
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        main_colour = (
            palette.color(QPalette.ColorRole.HighlightedText)
            if selected
            else opt.palette.color(QPalette.ColorRole.Text)
        )
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QColor) and not selected:
            main_colour = foreground
        muted = (
            palette.color(QPalette.ColorRole.HighlightedText)
            if selected
            else QColor(theme.current_colours().muted)
        )
        font: QFont = opt.font
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
        small.setBold(False)
        small.setWeight(QFont.Weight.Normal)
        painter.save()
        if index.data(KIND_ROLE) in TWO_LINE_KINDS:
            half = rect.height() // 2
            top = QRect(rect.left(), rect.top() + 3, rect.width(), half - 2)
            bottom = QRect(rect.left(), rect.top() + half, rect.width(), half - 3)
            self._text(painter, font, main_colour, top, text, BOTTOM_LEFT)
            self._text(painter, small, muted, bottom, detail, TOP_LEFT)
        else:
            note_width = 0
            if detail:
                note_width = note_width_for(small, detail, rect.width())
                note = QRect(rect.right() - note_width, rect.top(), note_width, rect.height())
                self._text(painter, small, muted, note, detail, RIGHT)
            name = QRect(rect.left(), rect.top(), rect.width() - note_width - GAP, rect.height())
            self._text(painter, font, main_colour, name, text, LEFT)
        painter.restore()

    @staticmethod
    def _text(
        painter: QPainter,
        font: QFont,
        colour: QColor,
        rect: QRect,
        text: str,
        align: Qt.AlignmentFlag,
    ) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(align), elided)
