"""The body of advisor-desk.spec: Analysis, the Qt trim, the executable, the folder (.app).

Only importable while PyInstaller runs a spec (its build classes read the spec's globals).
"""

from __future__ import annotations

import argparse
import fnmatch
import logging
import os
import plistlib
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bundle_plan import (
    PACKAGING,
    ROOT,
    SOURCE,
    Config,
    excluded_qt_modules,
    hidden_import_filter,
    imported_bindings,
    imported_qt_modules,
    installed_qt_modules,
    load_config,
    needed_qt_modules,
    version,
)
from icu_trim import LIBRARY as ICU_DATA
from icu_trim import shrink
from PyInstaller.building.api import COLLECT, EXE, PYZ
from PyInstaller.building.build_main import Analysis
from PyInstaller.building.osx import BUNDLE
from PyInstaller.config import CONF
from PyInstaller.depend import bindepend
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata
from qt_trim import Entry, trim

log = logging.getLogger("advisor-desk.spec")

MIGRATIONS = SOURCE / "store" / "migrations"
ENTITLEMENTS = PACKAGING / "macos" / "entitlements.plist"
SIGNING_VARIABLE = "ADVISOR_DESK_CODESIGN_IDENTITY"
DATA_SUFFIXES = {".py", ".mako"}
BABEL_LOCALE_DATA = "babel/locale-data"
BABEL_HOOK = PACKAGING / "rthooks" / "babel_locale_zip.py"
SHIMS = PACKAGING / "shims"
DATA_ZIP = "python-data.zip"  # bundle.toml [python] zip_data, on sys.path (rthooks/)
DATA_ZIP_HOOK = PACKAGING / "rthooks" / "data_zip_on_path.py"


def direct_links(binary: Path | str) -> list[str]:
    """The shared libraries a binary links directly (names only; unresolvable ones too).

    On Linux PyInstaller asks `ldd`, which answers the whole closure; the trim needs the
    direct links (ELF NEEDED) to tell what only a library left to the system needed."""
    if sys.platform.startswith("linux") and shutil.which("objdump"):
        done = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True)
        if done.returncode == 0:
            lines = (line.split() for line in done.stdout.splitlines())
            return [parts[1] for parts in lines if len(parts) == 2 and parts[0] == "NEEDED"]
    return linked_libraries(binary)


def linked_libraries(binary: Path | str) -> list[str]:
    """The shared libraries a binary needs (on Linux, all of them: `ldd`)."""
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


@dataclass(frozen=True)
class Found:
    analysis: Any
    libraries_excluded: list[str]  # PySide6.QtX whose Qt library nothing bundled links


def analysis(config: Config, work: Path) -> Found:
    installed = installed_qt_modules()
    imported = imported_qt_modules()
    # Python bindings: what the source imports and what importing those loads.
    bindings = imported_bindings(imported)
    # Qt libraries: what those bindings link, plus the ones Qt's own plugins need.
    needed = needed_qt_modules(bindings | config.qt_keep, installed, linked_libraries)
    # Packages whose data goes in one zip are imported from it, not from the PYZ.
    excludes = [*config.python_exclude, *config.zip_data]
    excludes += excluded_qt_modules(installed, bindings)
    keep = hidden_import_filter(excludes)
    hidden = [m for p in config.collect_submodules for m in collect_submodules(p, filter=keep)]
    datas = [
        *tree(ROOT / "resources", "resources"),
        # Alembic reads the migration scripts from files; they are also hidden imports above.
        *tree(MIGRATIONS, "advisor_desk/store/migrations", DATA_SUFFIXES),
    ]
    for package in config.collect_data:
        if package not in config.zip_data:
            datas += collect_data_files(package)
    datas = [d for d in datas if not left_out(d[1], d[0], config.leave_out_data)]
    hooks = []
    if config.zip_data:
        datas.append((str(data_zip(config.zip_data, work)), "."))
        hooks.append(str(DATA_ZIP_HOOK))
    if config.zip_babel_locale_data:
        datas = [d for d in datas if Path(d[1]).as_posix() != BABEL_LOCALE_DATA]
        datas.append((str(babel_locale_zip(work)), "babel"))
        hooks.append(str(BABEL_HOOK))
    for distribution in config.copy_metadata:
        datas += copy_metadata(distribution)
    # Linux: stand-ins for packages of which the app needs a sliver (bundle.toml [linux]
    # shims); their folder comes first on the search path and its hooks replace the
    # packages' own.
    shims = config.shims if sys.platform.startswith("linux") else ()
    log.info("Qt bindings bundled: %s", ", ".join(sorted(bindings)))
    log.info("Qt libraries bundled: %s", ", ".join(sorted(needed)))
    result = Analysis(
        [str(PACKAGING / "launcher.py")],
        # the source tree, whatever the venv has installed
        pathex=[*([str(SHIMS)] if shims else []), str(ROOT / "src")],
        hiddenimports=hidden,
        hookspath=[str(SHIMS / "hooks")] if shims else [],
        datas=datas,
        excludes=excludes,
        runtime_hooks=hooks,
    )
    check_shims(result, shims)
    return Found(result, excluded_qt_modules(installed, needed))


def check_shims(found: Any, shims: tuple[str, ...]) -> None:
    """Every module of a shimmed package comes from packaging/shims, and none of the real
    package's binaries came along: else the build stops."""
    for package in shims:
        modules = [e for e in found.pure if e[0] == package or e[0].startswith(f"{package}.")]
        foreign = [e[0] for e in modules if not Path(e[1]).resolve().is_relative_to(SHIMS)]
        binaries = [e[0] for e in found.binaries if Path(e[0]).parts[0] == package]
        if foreign or binaries or not modules:
            raise SystemExit(f"the {package} stand-in was not used: {foreign + binaries}")
        log.info("%s: the stand-in in %s", package, SHIMS.relative_to(ROOT))


def left_out(dest: str, source: str, patterns: tuple[str, ...]) -> bool:
    """A data file matching bundle.toml [python] leave_out_data (its path in the bundle)."""
    path = (Path(dest) / Path(source).name).as_posix()
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


def data_zip(packages: tuple[str, ...], work: Path) -> Path:
    """The installed packages (modules and data, no caches) in one zip, imported from it
    through zipimport (rthooks/data_zip_on_path.py): one file instead of hundreds of small
    ones (tzdata: 600 files, 2.6 MB on disk, 0.4 MB zipped)."""
    import importlib.util

    archive = work / DATA_ZIP
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for package in packages:
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                raise SystemExit(f"[python] zip_data: {package} is not an installed package")
            folder = Path(next(iter(spec.submodule_search_locations)))
            for file in sorted(folder.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts:
                    packed.write(file, (Path(package) / file.relative_to(folder)).as_posix())
    return archive


def babel_locale_zip(work: Path) -> Path:
    """Babel's locale-data/*.dat in one zip (read by rthooks/babel_locale_zip.py)."""
    import babel

    folder = Path(babel.__file__).parent / "locale-data"
    archive = work / "babel" / "locale-data.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)
    # LZMA: 7.9 MB where deflate makes 10.1 (a locale reads in well under a millisecond).
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_LZMA) as packed:
        for file in sorted(folder.glob("*.dat")):
            packed.write(file, file.name)
    return archive


def smaller_icu(binaries: list[Entry], drop: tuple[str, ...], work: Path) -> list[Entry]:
    """Linux: ICU's data library without what Qt never reads (icu_trim.py)."""
    result = []
    for name, source, kind in binaries:
        if drop and ICU_DATA.match(Path(name).name):
            shrunk = shrink(Path(source), drop, work / "icu")
            log.info("%s: %s", Path(name).name, shrunk.reason)
            if shrunk.library is not None:
                source = str(shrunk.library)
        result.append((name, source, kind))
    return result


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
    work = Path(CONF["workpath"])
    windows, mac = sys.platform == "win32", sys.platform == "darwin"
    linux = sys.platform.startswith("linux")
    result = analysis(config, work)
    found = result.analysis
    datas = [_entry(e) for e in found.datas]
    if config.zip_babel_locale_data:  # PyInstaller's babel hook collects the folder too
        datas = [e for e in datas if not _dest(e).startswith(f"{BABEL_LOCALE_DATA}/")]
    trimmed = trim(
        [_entry(e) for e in found.binaries],
        datas,
        drop_plugins=config.drop_plugins,
        excluded_modules=result.libraries_excluded,
        translations=config.qt_translations,
        libraries_of=_binary_imports_of_entry(found.binaries),
        system_libraries=config.system_libraries if linux else (),
    )
    translations = [d for d in trimmed.dropped if d.endswith(".qm")]
    others = [d for d in trimmed.dropped if not d.endswith(".qm")]
    log.info("left out %d translations and %s", len(translations), ", ".join(others))
    binaries = smaller_icu(trimmed.binaries, config.icu_drop, work) if linux else trimmed.binaries
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
        binaries,
        trimmed.datas,
        name=config.app.name,
        strip=linux,  # libpython ships with debug info (~20 MB)
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


def _dest(entry: Entry) -> str:
    return entry[0].replace("\\", "/")


def _entry(entry: Any) -> Entry:
    name, source, kind = entry
    return (str(name), str(source), str(kind))


def _binary_imports_of_entry(binaries: Any) -> Any:
    kinds = {str(e[1]): str(e[2]) for e in binaries}

    def libraries_of(source: str) -> list[str]:
        if kinds.get(source) not in {"BINARY", "EXTENSION"}:
            return []
        return direct_links(source)

    return libraries_of
