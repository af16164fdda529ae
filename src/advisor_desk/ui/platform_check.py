"""Can Qt open a window here? Asked before the QApplication is made, because Qt answers a
missing display or missing xcb libraries by aborting the process (a core dump, a dozen lines
about plugins and a misleading hint). We answer with one line and exit code 1 instead.

No Qt import here: this runs before Qt is loaded.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping, Sequence

# Debian/Ubuntu package → the library Qt's xcb platform plugin loads from it.
XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-xkb1": "libxcb-xkb.so.1",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
}


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def requested_platforms(qt_args: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt would try, in order: `-platform`, QT_QPA_PLATFORM, or Linux's
    default (Wayland first in a Wayland session, then xcb)."""
    args = list(qt_args)
    for position, arg in enumerate(args):
        if arg in ("-platform", "--platform") and position + 1 < len(args):
            spec = args[position + 1]
            break
        if arg.startswith(("-platform=", "--platform=")):
            spec = arg.split("=", 1)[1]
            break
    else:
        spec = environ.get("QT_QPA_PLATFORM", "")
    names = [part.split(":", 1)[0].strip() for part in spec.split(";") if part.strip()]
    if names:
        return names
    if environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def display_problem(
    qt_args: Sequence[str],
    environ: Mapping[str, str] | None = None,
    *,
    loads: Callable[[str], bool] = _loads,
    platform: str = sys.platform,
) -> str | None:
    """One line saying why no window can open here, or None when one can (or we cannot tell:
    another system than Linux, a platform plugin we do not know)."""
    if not platform.startswith("linux"):
        return None
    env = os.environ if environ is None else environ
    candidates = requested_platforms(qt_args, env)
    problems = []
    for name in candidates:
        if name.startswith("wayland"):
            if env.get("WAYLAND_DISPLAY"):
                return None
            problems.append("no Wayland display (WAYLAND_DISPLAY is not set)")
        elif name == "xcb":
            missing = [pkg for pkg, library in XCB_PACKAGES.items() if not loads(library)]
            if missing:
                packages = " ".join(missing)
                return (
                    f"advisor-desk: cannot open the window: the X11 (xcb) libraries Qt needs are "
                    f"missing; install the packages {packages} (e.g. sudo apt install {packages})"
                )
            if env.get("DISPLAY"):
                return None
            problems.append("no X display (DISPLAY is not set)")
        else:
            return None  # offscreen, minimal, vnc, eglfs …: no display needed
    return (
        f"advisor-desk: cannot open the window: {'; '.join(problems)}. Run it in a desktop "
        "session, or use a command (advisor-desk --help), or QT_QPA_PLATFORM=offscreen"
    )
