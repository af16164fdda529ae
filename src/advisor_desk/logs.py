"""The data folder and its log file, shared by the command line and the window.

Both live here (not in `cli` or `ui`, which are independent layers) so the two programs can
never disagree on where a user's data and log are.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import IO

import platformdirs

APP_NAME = "advisor-desk"
LOG_NAME = "advisor-desk.log"
FATAL_LOG_NAME = "fatal.log"
LOG_LEVEL_VARIABLE = "ADVISOR_DESK_LOG_LEVEL"
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The platform's user data folder for Advisor Desk (overridden by `--data-dir`)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def setup_logging(data_dir: Path, *, console: bool = False) -> Path | None:
    """Log to `<data dir>/logs/advisor-desk.log` (rotated) at ADVISOR_DESK_LOG_LEVEL (INFO);
    with `console`, warnings also go to stderr. Returns the log file, or None if it cannot
    be written."""
    root = logging.getLogger()
    level = os.environ.get(LOG_LEVEL_VARIABLE, "INFO").upper()
    root.setLevel(getattr(logging, level, logging.INFO))
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    if console:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stderr)
    path = data_dir / "logs" / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as error:
        log.warning("cannot write the log file %s: %s", path, error.strerror)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
    root.addHandler(handler)
    return path


_fatal_file: IO[str] | None = None  # kept open for the process's life: faulthandler writes to it


def record_fatal_errors(data_dir: Path) -> Path | None:
    """On a crash Python cannot report (an abort in Qt, a segmentation fault), write every
    thread's Python stack to `<data dir>/logs/fatal.log` (appended): the one
    trace a user can send when the window vanishes. Returns the file, or None if unwritable."""
    global _fatal_file
    path = data_dir / "logs" / FATAL_LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if _fatal_file is None or _fatal_file.closed:
            _fatal_file = path.open("a", encoding="utf-8")
    except OSError as error:
        log.warning("cannot write %s: %s", path, error.strerror)
        return None
    faulthandler.enable(file=_fatal_file, all_threads=True)
    return path
