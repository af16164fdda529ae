"""PyInstaller runtime hook: packages kept in `python-data.zip` are imported from it.

bundle.toml `[python] zip_data` packs packages made of many small data files (tzdata's 600
zone files) into one zip; zipimport serves their modules and `importlib.resources` their
files (zoneinfo reads `tzdata.zoneinfo.<Area>/<City>` through it). The zip goes last on
sys.path: the bundle's own modules are found first.
"""

from __future__ import annotations

import os
import sys

if getattr(sys, "frozen", False):
    _archive = os.path.join(sys._MEIPASS, "python-data.zip")  # type: ignore[attr-defined]
    if os.path.isfile(_archive) and _archive not in sys.path:
        sys.path.append(_archive)
