"""A real X display for the bundle's window (Xvfb), and what the tests read off it.

`xdotool` finds and clicks the window, ImageMagick's `import` takes the screenshot; tests that
need them skip with the Debian packages to install when they are missing.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "import": "imagemagick"}
SIZE = (1280, 800)


def require_tools() -> None:
    missing = [f"{tool} (Debian {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


@contextmanager
def display() -> Iterator[str]:
    """A fresh Xvfb screen of SIZE; yields its DISPLAY value. Xvfb picks a free display
    number itself (-displayfd): tests and other runs start X servers at the same time."""
    require_tools()
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24"]
        # -noreset: by default X resets when its last client leaves, and refuses connections
        # meanwhile; a program started then aborts ("could not connect to display").
        + ["-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        number = _read_display(read_end, server)
        deadline = time.monotonic() + 30
        # Ready once a client gets an answer.
        while _x(f":{number}", "xdotool", "getdisplaygeometry").returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb :{number} did not start")
            time.sleep(0.1)
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=10)


def _read_display(read_end: int, server: subprocess.Popen[bytes]) -> int:
    """The display number Xvfb writes (with a newline) once it listens."""
    text = b""
    deadline = time.monotonic() + 30
    while not text.endswith(b"\n"):
        ready, _, _ = select.select([read_end], [], [], 0.5)
        if ready:
            chunk = os.read(read_end, 64)
            if not chunk:
                break
            text += chunk
        elif server.poll() is not None or time.monotonic() > deadline:
            break
    if not text.strip().isdigit():
        raise RuntimeError(f"Xvfb did not report a display ({text!r})")
    return int(text)


def _x(display_name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": display_name}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=30)


def wait_for_window(
    display_name: str, title: str, process: subprocess.Popen[str], timeout: float = 60
) -> float:
    """Seconds until a visible window named `title` is mapped (fails if `process` ends)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise AssertionError(f"the program ended ({process.returncode}) before its window")
        found = _x(display_name, "xdotool", "search", "--onlyvisible", "--name", title)
        if found.returncode == 0 and found.stdout.strip():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"no window named {title!r} within {timeout} s")


def click(display_name: str, x: int, y: int) -> None:
    done = _x(display_name, "xdotool", "mousemove", str(x), str(y), "click", "1")
    assert done.returncode == 0, done.stderr


def screenshot(display_name: str, path: Path) -> Path:
    done = _x(display_name, "import", "-window", "root", str(path))
    assert done.returncode == 0, done.stderr
    return path


def share_below(path: Path, box: tuple[int, int, int, int], level: int) -> float:
    """Share of the pixels in `box` (left, top, right, bottom) darker than `level` (0-255)."""
    from PIL import Image

    with Image.open(path) as image:
        pixels = image.convert("L").crop(box).tobytes()
    return sum(1 for p in pixels if p < level) / max(len(pixels), 1)
