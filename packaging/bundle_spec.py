"""The body of advisor-desk.spec: Analysis, the Qt trim, the executable, the folder (.app).

Only importable while PyInstaller runs a spec (its build classes read the spec's globals).
"""

from __future__ import annotations

import argparse
import logging
import os
import plistlib
import sys
from pathlib import Path
from typing import Any

from bundle_plan import (
    PACKAGING,
    ROOT,
    SOURCE,
    Config,
    excluded_qt_modules,
    hidden_import_filter,
    imported_qt_modules,
    installed_qt_modules,
    load_config,
    needed_qt_modules,
    version,
)
from PyInstaller.building.api import COLLECT, EXE, PYZ
from PyInstaller.building.build_main import Analysis
from PyInstaller.building.osx import BUNDLE
from PyInstaller.depend import bindepend
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata
from qt_trim import Entry, trim

log = logging.getLogger("advisor-desk.spec")

MIGRATIONS = SOURCE / "store" / "migrations"
ENTITLEMENTS = PACKAGING / "macos" / "entitlements.plist"
SIGNING_VARIABLE = "ADVISOR_DESK_CODESIGN_IDENTITY"
DATA_SUFFIXES = {".py", ".mako"}


def linked_libraries(binary: Path | str) -> list[str]:
    """The shared libraries a binary links (names only; unresolvable ones too)."""
    try:
        return [name for name, _path in bindepend.get_imports(str(binary))]
    except Exception as error:  # a file the platform's reader cannot parse: links nothing
        log.debug("cannot read the imports of %s: %s", binary, error)
        return []


def tree(folder: Path, dest: str, suffixes: set[str] | None = None) -> list[tuple[str, str]]:
    """(file, folder in bundle) for every file under `folder`, without caches."""
    entries = []
    for file in sorted(folder.rglob("*")):
        if not file.is_file() or "__pycache__" in file.parts or file.name.startswith("."):
            continue
        if suffixes is not None and file.suffix not in suffixes:
            continue
        entries.append((str(file), str(Path(dest) / file.parent.relative_to(folder))))
    return entries


def analysis(config: Config) -> tuple[Any, list[str]]:
    installed = installed_qt_modules()
    wanted = imported_qt_modules() | config.qt_keep
    needed = needed_qt_modules(wanted, installed, linked_libraries)
    qt_excludes = excluded_qt_modules(installed, needed)
    excludes = [*config.python_exclude, *qt_excludes]
    keep = hidden_import_filter(excludes)
    hidden = [m for p in config.collect_submodules for m in collect_submodules(p, filter=keep)]
    datas = [
        *tree(ROOT / "resources", "resources"),
        # Alembic reads the migration scripts from files; they are also hidden imports above.
        *tree(MIGRATIONS, "advisor_desk/store/migrations", DATA_SUFFIXES),
    ]
    for package in config.collect_data:
        datas += collect_data_files(package)
    for distribution in config.copy_metadata:
        datas += copy_metadata(distribution)
    log.info("Qt modules bundled: %s", ", ".join(sorted(needed)))
    result = Analysis(
        [str(PACKAGING / "launcher.py")],
        pathex=[str(ROOT / "src")],  # the source tree, whatever the venv has installed
        hiddenimports=hidden,
        datas=datas,
        excludes=excludes,
    )
    return result, qt_excludes


def mac_info_plist(config: Config) -> dict[str, Any]:
    with (PACKAGING / "macos" / "Info.plist").open("rb") as file:
        plist: dict[str, Any] = plistlib.load(file)
    plist.update(CFBundleShortVersionString=version(), CFBundleVersion=version())
    return plist


def build(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="advisor-desk.spec")
    parser.add_argument("--icons", type=Path, required=True, help="rendered icons (icons.py)")
    icons: Path = parser.parse_args(argv).icons
    config = load_config()
    found, qt_excludes = analysis(config)
    trimmed = trim(
        [_entry(e) for e in found.binaries],
        [_entry(e) for e in found.datas],
        drop_plugins=config.drop_plugins,
        excluded_modules=qt_excludes,
        translations=config.qt_translations,
        libraries_of=_binary_imports_of_entry(found.binaries),
    )
    log.info("trimmed %d files, e.g. %s", len(trimmed.dropped), ", ".join(trimmed.dropped[:8]))
    windows, mac = sys.platform == "win32", sys.platform == "darwin"
    # PyInstaller uses an icon on Windows (.ico) and macOS (converted to .icns) only.
    icon = str(icons / ("advisor-desk.ico" if windows else "1024.png")) if windows or mac else None
    # macOS: sign while building when an identity is given (packaging/macos/SIGNING.md).
    identity = os.environ.get(SIGNING_VARIABLE) if mac else None
    signing: dict[str, Any] = (
        {"codesign_identity": identity, "entitlements_file": str(ENTITLEMENTS)} if identity else {}
    )
    exe = EXE(
        PYZ(found.pure),
        found.scripts,
        [],
        exclude_binaries=True,
        name=config.app.name,
        console=not mac,
        # Windows: a console program (the CLI prints), whose console is hidden at once when
        # it was opened from the Start menu rather than from a terminal.
        hide_console="hide-early" if windows else None,
        icon=icon,
        strip=False,
        upx=False,
        **signing,
    )
    collected = COLLECT(
        exe,
        trimmed.binaries,
        trimmed.datas,
        name=config.app.name,
        strip=sys.platform.startswith("linux"),  # libpython ships with debug info (~20 MB)
        upx=False,
    )
    if mac:
        BUNDLE(
            collected,
            name=f"{config.app.title}.app",
            icon=icon,
            bundle_identifier=config.app.id,
            version=version(),
            info_plist=mac_info_plist(config),
            **signing,
        )


def _entry(entry: Any) -> Entry:
    name, source, kind = entry
    return (str(name), str(source), str(kind))


def _binary_imports_of_entry(binaries: Any) -> Any:
    kinds = {str(e[1]): str(e[2]) for e in binaries}

    def libraries_of(source: str) -> list[str]:
        if kinds.get(source) not in {"BINARY", "EXTENSION"}:
            return []
        return linked_libraries(source)

    return libraries_of
