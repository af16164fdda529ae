"""The invoice logo: choose a PNG, see it, clear the choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.ui.admin.fields import hint_label

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PREVIEW = QSize(220, 88)


class LogoField(QWidget):
    """Holds the PNG chosen in this dialog; a logo saved before stays unless one is chosen.

    (The services do not hand the saved logo back yet, so it cannot be previewed or removed
    here; see the partner settings dialog.)
    """

    changed = Signal()
    problem_found = Signal(str)  # a file that is not a readable PNG: shown at the field

    def __init__(self, *, has_saved_logo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._png: bytes | None = None
        self._has_saved = has_saved_logo
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.choose_button = QPushButton("C&hoose PNG…")
        self.clear_button = QPushButton("Cl&ear")
        self.choose_button.setAutoDefault(False)
        self.clear_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.clear_button.clicked.connect(self.clear)
        self.note = hint_label()
        self.preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFocusProxy(self.choose_button)
        self._show()

    def png(self) -> bytes | None:
        """The PNG chosen here, or None (keep what is saved)."""
        return self._png

    def set_png(self, data: bytes) -> None:
        self._png = data
        self._show()
        self.changed.emit()

    def load_file(self, path: Path) -> None:
        """Read a PNG file; a file that is not one is reported through `problem_found`."""
        try:
            data = path.read_bytes()
        except OSError as error:
            self.problem_found.emit(f"could not read {path.name}: {error.strerror or error}")
            return
        image = QImage.fromData(QByteArray(data))
        if not data.startswith(PNG_SIGNATURE) or image.isNull():
            self.problem_found.emit(f"{path.name} is not a PNG image")
            return
        self.set_png(data)

    def clear(self) -> None:
        if self._png is None:
            return
        self._png = None
        self._show()
        self.changed.emit()

    def _on_choose_clicked(self) -> None:
        dialog = QFileDialog(self, "Choose a logo", str(Path.home()), "PNG images (*.png)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.load_file(Path(name)))
        dialog.open()

    def _show(self) -> None:
        self.clear_button.setEnabled(self._png is not None)
        if self._png is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Logo unchanged" if self._has_saved else "No logo")
            self.note.setText(
                "Any logo saved earlier is kept unless you choose another."
                if self._has_saved
                else "Shown at the top of your invoices. A PNG about 600 × 240 pixels works well."
            )
            return
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(self._png))
        ratio = self.devicePixelRatioF()
        scaled = pixmap.scaled(
            PREVIEW.shrunkBy(self.preview.contentsMargins()) * ratio - QSize(8, 8),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.preview.setText("")
        self.preview.setPixmap(scaled)
        size = f"{pixmap.width()} × {pixmap.height()} pixels"
        self.note.setText(f"New logo ({size}), saved when you save the settings.")
