"""The known trap: PySide6 6.12.0 on Python 3.11 aborts ("Fatal Python error: none_dealloc")
after ~1000 QStandardItemModel.appendRow/setItem calls. pyproject.toml pins around it; this
test catches the bad pair if it ever gets installed anyway."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import PySide6

BAD_PAIRS = {("6.12.0", (3, 11))}

STRESS = textwrap.dedent(
    """
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    model = QStandardItemModel()
    for row in range(5000):
        model.appendRow([QStandardItem(f"client {row}"), QStandardItem("4 R&C")])
        model.setItem(row, 1, QStandardItem(f"{row} free"))
    assert model.rowCount() == 5000
    print("ok")
    """
)


def test_the_installed_pyside_is_not_the_bad_pair() -> None:
    assert (PySide6.__version__, sys.version_info[:2]) not in BAD_PAIRS


def test_many_standard_item_calls_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
