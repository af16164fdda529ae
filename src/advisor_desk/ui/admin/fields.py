"""Messages at the field: a service's ValidationError shown under the widget it names.

`ServiceDialog` is the base of every dialog here: its OK button runs a submit callback (a
service call); a ValidationError keeps the dialog open with each message under its field
(the field tinted), anything it cannot place goes to a banner at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.ui.widgets import edited_signal


def error_color(widget: QWidget) -> QColor:
    """A red that reads on the widget's palette, light or dark."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80") if dark else QColor("#b3261e")


def quiet(widget: QWidget) -> None:
    """Secondary text: between the text colour and the background, readable in both themes."""
    palette = widget.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        (text.red() * 3 + back.red() * 2) // 5,
        (text.green() * 3 + back.green() * 2) // 5,
        (text.blue() * 3 + back.blue() * 2) // 5,
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    palette.setColor(QPalette.ColorRole.Text, mixed)
    widget.setPalette(palette)
    widget.setProperty("role", "muted")  # the app's style sheet, when there is one


def hint_label(text: str = "") -> QLabel:
    """A wrapped line of secondary text (what a field means, what an action will do)."""
    label = QLabel(text)
    label.setWordWrap(True)
    quiet(label)
    return label


def sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


class ErrorLabel(QLabel):
    """A small red label under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty("role", "error")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        self.setFont(font)
        self.hide()

    def show_message(self, message: str) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(self))
        self.setPalette(palette)
        self.setText(sentence(message))
        self.setVisible(bool(message))
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Ask for the wrapped lines' height at the width given: a form in a group box does
        not pass height-for-width on, and a second line was cut in half ("such as INV")."""
        wanted = self.heightForWidth(self.width()) if self.text() else 0
        if wanted > 0 and wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)


class FieldErrors:
    """Where each field's messages go: its error label, and the widget to tint and focus.

    Places are matched exactly after dropping `strip_prefixes` (e.g. "resale."), then by
    their parents (`license_price.just_risk` falls back to `license_price`); anything else
    goes to the general label.
    """

    def __init__(self, general: ErrorLabel, strip_prefixes: Iterable[str] = ()) -> None:
        self._general = general
        self._prefixes = tuple(strip_prefixes)
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        self._captions: dict[str, str] = {}
        self._tinted: dict[QWidget, QPalette] = {}
        self._summary = False  # the general label holds the "fields to fix" summary

    def bind(self, place: str, widget: QWidget, label: ErrorLabel, caption: str = "") -> None:
        """Messages at `place` go under `widget`; editing it takes its (now stale) message away."""
        self._fields[place] = (widget, label)
        if caption:
            self._captions[place] = (
                caption.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":")
            )
        edited = edited_signal(widget)
        if edited is not None:
            edited.connect(lambda *_args, place=place: self.clear_field(place))

    def clear_field(self, place: str) -> None:
        """Take back the message at one field (the user is fixing it)."""
        widget, label = self._fields[place]
        if label.isHidden() and widget not in self._tinted:
            return
        label.show_message("")
        widget.setToolTip("")
        widget.setAccessibleDescription("")
        palette = self._tinted.pop(widget, None)
        if palette is not None:
            widget.setPalette(palette)
            mark_invalid(widget, False)
        if self._summary:
            self._show_summary()

    def clear(self) -> None:
        self._summary = False
        self._general.show_message("")
        for widget, label in self._fields.values():
            label.show_message("")
            widget.setToolTip("")
            widget.setAccessibleDescription("")
        for widget, palette in self._tinted.items():
            widget.setPalette(palette)
            mark_invalid(widget, False)
        self._tinted.clear()

    def show(self, error: ValidationError) -> None:
        self.clear()
        general: list[str] = []
        per_field: dict[str, list[str]] = {}
        for place, message in error.problems:
            key = self._match(place)
            if key is None:
                general.append(message)
            else:
                per_field.setdefault(key, []).append(message)
        first: QWidget | None = None
        for key, messages in per_field.items():
            widget, label = self._fields[key]
            text = "\n".join(sentence(m) for m in messages)
            label.show_message(text)
            widget.setToolTip(text)
            widget.setAccessibleDescription(text)
            self._tint(widget)
            first = first or widget
        if general:
            self.show_general("\n".join(sentence(m) for m in general))
        elif len(per_field) > 1:
            self._summary = True
            self._show_summary()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, message: str) -> None:
        self._summary = False
        self._general.show_message(message)

    def marked(self) -> list[str]:
        """The places whose message is showing, in the order they were bound."""
        return [place for place, (_w, label) in self._fields.items() if not label.isHidden()]

    def summary(self) -> str:
        return "" if self._general.isHidden() else self._general.text()

    def _show_summary(self) -> None:
        places = self.marked()
        if len(places) < 2:
            self._general.show_message("")
            return
        names = [self._captions.get(place, "") for place in places]
        named = ", ".join(name for name in names if name)
        text = f"{len(places)} fields need fixing (marked below)"
        self._general.show_message(f"{text}: {named}." if named else f"{text}.")

    def message_at(self, place: str) -> str:
        """The message shown at a field ("" if none): for tests and accessibility."""
        _, label = self._fields[place]
        return "" if label.isHidden() else label.text()

    def _match(self, place: str) -> str | None:
        for prefix in self._prefixes:
            place = place.removeprefix(prefix)
        while place:
            if place in self._fields:
                return place
            place = place.rpartition(".")[0]
        return None

    def _tint(self, widget: QWidget) -> None:
        if widget in self._tinted:
            return
        original = QPalette(widget.palette())
        self._tinted[widget] = original
        tinted = QPalette(original)
        base = original.color(QPalette.ColorRole.Base)
        red = error_color(widget)
        mixed = QColor(
            (base.red() * 4 + red.red()) // 5,
            (base.green() * 4 + red.green()) // 5,
            (base.blue() * 4 + red.blue()) // 5,
        )
        tinted.setColor(QPalette.ColorRole.Base, mixed)
        widget.setPalette(tinted)
        mark_invalid(widget, True)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """`invalid` drives the app style sheet's red border; re-polish so it shows at once."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldCell(QWidget):
    """One field of a form with its error label under it (and any hint added below)."""

    def __init__(self, field: QWidget) -> None:
        super().__init__()
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self._column.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._column.addWidget(field)
        self.error = ErrorLabel(self)
        self._column.addWidget(self.error)
        self.setFocusProxy(field)

    def add_below(self, widget: QWidget) -> None:
        self._column.addWidget(widget)


def with_error(field: QWidget) -> tuple[FieldCell, ErrorLabel]:
    """The field with its error label under it, as one cell of a QFormLayout."""
    cell = FieldCell(field)
    return cell, cell.error


def add_form_row(form: QFormLayout, caption: str, field: QWidget, cell: QWidget) -> QLabel:
    """A row whose caption (mnemonic → `field`) lines up with the field's first line.

    Captions are top-aligned so they stay put when a message or hint opens under the field.
    """
    label = QLabel(caption)
    label.setBuddy(field)
    alignment = (
        form.labelAlignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
    ) | Qt.AlignmentFlag.AlignTop
    form.setLabelAlignment(alignment)
    label.setAlignment(alignment)
    if isinstance(field, QLineEdit | QComboBox | QAbstractSpinBox):
        lift = max((field.sizeHint().height() - label.sizeHint().height()) // 2, 0)
    elif isinstance(field, QPlainTextEdit):
        lift = field.frameWidth() + 2
    else:
        lift = 4
    label.setContentsMargins(0, lift, 0, 0)
    form.addRow(label, cell)
    return label


def fit_height(dialog: QDialog) -> None:
    """Grow a shown dialog to what its layout needs for its width (wrapped text, messages)."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        needed = dialog.sizeHint().height()
    else:
        needed = layout.totalHeightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


class ServiceDialog(QDialog):
    """A dialog whose OK button runs `submit(values)` and closes only if it worked."""

    def __init__(
        self,
        title: str,
        ok_text: str,
        submit: Callable[[Any], object],
        parent: QWidget | None = None,
        *,
        strip_prefixes: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._submit = submit
        self.banner = ErrorLabel(self)
        self.errors = FieldErrors(self.banner, strip_prefixes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setProperty("primary", True)
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # plain text buttons, as everywhere else in the app
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 14)
        self.body.setSpacing(12)
        self.body.addWidget(self.banner)

    def add_body(self, widget: QWidget) -> None:
        self.body.addWidget(widget)

    def finish_layout(self, *, stretch: bool = True) -> None:
        if stretch:
            self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # Wrapped labels trade width for height, which a top-level's minimum size ignores:
        # without this the form is squeezed (combo boxes flattened) on first show.
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            width = max(self.width(), self.minimumWidth(), 440)
            height = layout.totalHeightForWidth(width)
            if height > self.height() or width > self.width():
                self.resize(width, max(height, self.height()))
        super().showEvent(event)

    def values(self) -> Any:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        try:
            self._submit(self.values())
        except ValidationError as error:
            self.errors.show(error)
            fit_height(self)
        except ServiceError as error:
            self.errors.clear()
            self.errors.show_general(str(error))
            fit_height(self)
        else:
            self.accept()


def heading_font(widget: QWidget, scale: float = 1.35) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    return font
