"""A document's PDF inside the window: QtPdf's view over the bytes a worker rendered."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from advisor_desk.services.billing.issuing import RenderedPdf
from advisor_desk.ui.widgets import muted_label


class FitWidthPdfView(QPdfView):
    """All pages, each as wide as the view, with a layout that cannot loop.

    QPdfView's FitToWidth sizes the pages from the viewport's width, and the vertical scroll
    bar's appearance changes that width: at some sizes the bar shown makes the pages just
    short enough to hide it, which makes them tall enough to show it again — the window then
    froze for good, the main thread toggling the bar forever. So the bars never depend on the
    content: the vertical one is always there (the viewport's width is the same whether the
    pages fit or not) and the horizontal one never is (a page fitted to the width needs none;
    QPdfView's rounding can make it a pixel wider, which must not bring one in either).
    """

    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDocument(document)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setAccessibleName("Document preview")


class PdfPreview(QWidget):
    """Shows one PDF at a time; `loaded` is emitted once QtPdf has read its pages."""

    loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = FitWidthPdfView(self.document)
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
