"""Linux: put the desktop integration inside the bundle folder, then pack it as a tarball.

The folder becomes

    advisor-desk/                 the program (PyInstaller's one-folder bundle)
      advisor-desk  _internal/
      install.sh                  adds the menu entry, icons and ~/.local/bin link (or removes)
      share/applications/advisor-desk.desktop
      share/metainfo/<id>.metainfo.xml
      share/icons/hicolor/<N>x<N>/apps/advisor-desk.png, scalable/apps/advisor-desk.svg
"""

from __future__ import annotations

import platform
import shutil
import tarfile
from pathlib import Path

from bundle_plan import PACKAGING, Config

LINUX = PACKAGING / "linux"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def add_desktop_files(bundle: Path, icons: Path, config: Config) -> None:
    name = config.app.name
    share = bundle / "share"
    _copy(LINUX / f"{name}.desktop", share / "applications" / f"{name}.desktop")
    metainfo = f"{config.app.id}.metainfo.xml"
    _copy(LINUX / metainfo, share / "metainfo" / metainfo)
    hicolor = share / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        _copy(icons / f"{size}.png", hicolor / f"{size}x{size}" / "apps" / f"{name}.png")
    _copy(config.app.icon, hicolor / "scalable" / "apps" / f"{name}.svg")
    _copy(LINUX / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def make_tarball(bundle: Path, dist: Path, config: Config, version: str) -> Path:
    """dist/advisor-desk-<version>-linux-<machine>.tar.gz, one top folder with the version."""
    top = f"{config.app.name}-{version}"
    target = dist / f"{top}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top, filter=_normalise)
    return target


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owned by nobody in particular: unpacking as root must not keep the builder's ids."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info
