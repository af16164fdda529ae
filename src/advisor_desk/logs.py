"""Logging to `<data dir>/logs/advisor-desk.log` (rotated), shared by the CLI and the window."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "advisor-desk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to the data folder; returns the log file, or None if it cannot be written."""
    root = logging.getLogger()
    root.setLevel(level)
    path = data_dir / "logs" / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
    root.addHandler(handler)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path
