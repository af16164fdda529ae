"""Windows: compile the Inno Setup installer around the bundle folder, if ISCC is there."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bundle_plan import PACKAGING

SCRIPT = PACKAGING / "windows" / "advisor-desk.iss"


def find_iscc() -> Path | None:
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "C:/") / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return candidate
    return None


def make_installer(bundle: Path, icons: Path, dist: Path, version: str) -> str:
    """Compile the installer into `dist`; say what happened (no ISCC is not an error)."""
    iscc = find_iscc()
    if iscc is None:
        return f"no Inno Setup (ISCC.exe): installer skipped; see {SCRIPT}"
    subprocess.run(
        [
            str(iscc),
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DOutputDir={dist}",
            f"/DIconFile={icons / 'advisor-desk.ico'}",
            str(SCRIPT),
        ],
        check=True,
    )
    return f"installer: {dist / f'advisor-desk-{version}-windows-x64-setup.exe'}"
