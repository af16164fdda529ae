"""PyInstaller runtime hook: Babel reads its locale data from `babel/locale-data.zip`.

The bundle packs Babel's 1,149 `locale-data/*.dat` files (31 MB) into one zip (bundle.toml
`[babel]`). Babel reads them with `open()` in `babel.localedata` and lists them with
`os.listdir`; when `babel.localedata` is first imported, this hook points its `open`,
`exists` and `locale_identifiers` at the zip. Nothing is imported or read before that, so a
command that never formats money or dates pays nothing.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import io
import os
import sys
import threading
import zipfile
from types import ModuleType
from typing import Any

MODULE = "babel.localedata"
ARCHIVE = "locale-data.zip"


def use_zipped_locale_data(localedata: ModuleType, archive: str) -> None:
    """Make `localedata` (babel.localedata) read `<name>.dat` from `archive`."""
    opened = zipfile.ZipFile(archive)
    stems = {n[:-4] for n in opened.namelist() if n.endswith(".dat") and "/" not in n}
    lock = threading.Lock()  # one ZipFile shared by every thread that formats

    def open_data(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        path = os.fspath(file) if isinstance(file, str | os.PathLike) else None
        if path is not None and "b" in mode and path.endswith(".dat"):
            parent = os.path.normcase(os.path.abspath(os.path.dirname(path)))
            if parent == os.path.normcase(os.path.abspath(localedata._dirname)):
                stem = os.path.basename(path)[:-4]
                if stem not in stems:
                    raise FileNotFoundError(2, "No such locale data", path)
                with lock:
                    return io.BytesIO(opened.read(f"{stem}.dat"))
        return open(file, mode, *args, **kwargs)

    @functools.cache
    def exists(name: str) -> bool:
        if not name or not isinstance(name, str):
            return False
        if name in localedata._cache:
            return True
        stem = os.path.basename(localedata.resolve_locale_filename(name))[:-4]
        return stem in stems or bool(localedata.normalize_locale(name))

    @functools.cache
    def locale_identifiers() -> list[str]:
        return sorted(stem for stem in stems if stem != "root")

    localedata.open = open_data  # babel.localedata.load() calls open() by its global name
    localedata.exists = exists
    localedata.locale_identifiers = locale_identifiers


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: Any, archive: str) -> None:
        self.loader, self.archive = loader, archive

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        use_zipped_locale_data(module, self.archive)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps the loader of babel.localedata, once."""

    def __init__(self, archive: str) -> None:
        self.archive = archive

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != MODULE:
            return None
        sys.meta_path.remove(self)  # once: the real finders answer from here on
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader, self.archive)
        return spec


def install(archive: str) -> None:
    if os.path.isfile(archive) and MODULE not in sys.modules:
        sys.meta_path.insert(0, _Finder(archive))


if getattr(sys, "frozen", False):
    install(os.path.join(sys._MEIPASS, "babel", ARCHIVE))  # type: ignore[attr-defined]
