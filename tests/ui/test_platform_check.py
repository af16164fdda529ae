"""Without a display or the xcb libraries the window says so in one line and exits with 1,
instead of Qt aborting the process with a core dump."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor_desk.ui.platform_check import XCB_PACKAGES, display_problem


def run_app(env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def headless_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(extra)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's")
@pytest.mark.parametrize("platform", ["xcb", ""])
def test_no_display_is_one_line_and_exit_code_1_not_a_core_dump(
    tmp_path: Path, platform: str
) -> None:
    env = headless_env(QT_QPA_PLATFORM=platform) if platform else headless_env()
    done = run_app(env, tmp_path / "data")
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "DISPLAY" in lines[0]
    assert "cannot open the window" in lines[0]


def test_missing_xcb_libraries_are_named_by_their_packages() -> None:
    missing = {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"}
    problem = display_problem(
        [], {"DISPLAY": ":0"}, loads=lambda lib: lib not in missing, platform="linux"
    )
    assert problem is not None
    assert "\n" not in problem
    assert "libxcb-cursor0" in problem
    assert "libxkbcommon-x11-0" in problem
    assert "libxcb-icccm4" not in problem  # only what is missing
    everything = display_problem([], {}, loads=lambda _lib: False, platform="linux")
    assert everything is not None
    assert all(package in everything for package in XCB_PACKAGES)


@pytest.mark.parametrize(
    ("args", "env", "usable"),
    [
        ([], {"DISPLAY": ":0"}, True),
        ([], {}, False),
        ([], {"QT_QPA_PLATFORM": "offscreen"}, True),
        (["-platform", "offscreen"], {}, True),
        (["-platform", "xcb"], {"QT_QPA_PLATFORM": "offscreen"}, False),
        ([], {"QT_QPA_PLATFORM": "wayland"}, False),
        ([], {"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ([], {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, True),
        ([], {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ],
)
def test_which_platforms_can_open_a_window(
    args: list[str], env: dict[str, str], usable: bool
) -> None:
    problem = display_problem(args, env, loads=lambda _lib: True, platform="linux")
    assert (problem is None) is usable, problem


def test_other_systems_are_left_to_qt() -> None:
    assert display_problem([], {}, loads=lambda _lib: False, platform="win32") is None
