"""Printing a PDF: each page rendered by QtPdf and painted onto the printer, in a worker.

Qt allows painting on a QPrinter outside the GUI thread; the worker owns its own
QPdfDocument (loaded from a file, which QtPdf reads synchronously) and the printer until done.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

RENDER_DPI = 300


class PrintFailed(Exception):
    """The PDF could not be read, or the printer refused to start."""


def print_pdf(
    content: bytes,
    printer: QPrinter,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Print every page of `content` (or the printer's from–to range); returns pages printed."""
    with tempfile.TemporaryDirectory(prefix="advisor-desk-print-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        document = QPdfDocument()
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise PrintFailed("the PDF could not be read for printing")
        try:
            return _paint_pages(document, printer, progress, cancelled)
        finally:
            document.close()


def _paint_pages(
    document: QPdfDocument,
    printer: QPrinter,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    pages = list(range(document.pageCount()))
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pages = pages[printer.fromPage() - 1 : printer.toPage() or None]
    painter = QPainter()
    if not pages or not painter.begin(printer):
        raise PrintFailed("the printer could not start printing")
    printed = 0
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for position, page in enumerate(pages):
            if cancelled():
                break
            if position:
                printer.newPage()
            points = document.pagePointSize(page)
            target = _fit(points.toSize(), area)
            # Printers take 1,200 dpi; 300 is sharp on paper and a sixteenth of the pixels.
            dpi = min(RENDER_DPI, printer.resolution())
            image = document.render(page, (points * (dpi / 72)).toSize())
            painter.fillRect(target, Qt.GlobalColor.white)  # QtPdf leaves the paper transparent
            painter.drawImage(target, image)
            printed += 1
            progress(printed, len(pages))
    finally:
        painter.end()
    return printed


def _fit(page: QSize, area: QRect) -> QRect:
    """The page scaled to fit the printable area, centred horizontally, at the top."""
    scaled = page.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.left() + (area.width() - scaled.width()) // 2
    return QRect(left, area.top(), scaled.width(), scaled.height())
