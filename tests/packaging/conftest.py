"""Helpers for the packaging tests: packaging/'s modules, loaded from their folder."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py. The folder is no package (it would shadow pypa's `packaging`),
    so it goes at the end of sys.path, where it shadows nothing."""
    if str(PACKAGING) not in sys.path:
        sys.path.append(str(PACKAGING))
    return importlib.import_module(name)
