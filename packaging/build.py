"""Build the Advisor Desk program for the OS this runs on (PyInstaller, one folder).

    python packaging/build.py [--dist DIR] [--work DIR] [--no-archive]

Renders the icons, runs advisor-desk.spec, checks the program answers `--version`, then
finishes for the platform: Linux adds the desktop files and a .tar.gz; Windows compiles the
Inno Setup installer when `iscc` is installed; macOS leaves `Advisor Desk.app`. Progress
goes to stderr; the path of the runnable program is the last line on stdout.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

from bundle_plan import PACKAGING, ROOT, Config, load_config, version

SPEC = PACKAGING / "advisor-desk.spec"


def say(message: str) -> None:
    print(f"build: {message}", file=sys.stderr, flush=True)


def run(*args: str | Path) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT)
    if completed.returncode != 0:
        raise SystemExit(f"build: failed ({completed.returncode}): {' '.join(map(str, args))}")


def program_path(dist: Path, config: Config) -> Path:
    if sys.platform == "darwin":
        return dist / f"{config.app.title}.app" / "Contents" / "MacOS" / config.app.name
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / config.app.name / f"{config.app.name}{suffix}"


def check_program(program: Path, expected: str) -> None:
    """The bundle starts on its own and reports the package's version."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    done = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, env=env, timeout=120
    )
    if done.returncode != 0 or done.stdout.strip() != f"advisor-desk {expected}":
        raise SystemExit(f"build: {program} --version said {done.stdout!r} {done.stderr!r}")


def finish(program: Path, icons: Path, dist: Path, config: Config, archive: bool) -> None:
    if sys.platform.startswith("linux"):
        from linux_dist import add_desktop_files, make_tarball

        add_desktop_files(program.parent, icons, config)
        if archive:
            say(f"tarball: {make_tarball(program.parent, dist, config, version())}")
    elif sys.platform == "win32":
        from windows_dist import make_installer

        say(make_installer(program.parent, icons, dist, version()))
    else:
        say("macOS: sign and notarise as packaging/macos/SIGNING.md says")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="skip the tarball (Linux)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        say("PyInstaller is missing: pip install -e '.[package]'")
        return 1
    config = load_config()
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    icons = work / "icons"
    run(sys.executable, PACKAGING / "icons.py", icons, config.app.icon)
    run(
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", dist, "--workpath", work, SPEC, "--", "--icons", icons,
    )  # fmt: skip
    program = program_path(dist, config)
    check_program(program, version())
    finish(program, icons, dist, config, archive=not args.no_archive)
    say(f"done in {time.monotonic() - started:.0f} s")
    print(program)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
