"""A document's PDF inside the window: QtPdf's view over the bytes a worker rendered."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from advisor_desk.services.issuing import RenderedPdf
from advisor_desk.ui.widgets import muted_label


class PdfPreview(QWidget):
    """Shows one PDF at a time; `loaded` is emitted once QtPdf has read its pages."""

    loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Document preview")
        self.caption = QLabel()
        self.caption.setObjectName("SectionTitle")
        self.caption.setWordWrap(True)
        self.pages = muted_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: reportlab does not say how far it is
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.empty = muted_label("Select a document to preview it.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.caption)
        layout.addWidget(self.pages)
        layout.addWidget(self.progress)
        layout.addWidget(self.stack, 1)
        self.rendered: RenderedPdf | None = None
        self._buffer: QBuffer | None = None
        self.document.statusChanged.connect(self._on_document_status_changed)

    def rendering(self, caption: str) -> None:
        self.rendered = None
        self.caption.setText(caption)
        self.pages.setText("Rendering the PDF…")
        self.progress.show()
        self.empty.setText("")
        self.stack.setCurrentWidget(self.empty)

    def show_pdf(self, caption: str, rendered: RenderedPdf) -> None:
        self.rendered = rendered
        self.caption.setText(caption)
        self.progress.hide()
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(rendered.content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer
        self.document.load(buffer)
        if old is not None:
            old.deleteLater()
        self.stack.setCurrentWidget(self.view)

    def clear(self, message: str = "Select a document to preview it.") -> None:
        self.rendered = None
        self.document.close()
        self.caption.clear()
        self.pages.clear()
        self.progress.hide()
        self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)

    def _on_document_status_changed(self, status: QPdfDocument.Status) -> None:
        if status == QPdfDocument.Status.Ready:
            count = self.document.pageCount()
            digest = self.rendered.sha256[:16] if self.rendered else ""
            self.pages.setText(f"{count} page{'s' if count != 1 else ''} · SHA-256 {digest}…")
            self.loaded.emit(count)
        elif status == QPdfDocument.Status.Error:
            self.pages.setText("QtPdf could not read this PDF")
