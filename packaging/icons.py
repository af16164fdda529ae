"""Render the app icon (an SVG) as the PNG sizes desktops want, plus a Windows .ico.

    python packaging/icons.py OUT_DIR [SVG]

Writes OUT_DIR/<size>.png for every size in SIZES and OUT_DIR/advisor-desk.ico. Qt renders
the SVG (the same renderer the window uses, so the icons match); Pillow, which reportlab
already brings, packs the .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# hicolor sizes (16…512) and 1024 for macOS's Retina .icns.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
DEFAULT_SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "advisor-desk.svg"


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}.png"
        if not image.save(str(target), "PNG"):
            raise OSError(f"cannot write {target}")
        written.append(target)
    del app
    return written


def write_ico(out_dir: Path, name: str = "advisor-desk.ico") -> Path:
    from PIL import Image

    target = out_dir / name
    with Image.open(out_dir / f"{max(ICO_SIZES)}.png") as image:
        image.save(target, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    return target


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    render(Path(argv[1]) if len(argv) == 2 else DEFAULT_SVG, out_dir)
    write_ico(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
