"""The layering rules of architecture.md, checked on every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "advisor_desk"

# Import every module outside ui/ with PySide6 made unimportable, as napari runs its core
# tests without Qt: the core must not even import it indirectly.
CORE_IMPORT_CHECK = """
import importlib, pkgutil, sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt imported by the core: " + name)
sys.meta_path.insert(0, NoQt())
import advisor_desk
for info in pkgutil.walk_packages(advisor_desk.__path__, "advisor_desk."):
    if info.name.startswith(("advisor_desk.ui", "advisor_desk.server")):
        continue
    if info.name.startswith("advisor_desk.store.migrations"):
        continue
    importlib.import_module(info.name)
print("ok")
"""


def test_import_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CORE_IMPORT_CHECK], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_module_is_a_god_module() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts  # generated schema steps, read one at a time
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}


MAX_MODULE_LINES = 400


def test_every_module_reads_in_one_sitting() -> None:
    """No module over 400 lines outside migrations (architecture.md: modules small enough to
    read in one sitting); split by responsibility, not by line count."""
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
