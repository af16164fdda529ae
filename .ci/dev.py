#!/usr/bin/env python3
"""Set up and run Advisor Desk from a fresh checkout with nothing but Python 3.11+.

    python3 .ci/dev.py app [ARGS...]   # the app (or any advisor-desk command: ARGS)
    python3 .ci/dev.py test [PYTEST ARGS...]   # ruff, the layering contract, mypy, the tests

The tests run on every CPU (pytest-xdist `-n`; `-n 0` or ADVISOR_DESK_TEST_WORKERS=1 runs them
in one process, as a plain `pytest` does).

It creates `.venv/` beside the project and (re)installs the project into it whenever
pyproject.toml changed, so the same two commands work on a laptop and in CI.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("ADVISOR_DESK_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".advisor-desk-installed"


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"creating the virtualenv in {VENV} …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing Advisor Desk and its test tools …", file=sys.stderr)
    _run(BIN / "python", "-m", "pip", "install", "-q", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "-q", "-e", ".[test,server,package]")
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on any system python
        sys.exit("Advisor Desk needs Python 3.11 or newer")
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "app":
        os.execv(str(BIN / "advisor-desk"), [str(BIN / "advisor-desk"), *rest])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    linted = [p for p in ("src", "tests", "benchmarks", "packaging", ".ci") if (ROOT / p).exists()]
    _run(BIN / "ruff", "check", *linted)
    _run(BIN / "ruff", "format", "--check", *linted)
    _run(BIN / "lint-imports", env=env)
    _run(BIN / "mypy", env=env)
    _run(BIN / "python", "-m", "pytest", *parallel(rest), *rest, env=env)
    return 0


def parallel(rest: list[str]) -> list[str]:
    """pytest-xdist's options: one worker per CPU this process may use (at most 8; set
    ADVISOR_DESK_TEST_WORKERS to choose), unless the arguments choose themselves (`-n 0` runs
    in this process). Tests sharing a module-scoped fixture stay together (tests/conftest.py)."""
    if any(a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in rest):
        return []
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    workers = int(os.environ.get("ADVISOR_DESK_TEST_WORKERS") or min(cpus, 8))
    return ["-n", str(workers), "--dist", "loadgroup"] if workers > 1 else []


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
