"""Trim PyInstaller's collected Qt binaries: unused plugins, and what only they needed.

PyInstaller's Qt hooks collect every plugin of a type (all image formats, all platforms)
with the libraries those plugins link. Here, after Analysis, we drop

1. plugins matching bundle.toml's `drop_plugins`;
2. plugins linking a Qt library whose module is excluded (e.g. the PDF image-format plugin
   when the app does not import QtPdf);
3. translations, unless bundle.toml asks for them;
4. the system libraries bundle.toml leaves to the system (Linux: CUPS, D-Bus, fontconfig…);
5. every shared library that only the dropped plugins and system libraries needed
   (reachability over the binaries' link-time imports), and the links PyInstaller made to
   them in the top folder. Libraries nothing dropped needed are never touched, so libraries
   loaded with ctypes stay.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from bundle_plan import qt_module_of_library

# PyInstaller TOC entries: (name in the bundle, source path, type code).
Entry = tuple[str, str, str]
LibrariesOf = Callable[[str], Iterable[str]]

PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<rel>.+)$")
TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/")


@dataclass(frozen=True)
class Trimmed:
    binaries: list[Entry]
    datas: list[Entry]
    dropped: list[str]


def _dest(entry: Entry) -> str:
    return entry[0].replace("\\", "/")


def _key(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name.lower()


def plugin_path(entry: Entry) -> str | None:
    match = PLUGIN.match(_dest(entry))
    return match["rel"] if match else None


def trim(
    binaries: Sequence[Entry],
    datas: Sequence[Entry],
    *,
    drop_plugins: Sequence[str],
    excluded_modules: Iterable[str],
    translations: bool,
    libraries_of: LibrariesOf,
    system_libraries: Iterable[str] = (),
) -> Trimmed:
    excluded = {m.removeprefix("PySide6.") for m in excluded_modules}
    linked = {_key(e[0]): list(libraries_of(e[1])) for e in binaries}
    imports = {name: {_key(n) for n in libraries} for name, libraries in linked.items()}
    dropped_plugins = {
        _key(e[0])
        for e in binaries
        if (rel := plugin_path(e)) is not None
        and (
            any(fnmatch.fnmatch(rel, pattern) for pattern in drop_plugins)
            or any(qt_module_of_library(n) in excluded for n in linked[_key(e[0])])
        )
    }
    system = {_key(n) for n in system_libraries} & {_key(e[0]) for e in binaries}
    roots = dropped_plugins | system
    kept = [e for e in binaries if _key(e[0]) not in roots]
    orphans = _only_needed_by(roots, {_key(e[0]) for e in kept}, imports)
    kept = [e for e in kept if _key(e[0]) not in orphans]
    gone = {_dest(e) for e in binaries} - {_dest(e) for e in kept}
    kept_datas = [
        e
        for e in datas
        if (translations or not TRANSLATION.match(_dest(e))) and _link_target(e) not in gone
    ]
    dropped = sorted(roots | orphans)
    dropped += sorted(_dest(e) for e in datas if e not in kept_datas)
    return Trimmed(kept, kept_datas, dropped)


def _link_target(entry: Entry) -> str | None:
    """Where a SYMLINK entry points (PyInstaller links libraries into the top folder)."""
    if entry[2] != "SYMLINK":
        return None
    parent = posixpath.dirname(_dest(entry))
    return posixpath.normpath(posixpath.join(parent, entry[1].replace("\\", "/")))


def _only_needed_by(
    dropped: set[str], candidates: set[str], imports: dict[str, set[str]]
) -> set[str]:
    """Libraries reachable from `dropped` but from no binary that stays (never through a
    dropped one: what only the system's libfreetype needs goes with it)."""
    from_dropped = _reachable(dropped, imports)
    roots = candidates - from_dropped
    from_kept = _reachable(roots, imports, blocked=dropped)
    return (from_dropped & candidates) - from_kept


def _reachable(
    start: Iterable[str], imports: dict[str, set[str]], blocked: set[str] | None = None
) -> set[str]:
    seen: set[str] = set()
    pending = list(start)
    stop = blocked or set()
    while pending:
        name = pending.pop()
        for library in imports.get(name, ()):
            if library not in seen and library in imports and library not in stop:
                seen.add(library)
                pending.append(library)
    return seen
