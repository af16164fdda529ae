"""Where the shipped resources (fonts, icons, styles) are: a bundle, or the source tree."""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_VARIABLE = "ADVISOR_DESK_RESOURCES"


def resources_dir() -> Path:
    override = os.environ.get(RESOURCES_VARIABLE)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a built bundle
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
