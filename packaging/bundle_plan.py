"""What the bundle holds, decided from bundle.toml and from what the source imports.

Pure functions (no PyInstaller import) so the fast tests can check the decisions; the spec
feeds them PyInstaller's binary dependency reader.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SOURCE = ROOT / "src" / "advisor_desk"
CONFIG = PACKAGING / "bundle.toml"

# A Qt shared library: libQt6Pdf.so.6 (Linux), Qt6Pdf.dll (Windows), QtPdf (macOS framework).
QT_LIBRARY = re.compile(r"^(?:lib)?Qt6?(?P<stem>[A-Za-z0-9]+?)(?:\.so(?:\.\d+)*|\.dll|\.dylib)?$")


@dataclass(frozen=True)
class AppInfo:
    name: str
    title: str
    id: str
    icon: Path


@dataclass(frozen=True)
class Config:
    app: AppInfo
    qt_keep: frozenset[str]
    drop_plugins: tuple[str, ...]
    qt_translations: bool
    python_exclude: tuple[str, ...]
    collect_submodules: tuple[str, ...]
    collect_data: tuple[str, ...]
    copy_metadata: tuple[str, ...]
    zip_data: tuple[str, ...]
    leave_out_data: tuple[str, ...]
    system_libraries: tuple[str, ...]
    icu_drop: tuple[str, ...]
    shims: tuple[str, ...]
    zip_babel_locale_data: bool


def load_config(path: Path = CONFIG) -> Config:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    app, qt, python = data["app"], data["qt"], data["python"]
    return Config(
        app=AppInfo(app["name"], app["title"], app["id"], ROOT / app["icon"]),
        qt_keep=frozenset(qt["keep"]),
        drop_plugins=tuple(qt["drop_plugins"]),
        qt_translations=bool(qt["translations"]),
        python_exclude=tuple(python["exclude"]),
        collect_submodules=tuple(python["collect_submodules"]),
        collect_data=tuple(python["collect_data"]),
        copy_metadata=tuple(python["copy_metadata"]),
        zip_data=tuple(python.get("zip_data", ())),
        leave_out_data=tuple(python.get("leave_out_data", ())),
        system_libraries=tuple(data["linux"]["system_libraries"]),
        icu_drop=tuple(data["linux"]["icu_drop"]),
        shims=tuple(data["linux"].get("shims", ())),
        zip_babel_locale_data=bool(data["babel"]["zip_locale_data"]),
    )


def version() -> str:
    """The package's `__version__`, read from its source: the one place that holds it."""
    tree = ast.parse((SOURCE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
        ):
            return str(node.value.value)
    raise LookupError(f"no __version__ in {SOURCE / '__init__.py'}")


def imported_qt_modules(source: Path = SOURCE) -> set[str]:
    """The `PySide6.QtX` modules the package imports anywhere (`QtX` names)."""
    found: set[str] = set()
    for file in source.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            if isinstance(node, ast.Import):
                found.update(_qt_name(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "PySide6":
                    found.update(_qt_name(f"PySide6.{alias.name}") for alias in node.names)
                else:
                    found.add(_qt_name(node.module))
    found.discard("")
    return found


def _qt_name(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "PySide6" and parts[1].startswith("Qt"):
        return parts[1]
    return ""


def installed_qt_modules() -> dict[str, Path]:
    """Every Qt module of the installed PySide6 and its extension file, without importing it."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("PySide6 is not installed")
    modules: dict[str, Path] = {}
    for folder in spec.submodule_search_locations:
        for file in Path(folder).glob("Qt*"):
            if file.suffix in {".so", ".pyd"}:
                modules[file.name.split(".")[0]] = file
    return modules


def qt_module_of_library(library_name: str) -> str | None:
    """`QtPdf` for libQt6Pdf.so.6, Qt6Pdf.dll or QtPdf.framework's QtPdf; None otherwise."""
    match = QT_LIBRARY.match(Path(library_name).name)
    return f"Qt{match['stem']}" if match else None


def needed_qt_modules(
    used: Iterable[str],
    installed: dict[str, Path],
    libraries_of: Callable[[Path], Iterable[str]],
) -> set[str]:
    """`used` plus every Qt module their extension files link, transitively."""
    needed: set[str] = set()
    pending = [module for module in used if module in installed]
    while pending:
        module = pending.pop()
        if module in needed:
            continue
        needed.add(module)
        for library in libraries_of(installed[module]):
            linked = qt_module_of_library(library)
            if linked in installed and linked not in needed:
                pending.append(linked)
    return needed


def excluded_qt_modules(installed: Iterable[str], needed: Iterable[str]) -> list[str]:
    return sorted(f"PySide6.{module}" for module in set(installed) - set(needed))


def imported_bindings(used: Iterable[str], python: str = sys.executable) -> set[str]:
    """The PySide6 bindings that importing `used` loads (QtPdfWidgets loads QtPdf and
    QtWidgets; QtCharts links QtOpenGL's library but never imports its binding). Asked of a
    fresh interpreter, so it is what the bundle will really import."""
    modules = sorted(set(used))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('PySide6.' + m)\n"
        "print(' '.join(sorted(n.split('.')[1] for n in sys.modules"
        " if n.startswith('PySide6.Qt') and n.count('.') == 1)))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot import the Qt modules {modules}: {done.stderr[-2000:]}")
    return set(done.stdout.split()) | set(modules)


def hidden_import_filter(excludes: Iterable[str]) -> Callable[[str], bool]:
    """True for a module outside every excluded package."""
    prefixes = tuple(excludes)

    def keep(name: str) -> bool:
        return not any(name == p or name.startswith(p + ".") for p in prefixes)

    return keep
