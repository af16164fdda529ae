"""Small pieces many views share: messages, field errors under inputs, headers, cards, badges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ServiceError, ValidationError


def show_problem(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    """A user-level problem (never a bug): a window-modal box, opened without blocking."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_service_error(parent: QWidget | None, title: str, error: ServiceError) -> QMessageBox:
    if isinstance(error, ValidationError) and len(error.problems) > 1:
        return show_problem(parent, title, "\n".join(f"• {line}" for line in error.lines()))
    return show_problem(parent, title, str(error))


class FieldErrors:
    """Shows each problem of a ValidationError under the input it is about.

    `fields` maps a service's field name (the `place` of a problem) to the input widget; a
    problem at no known field goes to the form-wide label. Editing a field takes its (now
    stale) message away, as ui/admin/fields.py does.
    """

    def __init__(
        self,
        form: QFormLayout,
        fields: Mapping[str, QWidget],
        general: QLabel,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._fields = dict(fields)
        self._aliases = dict(aliases or {})  # another place naming the same field
        self._general = general
        self._labels: dict[str, QLabel] = {}
        for name, widget in self._fields.items():
            label = QLabel()
            label.setProperty("role", "error")
            label.setWordWrap(True)
            label.hide()
            row = form.getWidgetPosition(widget)[0]
            if row >= 0:
                form.insertRow(row + 1, "", label)
            self._labels[name] = label
            widget.setAccessibleDescription("")
            edited = edited_signal(widget)
            if edited is not None:
                edited.connect(lambda *_args, place=name: self.clear_field(place))
        general.setProperty("role", "error")
        general.setWordWrap(True)
        general.hide()

    def clear(self) -> None:
        for name, label in self._labels.items():
            label.hide()
            self._mark(self._fields[name], False)
        self._general.hide()

    def clear_field(self, place: str) -> None:
        """Take back the message under one field (the user is fixing it)."""
        label = self._labels[place]
        if label.isHidden():
            return
        label.hide()
        label.setText("")
        self._mark(self._fields[place], False)

    def show(self, error: ServiceError) -> None:
        self.clear()
        problems = error.problems if isinstance(error, ValidationError) else [("", str(error))]
        first: QWidget | None = None
        general = []
        for where, message in problems:
            place = self._aliases.get(where, where)
            label = self._labels.get(place)
            if label is None:
                general.append(f"{where}: {message}" if where else message)
                continue
            label.setText(_sentence(message))
            label.show()
            self._mark(self._fields[place], True, message)
            first = first or self._fields[place]
        if general:
            self._general.setText("\n".join(_sentence(m) for m in general))
            self._general.show()
        if first is not None:
            first.setFocus()
        grow_to_fit(self._general.window())

    def message(self, place: str) -> str:
        label = self._labels.get(place)
        return label.text() if label is not None and not label.isHidden() else ""

    @staticmethod
    def _mark(widget: QWidget, invalid: bool, message: str = "") -> None:
        widget.setProperty("invalid", invalid)
        widget.setAccessibleDescription(message)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def edited_signal(widget: QWidget) -> Any:
    """The signal a user's edit of `widget` sends (None for widgets without one)."""
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QDateTimeEdit):  # before QAbstractSpinBox: a date edit is one too
        return widget.dateChanged
    if isinstance(widget, QAbstractSpinBox):
        return widget.editingFinished
    return None


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a window to its preferred size, but never past its screen's available area (a
    1280×800 laptop minus its panels)."""
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window as big as its layout now needs — wrapped messages included, which
    Qt does not do by itself for a top-level window — at most the screen's available area.

    Call after showing text in a window laid out once already (errors under fields, a longer
    status): the text then never draws over the buttons below it or gets cut off."""
    layout = window.layout()
    if layout is None or not window.isWindow():
        return
    layout.activate()
    width = max(window.width(), layout.totalMinimumSize().width())
    height = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    height = max(height, layout.totalMinimumSize().height())
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, int(area.height() * 0.9))
    window.setMinimumHeight(min(height, window.maximumHeight()))
    if width > window.width() or height > window.height():
        window.resize(max(width, window.width()), max(height, window.height()))


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionTitle")
    return label


def badge(text: str, tone: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("Badge")
    if tone:
        label.setProperty("tone", tone)
    return label


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("primary", True)
    button.setDefault(True)
    return button


class FitLabel(QLabel):
    """One line of text that never widens its layout: when the room is narrower than the
    text, it is drawn in a smaller font to fit (a card's amount stays whole and readable,
    with air at its edges) instead of pushing the window wider."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("0") * 5), hint.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        room = self.contentsRect()
        needed = self.fontMetrics().horizontalAdvance(self.text())
        if needed <= room.width() or not self.text():
            super().paintEvent(event)
            return
        font = QFont(self.font())
        scale = max(room.width(), 1) / needed
        if font.pixelSize() > 0:
            font.setPixelSize(max(6, int(font.pixelSize() * scale)))
        else:
            font.setPointSizeF(max(5.0, font.pointSizeF() * scale))
        painter = QPainter(self)
        painter.setFont(font)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.text(),
            self.foregroundRole(),
        )
        painter.end()

    def text_fits(self) -> bool:
        """Whether the text is drawn at its own size (else it is drawn smaller to fit)."""
        return self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width()


class Card(QFrame):
    """A rounded panel with a small title, a big value and a note under it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.title = QLabel(title.upper())
        self.title.setObjectName("CardTitle")
        self.title.setWordWrap(True)  # two lines on a narrow card, never a wider window
        self.value = FitLabel("—")
        self.value.setObjectName("CardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setObjectName("CardNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(f"{self.title.text().capitalize()}: {value}. {note}")


def row_of(*widgets: QWidget, stretch_first: bool = False, spacing: int = 8) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setSpacing(spacing)
    for position, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if stretch_first and position == 0 else 0)
    if not stretch_first:
        layout.addStretch(1)
    return layout


class PlaceholderTable(QTableView):
    """A table that says why it is empty ("Not pushed yet", "No item matches …")."""

    placeholder = ""

    def set_placeholder(self, text: str) -> None:
        if text != self.placeholder:
            self.placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if not self.placeholder or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        area = self.viewport().rect().adjusted(24, 24, -24, -24)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        painter.drawText(area, flags | int(Qt.TextFlag.TextWordWrap), self.placeholder)
        painter.end()


def table_view(
    model: QAbstractItemModel,
    name: str,
    stretch: int = -1,
    *,
    fit: bool = True,
    view: QTableView | None = None,
) -> QTableView:
    """A list-like table: whole rows selected, one at a time, sorted by the service.

    Columns fit their content except `stretch` (default: the last), which takes the rest;
    `fit=False` for long lists (fitting measures every row). `view`: a QTableView subclass
    to set up instead of a plain one.
    """
    view = view if view is not None else QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(30)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setMinimumSectionSize(60)
    columns = model.columnCount()
    for column in range(columns):
        mode = (
            QHeaderView.ResizeMode.ResizeToContents if fit else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(column, mode)
    header.setSectionResizeMode(stretch % columns if columns else 0, QHeaderView.ResizeMode.Stretch)
    return view


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(day: dt.date) -> QDateEdit:
    # One way to make a date field (range, 4-digit years, no silent dates): ui/dates.py.
    from advisor_desk.ui.dates import date_edit as checked_date_edit

    return checked_date_edit(day)


def format_day(day: dt.date | None, empty: str = "—") -> str:
    return f"{day.day} {day:%b %Y}" if day is not None else empty
